// Prints loaded files' diagnostics the way the parser renders them: `file:line:col`, the source line
// with a gutter, and a caret under the column.
import { formatDiagnostic } from '@eventflow/language';
import type { Output } from './io.ts';
import type { FileDiagnostic, LoadResult } from './load.ts';

export function renderDiagnostic(entry: FileDiagnostic): string {
  return formatDiagnostic(entry.diagnostic, entry.file.source).replace(/\n+$/, '');
}

/** Writes each diagnostic (errors only unless `warnings`), a blank line after each. */
export function printDiagnostics(out: Output, result: LoadResult, options: { warnings?: boolean } = {}): void {
  for (const entry of result.diagnostics) {
    if (entry.diagnostic.severity === 'warning' && !options.warnings) continue;
    out.write(`${renderDiagnostic(entry)}\n\n`);
  }
}

/** The warnings alone (commands that go on despite them print them on stderr). */
export function printWarnings(out: Output, result: LoadResult): void {
  for (const entry of result.diagnostics) if (entry.diagnostic.severity === 'warning') out.write(`${renderDiagnostic(entry)}\n\n`);
}

export function plural(count: number, noun: string, nouns = `${noun}s`): string {
  return `${count} ${count === 1 ? noun : nouns}`;
}
