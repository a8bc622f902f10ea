// Why a bindings module failed to load, said the way .flow errors are: `file:line:col`, the source
// line and a caret, from esbuild's (tsx) or Node's syntax error. Anything else: its first line.
import { readFileSync } from 'node:fs';
import { relative } from 'node:path';
import { formatDiagnostic } from '@eventflow/language';
import { posix } from './files.ts';

interface Place {
  readonly line: number;
  readonly column: number;
  readonly message: string;
}

export function describeLoadFailure(path: string, error: unknown, cwd: string): string {
  const name = posix(relative(cwd, path)) || path;
  const place = esbuildPlace(error, path) ?? nodeSyntaxPlace(error, path);
  if (place === undefined) {
    const reason = error instanceof Error ? (error.message.split('\n')[0] ?? '') : String(error);
    return `Cannot load bindings module ${name}: ${reason}`;
  }
  let source = '';
  try {
    source = readFileSync(path, 'utf8');
  } catch {
    // The file went away: the location alone still helps.
  }
  const loc = { file: name, line: place.line, column: place.column };
  return `Cannot load bindings module ${name}\n${formatDiagnostic({ code: 'bindings-syntax', severity: 'error', message: place.message, loc }, source)}`;
}

/** tsx / esbuild: `Transform failed with 1 error:\n<path>:3:60: ERROR: Unexpected ")"`. */
function esbuildPlace(error: unknown, path: string): Place | undefined {
  const message = error instanceof Error ? error.message : '';
  for (const line of message.split('\n')) {
    const match = /^(.*):(\d+):(\d+): ERROR: (.*)$/.exec(line);
    if (match && match[1] === path) return { line: Number(match[2]), column: Number(match[3]) + 1, message: match[4] as string };
  }
  return undefined;
}

/** Node's SyntaxError for a .js / .mjs module: the stack starts `<path or url>:<line>`, then the line, then a caret. */
function nodeSyntaxPlace(error: unknown, path: string): Place | undefined {
  if (!(error instanceof SyntaxError) || error.stack === undefined) return undefined;
  const [head, , caret] = error.stack.split('\n');
  const match = /^(.*):(\d+)$/.exec(head ?? '');
  if (!match || !(match[1] === path || (match[1] as string).endsWith(posix(path)))) return undefined;
  const column = (caret ?? '').indexOf('^') + 1;
  return { line: Number(match[2]), column: Math.max(1, column), message: error.message };
}
