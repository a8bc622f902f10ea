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

/** ASCII character classes (bit flags), so identifier scanning is one table load per character. */
const IDENT_START = 1; // a-z A-Z _
const IDENT_PART = 2; // the above and 0-9
const CLASSES = new Uint8Array(128);
for (let c = 0; c < 128; c++) {
  const letter = (c >= 97 && c <= 122) || (c >= 65 && c <= 90) || c === 95;
  CLASSES[c] = (letter ? IDENT_START | IDENT_PART : 0) | (isDigit(c) ? IDENT_PART : 0);
}

function isIdentStart(c: number): boolean {
  return c < 128 && ((CLASSES[c] as number) & IDENT_START) !== 0;
}

function isIdentChar(c: number): boolean {
  return c < 128 && ((CLASSES[c] as number) & IDENT_PART) !== 0;
}

/** Width of the operator at `i`: 2 for `?? >= <= == !=`, else 1 (2 for a surrogate pair). */
function punctWidth(text: string, i: number, end: number): number {
  if (i + 1 >= end) return 1;
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

/**
 * Tokenizes text[from, to) (one line, from its first non-blank character). Token positions are
 * relative to `base`, the index where the line starts in `text`, so the body of a file can be
 * tokenized line by line without slicing each line out of it first.
 */
export function tokenize(text: string, from = 0, to = text.length, base = 0): Token[] {
  const out: Token[] = [];
  let i = from;
  while (i < to) {
    const c = text.charCodeAt(i);
    if (c === SPACE || c === TAB) {
      i++;
      continue;
    }
    const start = i;
    let t: Token;
    if (c === QUOTE) {
      t = scanString(text, i, to, base);
      i = t.end + base;
    } else if (isDigit(c)) {
      i = scanNumber(text, i, to);
      const raw = text.slice(start, i);
      t = token('number', raw, start - base, i - base, Number(raw));
    } else if (isIdentStart(c)) {
      i = scanPath(text, i, to);
      t = token('word', text.slice(start, i), start - base, i - base);
    } else if ((c === 36 || c === 64) && i + 1 < to && isIdentStart(text.charCodeAt(i + 1))) {
      // `$var.path`, `@actor.path`
      i = scanPath(text, i + 1, to);
      t = token(c === 36 ? 'var' : 'actor', text.slice(start, i), start - base, i - base);
    } else if ((c === 35 || c === 94) && i + 1 < to && isIdentStart(text.charCodeAt(i + 1))) {
      // `#state`, `^transformer`
      i = scanIdent(text, i + 1, to);
      t = token(c === 35 ? 'state' : 'caret', text.slice(start, i), start - base, i - base);
    } else if (c === 58 && i + 1 < to && isIdentStart(text.charCodeAt(i + 1)) && eventMayStart(text, i, from)) {
      i = scanIdent(text, i + 1, to);
      t = token('event', text.slice(start, i), start - base, i - base);
    } else {
      const width = punctWidth(text, i, to);
      i += width;
      t = token('punct', (width === 1 && c < 128 ? ASCII[c] : undefined) ?? text.slice(start, i), start - base, i - base);
    }
    out.push(t);
  }
  return out;
}

function eventMayStart(text: string, i: number, from: number): boolean {
  if (i === from) return true;
  const p = text.charCodeAt(i - 1);
  return p === SPACE || p === TAB || p === 40; // '('
}

function scanIdent(text: string, i: number, end: number): number {
  while (i < end && isIdentChar(text.charCodeAt(i))) i++;
  return i;
}

/** An identifier followed by `.segment` parts (segments may start with a digit: `$items.0`). */
function scanPath(text: string, i: number, end: number): number {
  i = scanIdent(text, i, end);
  while (i + 1 < end && text.charCodeAt(i) === DOT && isIdentChar(text.charCodeAt(i + 1))) {
    i = scanIdent(text, i + 1, end);
  }
  return i;
}

function scanNumber(text: string, i: number, end: number): number {
  while (i < end && isDigit(text.charCodeAt(i))) i++;
  if (i + 1 < end && text.charCodeAt(i) === DOT && isDigit(text.charCodeAt(i + 1))) {
    i++;
    while (i < end && isDigit(text.charCodeAt(i))) i++;
  }
  const e = i < end ? text.charCodeAt(i) : 0;
  if (e === 101 || e === 69) {
    let j = i + 1;
    const s = j < end ? text.charCodeAt(j) : 0;
    if (s === 43 || s === 45) j++;
    if (j < end && isDigit(text.charCodeAt(j))) {
      i = j;
      while (i < end && isDigit(text.charCodeAt(i))) i++;
    }
  }
  return i;
}

/** A JSON string literal; unterminated ones run to the end of the line and are marked `bad`. */
function scanString(text: string, start: number, end: number, base: number): Token {
  let i = start + 1;
  let escaped = false;
  while (i < end) {
    const c = text.charCodeAt(i);
    if (c === BACKSLASH) {
      escaped = true;
      i += 2;
    } else if (c === QUOTE) break;
    else i++;
  }
  if (i >= end) {
    const raw = text.slice(start, end);
    return token('string', raw, start - base, end - base, raw.slice(1), true);
  }
  const raw = text.slice(start, i + 1);
  if (!escaped) return token('string', raw, start - base, i + 1 - base, raw.slice(1, -1));
  try {
    return token('string', raw, start - base, i + 1 - base, JSON.parse(raw) as string);
  } catch {
    return token('string', raw, start - base, i + 1 - base, raw.slice(1, -1), true);
  }
}
