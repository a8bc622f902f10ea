// The lexer: turns one comment-free line into tokens. Linear, charCode-based.
// Colon rule (§1.5): a `:` immediately followed by a letter or `_`, and preceded by the start of the
// line, a blank or `(`, begins an event reference; every other `:` is punctuation.

import type { Token } from './token.ts';

const SPACE = 32;
const TAB = 9;
const QUOTE = 34;
const BACKSLASH = 92;
const DOT = 46;

function isDigit(c: number): boolean {
  return c >= 48 && c <= 57;
}

function isIdentStart(c: number): boolean {
  return (c >= 97 && c <= 122) || (c >= 65 && c <= 90) || c === 95;
}

function isIdentChar(c: number): boolean {
  return isIdentStart(c) || isDigit(c);
}

/** Width of the operator at `i`: 2 for `?? >= <= == !=`, else 1 (2 for a surrogate pair). */
function punctWidth(text: string, i: number): number {
  const c = text.charCodeAt(i);
  const d = text.charCodeAt(i + 1);
  if ((c === 63 && d === 63) || (d === 61 && (c === 62 || c === 60 || c === 61 || c === 33))) return 2;
  return c >= 0xd800 && c <= 0xdbff && d >= 0xdc00 && d <= 0xdfff ? 2 : 1;
}

/** One-character strings for ASCII punctuation, so the lexer does not allocate them. */
const ASCII: readonly string[] = Array.from({ length: 128 }, (_, c) => String.fromCharCode(c));

/** Every token has the same shape (fast property access in the parser). */
function token(kind: Token['kind'], text: string, start: number, end: number, value?: number | string, bad = false): Token {
  return { kind, text, start, end, value, bad };
}

/** Tokenizes `text` from index `from` (the first non-blank character of a line). */
export function tokenize(text: string, from = 0): Token[] {
  const out: Token[] = [];
  const n = text.length;
  let i = from;
  while (i < n) {
    const c = text.charCodeAt(i);
    if (c === SPACE || c === TAB) {
      i++;
      continue;
    }
    const start = i;
    if (c === QUOTE) {
      out.push(scanString(text, i));
      i = (out[out.length - 1] as Token).end;
    } else if (isDigit(c)) {
      i = scanNumber(text, i);
      const raw = text.slice(start, i);
      out.push(token('number', raw, start, i, Number(raw)));
    } else if (isIdentStart(c)) {
      i = scanPath(text, i);
      out.push(token('word', text.slice(start, i), start, i));
    } else if ((c === 36 || c === 64) && i + 1 < n && isIdentStart(text.charCodeAt(i + 1))) {
      // `$var.path`, `@actor.path`
      i = scanPath(text, i + 1);
      out.push(token(c === 36 ? 'var' : 'actor', text.slice(start, i), start, i));
    } else if ((c === 35 || c === 94) && i + 1 < n && isIdentStart(text.charCodeAt(i + 1))) {
      // `#state`, `^transformer`
      i = scanIdent(text, i + 1);
      out.push(token(c === 35 ? 'state' : 'caret', text.slice(start, i), start, i));
    } else if (c === 58 && i + 1 < n && isIdentStart(text.charCodeAt(i + 1)) && eventMayStart(text, i, from)) {
      i = scanIdent(text, i + 1);
      out.push(token('event', text.slice(start, i), start, i));
    } else {
      const width = punctWidth(text, i);
      i += width;
      out.push(token('punct', (width === 1 && c < 128 ? ASCII[c] : undefined) ?? text.slice(start, i), start, i));
    }
  }
  return out;
}

function eventMayStart(text: string, i: number, from: number): boolean {
  if (i === from) return true;
  const p = text.charCodeAt(i - 1);
  return p === SPACE || p === TAB || p === 40; // '('
}

function scanIdent(text: string, i: number): number {
  while (i < text.length && isIdentChar(text.charCodeAt(i))) i++;
  return i;
}

/** An identifier followed by `.segment` parts (segments may start with a digit: `$items.0`). */
function scanPath(text: string, i: number): number {
  i = scanIdent(text, i);
  while (i + 1 < text.length && text.charCodeAt(i) === DOT && isIdentChar(text.charCodeAt(i + 1))) {
    i = scanIdent(text, i + 1);
  }
  return i;
}

function scanNumber(text: string, i: number): number {
  const n = text.length;
  while (i < n && isDigit(text.charCodeAt(i))) i++;
  if (i + 1 < n && text.charCodeAt(i) === DOT && isDigit(text.charCodeAt(i + 1))) {
    i++;
    while (i < n && isDigit(text.charCodeAt(i))) i++;
  }
  const e = text.charCodeAt(i);
  if (e === 101 || e === 69) {
    let j = i + 1;
    const s = text.charCodeAt(j);
    if (s === 43 || s === 45) j++;
    if (j < n && isDigit(text.charCodeAt(j))) {
      i = j;
      while (i < n && isDigit(text.charCodeAt(i))) i++;
    }
  }
  return i;
}

/** A JSON string literal; unterminated ones run to the end of the line and are marked `bad`. */
function scanString(text: string, start: number): Token {
  const n = text.length;
  let i = start + 1;
  let escaped = false;
  while (i < n) {
    const c = text.charCodeAt(i);
    if (c === BACKSLASH) {
      escaped = true;
      i += 2;
    } else if (c === QUOTE) break;
    else i++;
  }
  if (i >= n) {
    const raw = text.slice(start, n);
    return token('string', raw, start, n, raw.slice(1), true);
  }
  const raw = text.slice(start, i + 1);
  if (!escaped) return token('string', raw, start, i + 1, raw.slice(1, -1));
  try {
    return token('string', raw, start, i + 1, JSON.parse(raw) as string);
  } catch {
    return token('string', raw, start, i + 1, raw.slice(1, -1), true);
  }
}
