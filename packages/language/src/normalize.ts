// Text normalisation for free-text lines (actions, guards, givens, assertions): trimmed, runs of
// whitespace collapsed to one space, except inside string literals, whose content is kept as written.

/** Free text as bindings match it: trimmed, with runs of blanks made one space. */
export function normalizeText(text: string): string {
  const trimmed = text.trim();
  if (trimmed.indexOf('  ') === -1 && trimmed.indexOf('\t') === -1) return trimmed; // only tabs and runs of spaces change
  let out = '';
  let inString = false;
  let pendingSpace = false;
  for (let i = 0; i < trimmed.length; i++) {
    const ch = trimmed[i] as string;
    if (inString) {
      out += ch;
      if (ch === '\\' && i + 1 < trimmed.length) out += trimmed[++i];
      else if (ch === '"') inString = false;
      continue;
    }
    if (ch === ' ' || ch === '\t') {
      pendingSpace = true;
      continue;
    }
    if (pendingSpace) out += ' ';
    pendingSpace = false;
    out += ch;
    if (ch === '"') inString = true;
  }
  return out;
}
