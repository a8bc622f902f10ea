// How every inspector page writes links, instances, senders, states, context patches and times, so
// they all say it alike. Everything from the store is escaped here or by the caller.
import { displayId, type Address, type ContextPatch } from '@eventflow/core';
import { escapeHtml } from '@eventflow/diagram';

/** Where the inspector is mounted (`/inspect`): every link is absolute. */
export interface Links {
  readonly base: string;
}

export function overviewHref(links: Links): string {
  return `${links.base}/`;
}

/** `@order` -> `/inspect/machines/order`, with the query's defined fields. */
export function machineHref(links: Links, machine: string, query: Readonly<Record<string, string | undefined>> = {}): string {
  return `${links.base}/machines/${encodeURIComponent(machine.replace(/^@/, ''))}${queryString(query)}`;
}

export function instanceHref(links: Links, aggregateId: string, query: Readonly<Record<string, string | undefined>> = {}): string {
  return `${links.base}/instances/${encodeURIComponent(aggregateId)}${queryString(query)}`;
}

/** A conversation, seen from the instance the user came from (`via` seeds the search while indexing). */
export function conversationHref(links: Links, conversation: string, via?: string): string {
  return `${links.base}/conversations/${encodeURIComponent(conversation)}${queryString({ via })}`;
}

function queryString(query: Readonly<Record<string, string | undefined>>): string {
  const pairs = Object.entries(query).filter((entry): entry is [string, string] => entry[1] !== undefined && entry[1] !== '');
  return pairs.length === 0 ? '' : `?${pairs.map(([k, v]) => `${encodeURIComponent(k)}=${encodeURIComponent(v)}`).join('&')}`;
}

export function instanceLink(links: Links, machine: string, aggregateId: string): string {
  return `<a href="${escapeHtml(instanceHref(links, aggregateId))}">${escapeHtml(displayId(machine, aggregateId))}</a>`;
}

/** A sender or receiver: an instance (linked) or an outside actor (`@customer`). */
export function addressHtml(links: Links, address: Address | undefined): string {
  if (!address) return '<span class="ef-muted">—</span>';
  return address.aggregate_id !== undefined ? instanceLink(links, address.machine, address.aggregate_id) : escapeHtml(address.machine);
}

export function stateHtml(state: string): string {
  return `<span class="ef-state">${escapeHtml(state)}</span>`;
}

export function conversationLink(links: Links, conversation: string | undefined, via?: string): string {
  if (conversation === undefined) return '<span class="ef-muted">—</span>';
  return `<a class="ef-conv" href="${escapeHtml(conversationHref(links, conversation, via))}">${escapeHtml(shortConversation(conversation))}</a>`;
}

/** Conversation ids are long; the tail tells them apart on one page (the title holds the whole id). */
export function shortConversation(conversation: string): string {
  return conversation.length > 14 ? `…${conversation.slice(-8)}` : conversation;
}

/** `total = 40`, `failure removed`: one line per key. */
export function patchHtml(patch: ContextPatch): string {
  const lines = [
    ...Object.entries(patch.set).map(([key, value]) => `<li><code>${escapeHtml(key)}</code> = <code>${escapeHtml(jsonText(value))}</code></li>`),
    ...patch.unset.map((key) => `<li><code>${escapeHtml(key)}</code> <span class="ef-muted">removed</span></li>`),
  ];
  return lines.length === 0 ? '<span class="ef-muted">no change</span>' : `<ul class="ef-patch">${lines.join('')}</ul>`;
}

/** A value as one line of JSON, cut at `max` characters. */
export function jsonText(value: unknown, max = 160): string {
  const text = JSON.stringify(value) ?? String(value);
  return text.length > max ? `${text.slice(0, max - 1)}…` : text;
}

/** `2026-03-01T09:00:01.000Z` -> `2026-03-01 09:00:01` (UTC, as stored). */
export function timeHtml(iso: string): string {
  const shown = /^(\d{4}-\d\d-\d\d)T(\d\d:\d\d:\d\d)/.exec(iso);
  return `<time datetime="${escapeHtml(iso)}">${escapeHtml(shown ? `${shown[1]} ${shown[2]}` : iso)}</time>`;
}

/** `1234567` -> `1,234,567` */
export function count(n: number): string {
  return n.toLocaleString('en-US');
}

/** Rows in a box that scrolls sideways in a narrow window instead of widening the page. */
export function table(caption: string, head: readonly string[], rows: readonly string[], attributes = ''): string {
  return `<div class="ef-table-wrap"><table${attributes}><caption>${escapeHtml(caption)}</caption><thead><tr>${head.map((h) => `<th scope="col">${escapeHtml(h)}</th>`).join('')}</tr></thead><tbody>${rows.join('\n')}</tbody></table></div>`;
}
