// A machine's instances, a page at a time, optionally only those in one state: a GET form (it works
// from the keyboard and without the script), the table, and links to the first and the next page.
// Its state diagram follows the table.
import type { Figure } from '@eventflow/diagram';
import { escapeHtml } from '@eventflow/diagram';
import type { MachinePage, MachineQuery } from '../queries.ts';
import { DEFAULT_LIMIT } from '../query-params.ts';
import { count, instanceLink, machineHref, stateHtml, table, timeHtml, type Links } from './format.ts';

export const PAGE_SIZES: readonly number[] = [20, 50, 100, 200];

export function machineBody(links: Links, query: MachineQuery, page: MachinePage, states: readonly (readonly [string, number])[], figure: Figure | undefined): string {
  const { machine } = query;
  const options = [
    `<option value=""${query.state === undefined ? ' selected' : ''}>any state</option>`,
    ...states.map(([state, n]) => `<option value="${escapeHtml(state)}"${state === query.state ? ' selected' : ''}>${escapeHtml(state)} (${count(n)})</option>`),
  ];
  const sizes = PAGE_SIZES.map((n) => `<option${n === query.limit ? ' selected' : ''}>${n}</option>`);
  const form = `<form method="get" class="ef-filter" role="search" aria-label="Filter ${escapeHtml(machine)} instances">
<label for="filter-state">State</label> <select id="filter-state" name="state">${options.join('')}</select>
<label for="filter-limit">Per page</label> <select id="filter-limit" name="limit">${sizes.join('')}</select>
<button type="submit">Show</button>
</form>`;
  const rows = page.rows.map(
    (r) =>
      `<tr><td>${instanceLink(links, r.machine, r.aggregate_id)}</td><td>${stateHtml(r.state)}</td><td>${r.seq}</td><td><code>${escapeHtml(r.event)}</code></td><td>${timeHtml(r.at)}</td></tr>`,
  );
  const where = query.state !== undefined ? ` in ${escapeHtml(query.state)}` : '';
  const partial = page.complete ? '' : ' (still indexing: more may follow)';
  const summary = `<p class="ef-summary" id="list-summary">${page.rows.length === 0 ? 'No instances' : `${count(page.rows.length)} shown`}${query.after !== undefined ? ' on this page' : ''} · ${count(page.total)}${where}${partial}</p>`;
  const keep = { state: query.state, limit: query.limit === DEFAULT_LIMIT ? undefined : String(query.limit) };
  const pager = [
    query.after !== undefined ? `<a href="${escapeHtml(machineHref(links, machine, keep))}" rel="first">First page</a>` : '',
    page.next !== undefined ? `<a href="${escapeHtml(machineHref(links, machine, { ...keep, after: page.next }))}" rel="next" id="next-page">Next page →</a>` : '',
  ].filter(Boolean);
  return [
    form,
    summary,
    rows.length > 0 ? table(`${machine} instances${query.state !== undefined ? ` in ${query.state}` : ''}`, ['Instance', 'State', 'Seq', 'Last event', 'At'], rows, ' id="instances"') : '',
    pager.length > 0 ? `<nav class="ef-pager" aria-label="Pages">${pager.join(' ')}</nav>` : '',
    figure ? `<section aria-labelledby="diagram-h"><h2 id="diagram-h">States</h2>${figure.html}</section>` : '',
  ].join('\n');
}
