// Where two histories part: both printed as indented sorted-key JSON, the lines they share before
// and after cut away, what is left shown as a diff with a little context.
const CONTEXT = 3;
const MAX_LINES = 40;

/** `- expected` / `+ actual` lines of the region where the two values differ ('' when equal). */
export function jsonDiff(actual: unknown, expected: unknown, sortedJson: (value: unknown) => string): string {
  const lines = (value: unknown) => JSON.stringify(JSON.parse(sortedJson(value) ?? 'null'), null, 2).split('\n');
  const a = lines(actual);
  const e = lines(expected);
  let head = 0;
  while (head < a.length && head < e.length && a[head] === e[head]) head++;
  if (head === a.length && head === e.length) return '';
  let tail = 0;
  while (tail < a.length - head && tail < e.length - head && a[a.length - 1 - tail] === e[e.length - 1 - tail]) tail++;
  const cut = (part: string[], mark: string) =>
    part.length > MAX_LINES ? [...part.slice(0, MAX_LINES).map((line) => `${mark} ${line}`), `${mark} … ${part.length - MAX_LINES} more lines`] : part.map((line) => `${mark} ${line}`);
  return [
    `@@ line ${head + 1} @@`,
    ...e.slice(Math.max(0, head - CONTEXT), head).map((line) => `  ${line}`),
    ...cut(e.slice(head, e.length - tail), '-'),
    ...cut(a.slice(head, a.length - tail), '+'),
    ...e.slice(e.length - tail, e.length - tail + CONTEXT).map((line) => `  ${line}`),
  ].join('\n');
}
