// The frame of every inspector page: the diagram package's page (styles, script, header, live status)
// with a link to the overview and to each machine, and a trail of where the page sits.
import { escapeHtml, htmlPage, type PageAssets } from '@eventflow/diagram';
import { machineHref, overviewHref, type Links } from './format.ts';

export interface Frame extends Links {
  readonly assets: PageAssets;
  /** Every machine, for the navigation. */
  readonly machines: readonly string[];
}

export interface PageParts {
  readonly title: string;
  /** Links above the content: [label, href] pairs, then the page's own name. */
  readonly trail: readonly (readonly [string, string])[];
  readonly body: string;
  /** Hover text of the diagrams' transitions and messages. */
  readonly details?: Readonly<Record<string, readonly string[]>>;
  /** The page's server-sent events URL: it reloads its content when a record in scope arrives. */
  readonly live: string;
}

export function inspectorPage(frame: Frame, parts: PageParts): string {
  const links = parts.trail.map(([label, href]) => `<a href="${escapeHtml(href)}">${escapeHtml(label)}</a> › `).join('');
  const trail = parts.trail.length > 0 ? `<p class="ef-trail">${links}<span aria-current="page">${escapeHtml(parts.title)}</span></p>\n` : '';
  return htmlPage({
    title: parts.title,
    body: `${trail}${parts.body}`,
    nav: [{ href: overviewHref(frame), label: 'Overview' }, ...frame.machines.map((m) => ({ href: machineHref(frame, m), label: m }))],
    live: parts.live,
    assets: frame.assets,
    ...(parts.details ? { details: parts.details } : {}),
  });
}

/** A page that says what went wrong (unknown instance, bad query), in the same frame. */
export function problemPage(frame: Frame, title: string, message: string): string {
  return htmlPage({
    title,
    body: `<p class="ef-trail"><a href="${escapeHtml(overviewHref(frame))}">Overview</a></p>\n<p class="ef-problem" role="alert">${escapeHtml(message)}</p>`,
    nav: [{ href: overviewHref(frame), label: 'Overview' }, ...frame.machines.map((m) => ({ href: machineHref(frame, m), label: m }))],
    assets: frame.assets,
  });
}
