// The overview: every machine with its instances counted per state (each count links to the
// filtered list), how far the index is, and the latest records.
import type { StoredRecord } from '@eventflow/core';
import { escapeHtml } from '@eventflow/diagram';
import type { IndexStatus } from '../instance-index.ts';
import { addressHtml, conversationLink, count, instanceLink, machineHref, stateHtml, table, timeHtml, type Links } from './format.ts';

export interface MachineCounts {
  readonly machine: string;
  readonly total: number;
  readonly states: ReadonlyMap<string, number>;
}

export function overviewBody(links: Links, machines: readonly MachineCounts[], recent: readonly StoredRecord[], status: IndexStatus): string {
  const rows = machines.map(({ machine, total, states }) => {
    const byState = [...states]
      .sort(([a], [b]) => a.localeCompare(b))
      .map(([state, n]) => `<a href="${escapeHtml(machineHref(links, machine, { state }))}">${stateHtml(state)} ${count(n)}</a>`)
      .join(' ');
    return `<tr><th scope="row"><a href="${escapeHtml(machineHref(links, machine))}">${escapeHtml(machine)}</a></th><td>${count(total)}</td><td class="ef-states">${byState || '<span class="ef-muted">none yet</span>'}</td></tr>`;
  });
  const latest = recent.map(
    (r) =>
      `<tr><td>${timeHtml(r.timestamp)}</td><td>${instanceLink(links, r.machine, r.aggregate_id)}</td><td><code>${escapeHtml(r.event_type)}</code></td><td>${addressHtml(links, r.from)}</td><td>${stateHtml(r.outcome.state_after)}</td><td>${conversationLink(links, r.conversation_id, r.aggregate_id)}</td></tr>`,
  );
  return [
    `<p class="ef-summary" id="ef-index-status">${statusText(status)}</p>`,
    '<section aria-labelledby="machines-h"><h2 id="machines-h">Machines</h2>',
    table('Instances per machine and current state', ['Machine', 'Instances', 'By state'], rows, ' id="machines"'),
    '</section>',
    '<section aria-labelledby="recent-h"><h2 id="recent-h">Latest events</h2>',
    latest.length > 0 ? table('The latest stored records, newest first', ['At', 'Instance', 'Event', 'From', 'State after', 'Conversation'], latest, ' id="recent"') : '<p class="ef-muted">Nothing stored yet.</p>',
    '</section>',
  ].join('\n');
}

export function statusText(status: IndexStatus): string {
  if (status.phase === 'building') return `Indexing states… ${count(status.indexed)} instances so far; filtered lists may miss some until it is done.`;
  if (status.phase === 'failed') return `Indexing stopped after ${count(status.indexed)} instances: ${escapeHtml(status.error ?? 'unknown error')}. Filtered lists may miss instances.`;
  return `${count(status.indexed)} instances indexed; this page updates as events are stored.`;
}
