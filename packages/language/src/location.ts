// Line lookup for rendering diagnostics. Offsets are turned into lines only when an error is shown,
// so the line-start table is built lazily, once per Source.

import type { Source } from './source.ts';

const lineStartsCache = new WeakMap<Source, number[]>();

function lineStarts(source: Source): number[] {
  let starts = lineStartsCache.get(source);
  if (starts === undefined) {
    starts = [0];
    const body = source.body;
    let at = body.indexOf('\n');
    while (at !== -1) {
      starts.push(at + 1);
      at = body.indexOf('\n', at + 1);
    }
    lineStartsCache.set(source, starts);
  }
  return starts;
}

/** The raw text of 1-based line `line` without its line break ('' when out of range). */
export function getLineText(source: Source, line: number): string {
  const starts = lineStarts(source);
  const start = starts[line - 1];
  if (start === undefined) return '';
  const next = starts[line];
  let end = next === undefined ? source.body.length : next - 1;
  if (end > start && source.body.charCodeAt(end - 1) === 13) end--;
  const text = source.body.slice(start, end);
  return line === 1 && text.charCodeAt(0) === 0xfeff ? text.slice(1) : text;
}
