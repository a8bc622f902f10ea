// Text inside Graphviz DOT: double-quoted strings with `\` and `"` escaped (Graphviz reads `\N`, `\G`...
// as escapes, so every backslash is doubled) and attribute lists.

export function dotString(text: string): string {
  return `"${text.replace(/\\/g, '\\\\').replace(/"/g, '\\"').replace(/\r?\n/g, '\\n')}"`;
}

/** `[label="x" id="t1"]`; undefined values are left out. */
export function dotAttributes(attributes: Readonly<Record<string, string | number | undefined>>): string {
  const parts = Object.entries(attributes)
    .filter((entry): entry is [string, string | number] => entry[1] !== undefined)
    .map(([key, value]) => `${key}=${typeof value === 'number' ? value : dotString(value)}`);
  return parts.length > 0 ? ` [${parts.join(' ')}]` : '';
}

/** Graph-wide defaults: transparent background (the page decides the colours) and one font. */
export const DOT_DEFAULTS = [
  '  graph [bgcolor="transparent" fontname="Helvetica,Arial,sans-serif" fontsize=12]',
  '  node [fontname="Helvetica,Arial,sans-serif" fontsize=12]',
  '  edge [fontname="Helvetica,Arial,sans-serif" fontsize=11]',
];
