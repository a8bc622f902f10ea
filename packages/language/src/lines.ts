// The line scanner: splits a source into lines (LF or CRLF), strips `//` and `/* */` comments
// (never inside string literals), measures indentation, and rejects characters that may not appear
// outside strings. Everything here is one linear pass; no regex can backtrack.

import type { Source } from './source.ts';

export interface Line {
  /** 1-based line number. */
  readonly no: number;
  /** The line with comments removed (block comments become spaces, so columns stay) and trailing blanks trimmed. */
  readonly text: string;
  /** Index of the first non-blank character (=== text.length for a blank line). */
  readonly start: number;
  /** Indentation in columns. */
  readonly indent: number;
  /** Empty after comment stripping, or dropped because of an invalid character. */
  readonly blank: boolean;
}

/** Where the scanner reports problems: 1-based line and column. */
export type ScanReporter = (code: string, message: string, line: number, column: number, length: number) => void;

const SPACE = 32;
const TAB = 9;
const QUOTE = 34;
const SLASH = 47;
const STAR = 42;
const BACKSLASH = 92;

/** Anything but tab and printable ASCII; a hit triggers the precise (string-aware) check. */
const SUSPICIOUS = /[^\t\x20-\x7e]/;

export function scanLines(source: Source, report: ScanReporter): Line[] {
  const body = source.body;
  const lines: Line[] = [];
  const state: CommentState = { inBlock: false, blockLine: 0, blockColumn: 0 };
  let pos = body.charCodeAt(0) === 0xfeff ? 1 : 0;
  let no = 0;
  for (;;) {
    let nl = body.indexOf('\n', pos);
    if (nl === -1) nl = body.length;
    let end = nl;
    if (end > pos && body.charCodeAt(end - 1) === 13) end--;
    no++;
    lines.push(scanLine(body.slice(pos, end), no, state, report));
    if (nl >= body.length) break;
    pos = nl + 1;
  }
  if (state.inBlock) {
    report('unterminated-comment', "Expected '*/' to close the block comment, found end of file.", state.blockLine, state.blockColumn, 2);
  }
  return lines;
}

interface CommentState {
  inBlock: boolean;
  blockLine: number;
  blockColumn: number;
}

function scanLine(raw: string, no: number, state: CommentState, report: ScanReporter): Line {
  let text = raw;
  if (state.inBlock || raw.indexOf('/') !== -1 || raw.indexOf('"') !== -1) {
    text = stripComments(raw, no, state, report);
  }
  let end = text.length;
  while (end > 0) {
    const c = text.charCodeAt(end - 1);
    if (c !== SPACE && c !== TAB) break;
    end--;
  }
  if (end !== text.length) text = text.slice(0, end);
  let start = 0;
  let tabAt = -1;
  while (start < end) {
    const c = text.charCodeAt(start);
    if (c === TAB) {
      if (tabAt === -1) tabAt = start;
    } else if (c !== SPACE) break;
    start++;
  }
  if (start === end) return { no, text: '', start: 0, indent: 0, blank: true };
  if (SUSPICIOUS.test(text)) {
    const bad = findInvalidCharacter(text);
    if (bad !== -1) {
      const code = text.codePointAt(bad) ?? 0;
      const shown = code < 0x20 || code === 0x7f ? '' : ` '${String.fromCodePoint(code)}'`;
      report(
        'invalid-character',
        `Unexpected character${shown} (U+${code.toString(16).toUpperCase().padStart(4, '0')}); only ASCII is allowed outside strings and comments.`,
        no,
        bad + 1,
        1,
      );
      return { no, text: '', start: 0, indent: 0, blank: true };
    }
  }
  if (tabAt !== -1) report('tab-indentation', 'Expected spaces for indentation, found a tab.', no, tabAt + 1, 1);
  return { no, text, start, indent: start, blank: false };
}

/** Index of the first character not allowed where it stands, or -1. Control characters are never allowed. */
function findInvalidCharacter(text: string): number {
  let inString = false;
  for (let i = 0; i < text.length; i++) {
    const c = text.charCodeAt(i);
    if ((c < 0x20 && c !== TAB) || c === 0x7f) return i;
    if (inString) {
      if (c === BACKSLASH) i++;
      else if (c === QUOTE) inString = false;
    } else if (c === QUOTE) inString = true;
    else if (c > 0x7e) return i;
  }
  return -1;
}

/** Removes comments from one line, carrying the open-block-comment state to the next line. */
function stripComments(raw: string, no: number, state: CommentState, report: ScanReporter): string {
  let out = '';
  let copied = 0; // raw[copied..i) is pending output
  let i = 0;
  const n = raw.length;
  while (i < n) {
    if (state.inBlock) {
      const close = raw.indexOf('*/', i);
      const stop = close === -1 ? n : close + 2;
      out += ' '.repeat(stop - i);
      i = copied = stop;
      if (close !== -1) state.inBlock = false;
      continue;
    }
    const c = raw.charCodeAt(i);
    if (c === QUOTE) {
      const open = i;
      i++;
      while (i < n) {
        const d = raw.charCodeAt(i);
        if (d === BACKSLASH) i += 2;
        else if (d === QUOTE) break;
        else i++;
      }
      if (i >= n) {
        report('unterminated-string', `Expected '"' to close the string, found end of line.`, no, open + 1, 1);
        i = n;
      } else i++;
      continue;
    }
    if (c === SLASH && i + 1 < n) {
      const d = raw.charCodeAt(i + 1);
      if (d === SLASH) {
        return out + raw.slice(copied, i);
      }
      if (d === STAR) {
        out += raw.slice(copied, i);
        state.inBlock = true;
        state.blockLine = no;
        state.blockColumn = i + 1;
        out += '  ';
        i = copied = i + 2;
        continue;
      }
    }
    i++;
  }
  return out + raw.slice(copied, n);
}
