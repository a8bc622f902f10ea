// An instance: the time-travel slider (a GET form: without the script, Show reloads the page at that
// seq; with it, the state and context change in place), the state and context at the chosen seq, the
// state diagram with that state highlighted, and the history: one row per stored record.
import { displayId, type InstanceView, type StoredRecord } from '@eventflow/core';
import { HISTORY_WINDOW, type InstanceData } from '../queries.ts';
import { escapeHtml, type Figure } from '@eventflow/diagram';
import { addressHtml, conversationLink, instanceHref, instanceLink, patchHtml, stateHtml, table, timeHtml, type Links } from './format.ts';

export function instanceBody(links: Links, data: InstanceData, figure: Figure | undefined): string {
  const { now, records, shown } = data;
  const id = shown.aggregate_id;
  const last = { seq: now.seq, state: now.state };
  const at = records.find((r) => r.seq === shown.seq);
  const travel = `<section aria-labelledby="travel-h" class="ef-travel-section">
<h2 id="travel-h">Time travel</h2>
<form method="get" class="ef-travel" action="${escapeHtml(instanceHref(links, id))}" data-state-url="${escapeHtml(`${instanceHref(links, id)}/at/`)}" data-last="${last.seq}">
<label for="travel-seq">Seq</label>
<input type="range" id="travel-seq" name="at" min="1" max="${last.seq}" step="1" value="${shown.seq}" aria-valuetext="${escapeHtml(seqText(shown, last.seq))}">
<output id="travel-out" for="travel-seq">${escapeHtml(`${shown.seq} of ${last.seq}`)}</output>
<button type="submit">Show</button>
</form>
<div class="ef-travel-view" aria-live="polite">
<dl class="ef-facts">
<dt>State</dt><dd id="travel-state">${stateHtml(shown.state)}</dd>
<dt>After</dt><dd id="travel-event">${at ? eventText(at) : ''}</dd>
<dt>Entered</dt><dd id="travel-entered">${escapeHtml(shown.history.join(' → ') || '(none)')}</dd>
</dl>
<h3 class="ef-context-h">Context at seq <span id="travel-context-seq">${shown.seq}</span></h3>
<pre id="travel-context" class="ef-source">${escapeHtml(JSON.stringify(shown.context, null, 2))}</pre>
</div>
</section>`;
  const rows = records.map(
    (r) => `<tr id="seq-${r.seq}"${r.seq === shown.seq ? ' class="ef-at" aria-current="step"' : ''}>
<td>${r.seq}</td><td><code>${escapeHtml(r.event_type)}</code></td><td>${addressHtml(links, r.from)}</td><td>${conversationLink(links, r.conversation_id, id)}</td><td>${stateHtml(r.outcome.state_after)}</td><td>${patchHtml(r.outcome.context_patch)}</td><td>${emittedHtml(links, r)}</td><td>${timeHtml(r.timestamp)}</td></tr>`,
  );
  const talks = Object.entries(shown.links).flatMap(([machine, list]) => list.map((link) => `<li>${instanceLink(links, machine, link.aggregate_id)} ${conversationLink(links, link.conversation_id, id)}</li>`));
  return [
    `<p class="ef-summary">${escapeHtml(displayId(shown.machine, id))} <span class="ef-muted">(${escapeHtml(id)})</span> is in ${stateHtml(last.state)} after ${last.seq} event${last.seq === 1 ? '' : 's'}.</p>`,
    '<div class="ef-instance-top">',
    travel,
    figure ? `<section aria-labelledby="diagram-h" class="ef-diagram-section"><h2 id="diagram-h">State diagram</h2>${figure.html}</section>` : '<p class="ef-muted">No state diagram: the inspector was started without this machine\'s flow.</p>',
    '</div>',
    `<section aria-labelledby="history-h"><h2 id="history-h">History</h2>`,
    windowHtml(links, id, records, last.seq),
    table(records.length === last.seq ? 'Every stored record, oldest first' : `Records ${records[0]?.seq ?? 0}–${records.at(-1)?.seq ?? 0} of ${last.seq}, oldest first`, ['Seq', 'Event', 'From', 'Conversation', 'State after', 'Context patch', 'Emitted', 'At'], rows, ' id="history"'),
    '</section>',
    talks.length > 0 ? `<section aria-labelledby="talks-h"><h2 id="talks-h">Talks to</h2><ul class="ef-talks">${talks.join('')}</ul></section>` : '',
  ].join('\n');
}

/** Links to the records before and after the window a long history shows. */
function windowHtml(links: Links, id: string, records: readonly StoredRecord[], last: number): string {
  const first = records[0]?.seq ?? 1;
  const end = records.at(-1)?.seq ?? last;
  if (first === 1 && end === last) return '';
  const earlier = first > 1 ? `<a href="${escapeHtml(instanceHref(links, id, { at: String(first - 1) }))}">Earlier records</a>` : '';
  const later = end < last ? `<a href="${escapeHtml(instanceHref(links, id, { at: String(Math.min(last, end + HISTORY_WINDOW / 2)) }))}">Later records</a>` : '';
  return `<nav class="ef-pager" aria-label="History pages">${[earlier, later].filter(Boolean).join(' ')}</nav>`;
}

/** What the slider's value says to a screen reader. */
export function seqText(view: InstanceView, last: number): string {
  return `seq ${view.seq} of ${last}: ${view.state}`;
}

export function eventText(record: StoredRecord): string {
  const from = record.from ? ` from ${record.from.aggregate_id !== undefined ? displayId(record.from.machine, record.from.aggregate_id) : record.from.machine}` : '';
  return `<code>${escapeHtml(record.event_type)}</code>${escapeHtml(from)}`;
}

function emittedHtml(links: Links, record: StoredRecord): string {
  const { emitted, reply } = record.outcome;
  const lines = emitted.map((e) => `<li><code>${escapeHtml(e.event)}</code> → ${addressHtml(links, e.to)}</li>`);
  if (reply) lines.push(`<li>reply ${reply.status}</li>`);
  return lines.length === 0 ? '<span class="ef-muted">—</span>' : `<ul class="ef-patch">${lines.join('')}</ul>`;
}
