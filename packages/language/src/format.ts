// Renders diagnostics the way compilers do:
//
//   order.flow:12:6: error: Expected an event name after 'on', found '@customer'.
//     12 |   on @customer
//        |      ^^^^^^^^^

import type { Diagnostic } from './diagnostic.ts';
import { getLineText } from './location.ts';
import { toSource, type Source } from './source.ts';

/** Lines longer than this are shown as a window around the column. */
const MAX_SHOWN = 160;

/** Renders a diagnostic as `file:line:col: severity: message`, the source line with a gutter, and a caret under the column. */
export function formatDiagnostic(diagnostic: Diagnostic, source: Source | string): string {
  const src = toSource(source, diagnostic.loc.file);
  const { line, column, file } = diagnostic.loc;
  const head = `${file}:${line}:${column}: ${diagnostic.severity}: ${diagnostic.message}`;
  const hint = diagnostic.hint === undefined ? '' : `\n  Hint: ${diagnostic.hint}`;
  const raw = getLineText(src, line);
  if (raw === '' && column <= 1) return head + hint;
  let shown = raw;
  let caretAt = column - 1;
  let length = Math.max(1, diagnostic.length ?? 1);
  if (raw.length > MAX_SHOWN) {
    const start = Math.max(0, Math.min(caretAt - 40, raw.length - MAX_SHOWN));
    shown = (start > 0 ? '...' : '') + raw.slice(start, start + MAX_SHOWN) + (start + MAX_SHOWN < raw.length ? '...' : '');
    caretAt = caretAt - start + (start > 0 ? 3 : 0);
    length = Math.min(length, MAX_SHOWN);
  }
  shown = shown.replace(/[\u0000-\u0008\u000a-\u001f\u007f]/g, '\ufffd');
  const gutter = String(line);
  const pad = ' '.repeat(gutter.length);
  // Tabs before the caret are kept so the caret lines up with the text above it.
  const lead = shown.slice(0, caretAt).replace(/[^\t]/g, ' ');
  return `${head}\n  ${gutter} | ${shown}\n  ${pad} | ${lead}${'^'.repeat(length)}${hint}`;
}

/** Every diagnostic rendered, separated by newlines. */
export function formatDiagnostics(diagnostics: readonly Diagnostic[], source: Source | string): string {
  return diagnostics.map((d) => formatDiagnostic(d, source)).join('\n');
}
