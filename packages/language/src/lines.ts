// The line scanner: splits a source into lines (LF or CRLF), strips `//` and `/* */` comments
// (never inside string literals), measures indentation, and rejects characters that may not appear
// outside strings, lines too long and brackets nested too deep. Everything here is one linear pass;
// no regex can backtrack.

import { MAX_DEPTH } from './context.ts';
import type { Source } from './source.ts';

/** Where the scanner reports problems: 1-based line and column. */
export type ScanReporter = (code: string, message: string, line: number, column: number, length: number) => void;

const SPACE = 32;
const TAB = 9;
const QUOTE = 34;
const SLASH = 47;
const STAR = 42;
const BACKSLASH = 92;

const BLANK = 1;
const STRIPPED = 2;

/**
 * Longest line accepted, in characters (indentation included, trailing blanks and comments not): far
 * beyond any written line, and it keeps one huge line from costing its weight in tokens many times over.
 */
export const MAX_LINE_LENGTH = 20_000;

/**
 * The scanned lines of a source (line i is 1-based line i + 1). A line's text has its comments removed
 * (block comments become spaces, so columns stay) and trailing blanks trimmed. Lines are kept as
 * numbers into the body rather than as objects and strings: a large file has hundreds of thousands
 * of lines, and objects that live through the whole parse are the expensive kind for the GC.
 */
export class Lines {
  readonly count: number;
  private readonly body: string;
  /** Where line i's text starts in its source string (the body, or its entry in `stripped`). */
  private readonly offsets: Int32Array;
  /** Index of the first non-blank character (the indentation in columns); 0 for a blank line. */
  private readonly indents: Uint16Array;
  /** Length of the text; 0 for a blank line. (Both fit 16 bits: longer lines are dropped, see MAX_LINE_LENGTH.) */
  private readonly ends: Uint16Array;
  private readonly flags: Uint8Array;
  /** Texts of the lines that had comments removed (they differ from the body). */
  private readonly stripped = new Map<number, string>();

  constructor(body: string, count: number) {
    this.body = body;
    this.count = count;
    this.offsets = new Int32Array(count);
    this.indents = new Uint16Array(count);
    this.ends = new Uint16Array(count);
    this.flags = new Uint8Array(count);
  }

  /** Empty after comment stripping, or dropped because of an invalid character. */
  blank(i: number): boolean {
    return ((this.flags[i] as number) & BLANK) !== 0;
  }

  /** Indentation in columns, which is also the index of the first non-blank character. */
  indent(i: number): number {
    return this.indents[i] as number;
  }

  /** Length of the text (the index after its last non-blank character). */
  end(i: number): number {
    return this.ends[i] as number;
  }

  /** The string holding line i's text, starting at `offset(i)` (for the lexer, which slices tokens from it). */
  source(i: number): string {
    return ((this.flags[i] as number) & STRIPPED) !== 0 ? (this.stripped.get(i) as string) : this.body;
  }

  offset(i: number): number {
    return this.offsets[i] as number;
  }

  /** Characters [from, to) of line i's text. */
  slice(i: number, from: number, to = this.end(i)): string {
    const offset = this.offset(i);
    return this.source(i).slice(offset + from, offset + to);
  }

  text(i: number): string {
    return this.slice(i, 0);
  }

  setBlank(i: number): void {
    this.flags[i] = BLANK;
    this.offsets[i] = 0;
    this.indents[i] = 0;
    this.ends[i] = 0;
  }

  set(i: number, offset: number, indent: number, end: number): void {
    this.offsets[i] = offset;
    this.indents[i] = indent;
    this.ends[i] = end;
  }

  setStripped(i: number, text: string, indent: number): void {
    this.flags[i] = STRIPPED;
    this.stripped.set(i, text);
    this.set(i, 0, indent, text.length);
  }
}

/** Anything but tab and printable ASCII; a hit triggers the precise (string-aware) check. */
const SUSPICIOUS = /[^\t\x20-\x7e]/;
/** The same over the whole body (line feeds aside), to find the next line that needs the check. */
const SUSPICIOUS_IN_BODY = /[^\t\n\x20-\x7e]/g;

export function scanLines(source: Source, report: ScanReporter): Lines {
  const scanner = new LineScanner(source.body, report);
  scanner.run();
  return scanner.lines;
}

/** One pass over the body; `next*` fields are the next occurrences at or after the current line, found with native searches. */
class LineScanner {
  readonly lines: Lines;
  private readonly body: string;
  private readonly report: ScanReporter;
  private readonly comments: CommentState = { inBlock: false, blockLine: 0, blockColumn: 0 };
  private nextSlash = -1;
  private nextQuote = -1;
  private nextSuspicious = -1;

  constructor(body: string, report: ScanReporter) {
    this.body = body;
    this.report = report;
    this.lines = new Lines(body, countLines(body));
  }

  run(): void {
    const body = this.body;
    let pos = body.charCodeAt(0) === 0xfeff ? 1 : 0;
    for (let i = 0; i < this.lines.count; i++) {
      let nl = body.indexOf('\n', pos);
      if (nl === -1) nl = body.length;
      let end = nl;
      if (end > pos && body.charCodeAt(end - 1) === 13) end--;
      this.scanLine(i, pos, end);
      pos = nl + 1;
    }
    const comments = this.comments;
    if (comments.inBlock) {
      this.report('unterminated-comment', "Expected '*/' to close the block comment, found end of file.", comments.blockLine, comments.blockColumn, 2);
    }
  }

