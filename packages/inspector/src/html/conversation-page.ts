// A conversation: the sequence diagram across machines (one lane per instance, built from the stored
// records of the conversation and of those opened while handling it), the instances it touched with
// their state now, and its records in stored order.
import { displayId } from '@eventflow/core';
import { escapeHtml, type Figure } from '@eventflow/diagram';
import type { InstanceSummary } from '../instance-index.ts';
import type { ConversationData } from '../queries.ts';
import { addressHtml, conversationLink, count, instanceLink, stateHtml, table, timeHtml, type Links } from './format.ts';

export function conversationBody(links: Links, data: ConversationData, summaries: ReadonlyMap<string, InstanceSummary>, figure: Figure): string {
  const nested = [...data.family].filter((c) => c !== data.conversation);
  const instances = data.instances.map((id) => {
    const now = summaries.get(id);
    const machine = now?.machine ?? data.records.find((r) => r.aggregate_id === id)?.machine ?? '@unknown';
    return `<tr><td>${instanceLink(links, machine, id)}</td><td>${escapeHtml(machine)}</td><td>${now ? stateHtml(now.state) : ''}</td><td>${now?.seq ?? ''}</td></tr>`;
  });
  const records = data.records.map(
    (r) =>
      `<tr><td>${timeHtml(r.timestamp)}</td><td>${instanceLink(links, r.machine, r.aggregate_id)}</td><td>${r.seq}</td><td><code>${escapeHtml(r.event_type)}</code></td><td>${addressHtml(links, r.from)}</td><td>${conversationLink(links, r.conversation_id, r.aggregate_id)}</td><td>${stateHtml(r.outcome.state_after)}</td></tr>`,
  );
  return [
    `<p class="ef-summary">${count(data.records.length)} records of ${count(data.instances.length)} instances${nested.length > 0 ? `, with ${count(nested.length)} conversation${nested.length === 1 ? '' : 's'} opened inside it: ${nested.map((c) => conversationLink(links, c)).join(', ')}` : ''}.</p>`,
    data.cut ? `<p class="ef-problem" role="status">More than ${count(data.instances.length)} instances took part; the picture shows the first ones found.</p>` : '',
    `<section aria-labelledby="lanes-h"><h2 id="lanes-h">Sequence</h2>${figure.html}</section>`,
    `<section aria-labelledby="instances-h"><h2 id="instances-h">Instances</h2>`,
    table('Instances with a record in the conversation, and where they are now', ['Instance', 'Machine', 'State now', 'Seq'], instances, ' id="participants"'),
    '</section>',
    `<section aria-labelledby="records-h"><h2 id="records-h">Records</h2>`,
    table('The records of the conversation, in stored order', ['At', 'Instance', 'Seq', 'Event', 'From', 'Conversation', 'State after'], records, ' id="records"'),
    '</section>',
  ].join('\n');
}

/** The lane diagram's title: the conversation as the instance that began it names it. */
export function conversationTitle(data: ConversationData): string {
  const first = data.records[0];
  return first ? `Conversation ${data.conversation} (${first.event_type} to ${displayId(first.machine, first.aggregate_id)})` : `Conversation ${data.conversation}`;
}
