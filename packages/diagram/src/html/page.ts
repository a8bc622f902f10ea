// One self-contained HTML page: the diagrams and whatever else a command shows, with the bundled
// script and styles inline, so it opens offline (no CDN, no server) and reads in light or dark mode.
import { loadAssets, type PageAssets } from './assets.ts';
import { escapeHtml, scriptJson } from './escape.ts';

/** A link in a page's navigation bar. */
export interface PageLink {
  readonly href: string;
  readonly label: string;
}

/** What a page shows: its title, its body, its navigation and assets. */
export interface PageOptions {
  readonly title: string;
  /** Inner HTML of <main>. */
  readonly body: string;
  /** Hover text per SVG element id (transitions, messages). */
  readonly details?: Readonly<Record<string, readonly string[]>>;
  readonly nav?: readonly PageLink[];
  /** Server-sent events URL: the page re-fetches itself on every `update` event (`eventflow watch`). */
  readonly live?: string;
  /** Defaults to the bundle in dist/client. */
  readonly assets?: PageAssets;
}

/** A self-contained HTML page: no CDN, no network when opened. */
export function htmlPage(options: PageOptions): string {
  const assets = options.assets ?? loadAssets();
  const nav = (options.nav ?? []).map((link) => `<a href="${escapeHtml(link.href)}">${escapeHtml(link.label)}</a>`).join('');
  return `<!doctype html>
<html lang="en">
<head>
<meta charset="utf-8">
<meta name="viewport" content="width=device-width, initial-scale=1">
<title>${escapeHtml(options.title)}</title>
<style>${assets.style}</style>
</head>
<body${options.live ? ` data-live="${escapeHtml(options.live)}"` : ''}>
<header><h1>${escapeHtml(options.title)}</h1>${nav ? `<nav aria-label="Sections">${nav}</nav>` : ''}${options.live ? '<span class="ef-live" id="ef-live" role="status" aria-live="polite">connecting…</span>' : ''}</header>
<main>
${options.body}
</main>
<div id="ef-tooltip" role="tooltip" hidden></div>
<script type="application/json" id="ef-details">${scriptJson(options.details ?? {})}</script>
<script>${assets.script.replace(/<\/script/gi, '<\\/script')}</script>
</body>
</html>
`;
}