  /** Line i is body[pos, end) without its line break. */
  private scanLine(i: number, pos: number, end: number): void {
    if (this.comments.inBlock || this.hasCommentOrString(pos, end)) {
      const raw = this.body.slice(pos, end);
      const text = stripComments(raw, i + 1, this.comments, this.report);
      if (text !== raw) return this.measure(i, text, 0, text.length, true);
    }
    this.measure(i, this.body, pos, end, false);
  }

  private hasCommentOrString(pos: number, end: number): boolean {
    if (this.nextSlash < pos) this.nextSlash = indexOrInfinity(this.body, '/', pos);
    if (this.nextQuote < pos) this.nextQuote = indexOrInfinity(this.body, '"', pos);
    return this.nextSlash < end || this.nextQuote < end;
  }

  private mayHaveInvalidCharacter(pos: number, end: number): boolean {
    if (this.nextSuspicious < pos) {
      SUSPICIOUS_IN_BODY.lastIndex = pos;
      this.nextSuspicious = SUSPICIOUS_IN_BODY.test(this.body) ? SUSPICIOUS_IN_BODY.lastIndex - 1 : Infinity;
    }
    return this.nextSuspicious < end;
  }

  /** Trims, measures and checks text[from, to) as line i. */
  private measure(i: number, text: string, from: number, to: number, stripped: boolean): void {
    const no = i + 1;
    let end = to;
    while (end > from) {
      const c = text.charCodeAt(end - 1);
      if (c !== SPACE && c !== TAB) break;
      end--;
    }
    let start = from;
    let tabAt = -1;
    while (start < end) {
      const c = text.charCodeAt(start);
      if (c === TAB) {
        if (tabAt === -1) tabAt = start - from;
      } else if (c !== SPACE) break;
      start++;
    }
    if (start === end) return this.lines.setBlank(i);
    const suspicious = stripped ? SUSPICIOUS.test(text) : this.mayHaveInvalidCharacter(from, end);
    if (suspicious && this.reportInvalidCharacter(text.slice(from, end), no)) return this.lines.setBlank(i);
    if (end - from > MAX_DEPTH && this.reportTooLongOrDeep(text, from, start, end, no)) return this.lines.setBlank(i);
    if (tabAt !== -1) this.report('tab-indentation', 'Expected spaces for indentation, found a tab.', no, tabAt + 1, 1);
    if (stripped) this.lines.setStripped(i, end === to ? text : text.slice(0, end), start);
    else this.lines.set(i, from, start - from, end - from);
  }

  /**
   * A line too long, or with brackets nested deeper than MAX_DEPTH, is reported and dropped here, so
   * that no later step spends time or memory on it. False when the line is fine.
   */
  private reportTooLongOrDeep(text: string, from: number, start: number, end: number, no: number): boolean {
    const deep = tooDeepAt(text, start, end);
    if (deep !== -1) {
      this.report('nesting-too-deep', `Nesting is too deep (more than ${MAX_DEPTH} levels).`, no, deep - from + 1, 1);
      return true;
    }
    if (end - from <= MAX_LINE_LENGTH) return false;
    this.report('line-too-long', `Expected at most ${MAX_LINE_LENGTH} characters on a line, found ${end - from}.`, no, MAX_LINE_LENGTH + 1, 1);
    return true;
  }

  /** Reports the first character not allowed where it stands; false when there is none. */
  private reportInvalidCharacter(text: string, no: number): boolean {
    const bad = findInvalidCharacter(text);
    if (bad === -1) return false;
    const code = text.codePointAt(bad) ?? 0;
    const shown = code < 0x20 || code === 0x7f ? '' : ` '${String.fromCodePoint(code)}'`;
    this.report(
      'invalid-character',
      `Unexpected character${shown} (U+${code.toString(16).toUpperCase().padStart(4, '0')}); only ASCII is allowed outside strings and comments.`,
      no,
      bad + 1,
      1,
    );
    return true;
  }
}

function countLines(body: string): number {
  let count = 1;
  for (let at = body.indexOf('\n'); at !== -1; at = body.indexOf('\n', at + 1)) count++;
  return count;
}

function indexOrInfinity(text: string, search: string, from: number): number {
  const at = text.indexOf(search, from);
  return at === -1 ? Infinity : at;
}

interface CommentState {
  inBlock: boolean;
  blockLine: number;
  blockColumn: number;
}

/** Index of the first bracket outside strings that opens a level deeper than MAX_DEPTH, or -1. */
function tooDeepAt(text: string, start: number, end: number): number {
  let depth = 0;
  for (let i = start; i < end; i++) {
    const c = text.charCodeAt(i);
    if (c === QUOTE) {
      for (i++; i < end && text.charCodeAt(i) !== QUOTE; i++) if (text.charCodeAt(i) === BACKSLASH) i++;
    } else if (c === 40 || c === 91 || c === 123) {
      if (++depth > MAX_DEPTH) return i;
    } else if ((c === 41 || c === 93 || c === 125) && depth > 0) depth--;
  }
  return -1;
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
