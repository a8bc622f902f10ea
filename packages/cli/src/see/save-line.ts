// The one line `watch` prints per evaluation: what changed, then the result (the first error with its
// file:line:col, or the tests' count).
import { relative } from 'node:path';
import { plural } from '../diagnostics.ts';
import { posix } from '../files.ts';
import type { Evaluation } from './evaluate.ts';

export function saveLine(evaluation: Evaluation, changed: readonly string[] | undefined, cwd: string, now = new Date()): string {
  const time = now.toTimeString().slice(0, 8);
  const what = changed ? `${changed.map((p) => displayPath(cwd, p)).join(', ')} changed` : 'started';
  return `[${time}] ${what} → ${result(evaluation)}`;
}

function result(evaluation: Evaluation): string {
  const first = evaluation.loaded.diagnostics.find((d) => d.diagnostic.severity === 'error');
  if (first) {
    const { loc, message } = first.diagnostic;
    const more = evaluation.loaded.errors > 1 ? ` (+${plural(evaluation.loaded.errors - 1, 'more error')})` : '';
    return `✗ ${first.file.name}:${loc.line}:${loc.column}: ${message}${more}`;
  }
  const drawn = evaluation.diagrams ? plural((evaluation.diagrams.lane ? 1 : 0) + evaluation.diagrams.states.length, 'diagram') : 'no diagrams';
  if (evaluation.testError) return `✗ tests did not run: ${evaluation.testError} · ${drawn}`;
  const report = evaluation.report;
  if (!report) return drawn;
  const tests = report.failed > 0 ? `✗ ${report.passed} passing, ${report.failed} failing` : `✓ ${report.passed} passing`;
  return `${tests} · ${drawn}`;
}

/** Relative to the working directory when inside it, else absolute. */
export function displayPath(cwd: string, path: string): string {
  const rel = posix(relative(cwd, path));
  return rel && !rel.startsWith('..') ? rel : posix(path);
}
