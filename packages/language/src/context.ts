// Shared parser state: the scanned lines, lazily computed tokens and kinds, diagnostics, and the
// helpers every parseX() uses to locate nodes and report "Expected X, found Y." errors.

import type { Location } from './ast.ts';
import { classify, isSectionBreak, type LineKind } from './classify.ts';
import { findClosers, type Closers } from './brackets.ts';
import type { Diagnostic, Severity } from './diagnostic.ts';
import { tokenize } from './lexer.ts';
import type { Lines } from './lines.ts';
import { describeToken, type Token } from './token.ts';

/** Deepest block nesting (indentation) and expression nesting (parens, `not`) accepted. */
export const MAX_DEPTH = 100;
/**
 * Tokens are kept for the most recently tokenized lines only (at most this many lines, and about
 * WINDOW_TOKENS tokens): parsing moves forward and looks back a few lines, so memory does not grow with
 * the file; a line further back is tokenized again.
 */
const TOKEN_WINDOW = 256;
const WINDOW_TOKENS = 20_000;
/**
 * What one file may hold, counted as its tokens plus three per line that holds any (a line costs more
 * than its tokens: a node, its location, its text). Ordinary flow text comes to 200,000-280,000 per MB
 * (bench/'s generated flow: 230,000), so files of 10 MB parse whole. Time and memory grow with it
 * (the densest text keeps ~60 bytes of tree per unit, 300 MB at the peak): past this, the rest of
 * the file is reported once and not parsed.
 */
export const MAX_FILE_TOKENS = 2_850_000;
const LINE_COST = 3;

/** Every line kind: a line's kind is kept as its index here, one byte per line rather than a pointer. */
const KINDS = [
  'blank', 'system', 'machine', 'scenario', 'test', 'forScenario', 'handler', 'uses', 'responses', 'given', 'expect',
  'triggered', 'assume', 'observe', 'withScenario', 'withGiven', 'withEvent', 'withContext', 'withTable', 'withLine',
  'guard', 'orGuard', 'else', 'assertion', 'tableRow', 'stateDecl', 'forEach', 'forEvent', 'pathStep', 'opener', 'text',
] as const satisfies readonly LineKind[];
// Fails to compile when classify.ts gains a kind that KINDS lacks.
const EVERY_KIND: [Exclude<LineKind, (typeof KINDS)[number]>] extends [never] ? true : never = true;
void EVERY_KIND;
const KIND_CODES = new Map<LineKind, number>(KINDS.map((kind, code) => [kind, code + 1]));
/** After this many errors, later ones are dropped (one `too-many-errors` note is kept). */
const MAX_ERRORS = 100;

/**
 * Thrown inside the parsing of one line and caught by the block that owns the line, which records it
 * and moves on. Not an `Error`: no stack is captured, so trying a form and falling back is cheap.
 */
export class LineError {
  readonly diagnostic: Diagnostic;
  /** Fatal errors (nesting too deep) are never swallowed by a fallback. */
  readonly fatal: boolean;
  constructor(diagnostic: Diagnostic, fatal = false) {
    this.diagnostic = diagnostic;
    this.fatal = fatal;
  }
}

/** The diagnostic of a LineError; anything else is a bug and is rethrown. */
export function toDiagnostic(error: unknown): Diagnostic {
  if (error instanceof LineError) return error.diagnostic;
  throw error;
}

export class ParseContext {
  readonly file: string;
  private readonly lines: Lines;
  readonly lineCount: number;
  readonly diagnostics: Diagnostic[] = [];
  /** Slot `i % TOKEN_WINDOW` holds the tokens of line `windowLines[slot]`. */
  private readonly windowLines = new Int32Array(TOKEN_WINDOW).fill(-1);
  private readonly windowTokens = new Array<Token[] | undefined>(TOKEN_WINDOW);
  /** Where the brackets of the window's lines close, when asked for. */
  private readonly windowClosers = new Array<Closers | undefined>(TOKEN_WINDOW);
  /** Tokens held in the window. */
  private windowSize = 0;
  /** Per line, 1 + its index in KINDS; 0 until classified. */
  private readonly kindCodes: Uint8Array;
  /** Lines already counted against MAX_FILE_TOKENS, and what they came to. */
  private readonly counted: Uint8Array;
  private spent = 0;
  /** Lines from here on read as blank: the file holds more than MAX_FILE_TOKENS. */
  private cutoff: number;
  private errors = 0;
  /** Lines (1-based) that already have an error: one error per line keeps cascades out. */
  private readonly errorLines = new Set<number>();

  constructor(file: string, lines: Lines) {
    this.file = file;
    this.lines = lines;
    this.lineCount = lines.count;
    this.kindCodes = new Uint8Array(lines.count);
    this.counted = new Uint8Array(lines.count);
    this.cutoff = lines.count;
  }

  /** Line i is empty (after comment stripping) or was dropped. */
  blank(i: number): boolean {
    return i >= this.cutoff || this.lines.blank(i);
  }

  /** Indentation of line i, which is also the index of its first non-blank character. */
  indent(i: number): number {
    return this.lines.indent(i);
  }

  /** The text of line i (comments removed, trailing blanks trimmed). */
  lineText(i: number): string {
    return this.lines.text(i);
  }

  /** Characters [from, to) of line i's text (to its end by default). */
  lineSlice(i: number, from: number, to?: number): string {
    return this.lines.slice(i, from, to);
  }

  tokens(i: number): Token[] {
    const slot = i % TOKEN_WINDOW;
    if (this.windowLines[slot] === i) return this.windowTokens[slot] as Token[];
    const lines = this.lines;
    const offset = lines.offset(i);
    const tokens = this.blank(i) ? [] : tokenize(lines.source(i), offset + lines.indent(i), offset + lines.end(i), offset);
    if (tokens.length > 0 && this.counted[i] === 0 && !this.afford(i, tokens.length)) return [];
    // Long lines: forget the other lines at once rather than hold megabytes of tokens.
    if (this.windowSize + tokens.length > WINDOW_TOKENS) {
      this.windowLines.fill(-1);
      this.windowTokens.fill(undefined);
      this.windowClosers.fill(undefined);
      this.windowSize = 0;
    } else if (this.windowLines[slot] !== -1) {
      this.windowSize -= (this.windowTokens[slot] as Token[]).length;
    }
    this.windowLines[slot] = i;
    this.windowTokens[slot] = tokens;
    this.windowClosers[slot] = undefined;
    this.windowSize += tokens.length;
    return tokens;
  }

  /** Where each bracket of line i closes (see brackets.ts). */
  closers(i: number): Closers {
    const tokens = this.tokens(i);
    const slot = i % TOKEN_WINDOW;
    if (this.windowLines[slot] !== i) return findClosers(tokens);
    return (this.windowClosers[slot] ??= findClosers(tokens));
  }

  /** Counts line i against MAX_FILE_TOKENS; past it, reports once and cuts the file off at line i. */
  private afford(i: number, tokens: number): boolean {
    this.counted[i] = 1;
    this.spent += tokens + LINE_COST;
    if (this.spent <= MAX_FILE_TOKENS) return true;
    this.report('file-too-large', `Expected at most ${MAX_FILE_TOKENS} tokens in a file, found more; split it into several files.`, i);
    this.cutoff = i;
    return false;
  }

  kind(i: number): LineKind {
    const code = this.kindCodes[i] as number;
    if (code !== 0) return KINDS[code - 1] as LineKind;
    const kind = this.blank(i) ? 'blank' : classify(this.tokens(i));
    this.kindCodes[i] = KIND_CODES.get(kind) as number;
    return kind;
  }

  /** Location of character `index` of line `i` (default: its first non-blank character). */
  loc(i: number, index?: number): Location {
    return { file: this.file, line: i + 1, column: (index ?? this.indent(i)) + 1 };
  }

  diagnostic(code: string, message: string, i: number, index?: number, length = 1, severity: Severity = 'error'): Diagnostic {
    return { code, severity, message, loc: this.loc(i, index), length: Math.max(1, length) };
  }

  add(diagnostic: Diagnostic): void {
    if (diagnostic.severity === 'error') {
      if (this.errorLines.has(diagnostic.loc.line)) return;
      this.errorLines.add(diagnostic.loc.line);
      this.errors++;
      if (this.errors > MAX_ERRORS) {
        if (this.errors === MAX_ERRORS + 1) {
          this.diagnostics.push({ ...diagnostic, code: 'too-many-errors', message: `Too many errors; stopped reporting after ${MAX_ERRORS}.` });
        }
        return;
      }
    }
    this.diagnostics.push(diagnostic);
  }

  report(code: string, message: string, i: number, index?: number, length = 1, severity: Severity = 'error'): void {
    this.add(this.diagnostic(code, message, i, index, length, severity));
  }

  /** Reports at a token (or at the end of the line when it is missing). */
  reportAt(code: string, message: string, i: number, token: Token | undefined, severity: Severity = 'error'): void {
    this.add(this.diagnostic(code, message, i, token?.start ?? this.lines.end(i), token ? token.end - token.start : 1, severity));
  }

  /** A LineError for "Expected X, found Y." at `token`. */
  expected(what: string, i: number, token: Token | undefined, code = 'unexpected-token'): LineError {
    return this.errorAt(code, `Expected ${what}, found ${describeToken(token)}.`, i, token);
  }

  errorAt(code: string, message: string, i: number, token: Token | undefined, fatal = false): LineError {
    const index = token?.start ?? this.lines.end(i);
    return new LineError(this.diagnostic(code, message, i, index, token ? token.end - token.start : 1), fatal);
  }

  tooDeep(i: number, token: Token | undefined): LineError {
    return this.errorAt('nesting-too-deep', `Nesting is too deep (more than ${MAX_DEPTH} levels).`, i, token, true);
  }

  /**
   * End (exclusive) of the block of lines indented deeper than `indent` that follows line `i`, stopping
   * at section headers and before trailing blank lines.
   */
  childrenEnd(i: number, indent = this.indent(i), limit = this.lineCount): number {
    const lines = this.lines;
    let end = i + 1;
    for (let j = i + 1; j < limit; j++) {
      if (lines.blank(j)) continue;
      if (lines.indent(j) <= indent || isSectionBreak(this.kind(j))) break;
      end = j + 1;
    }
    return end;
  }

  /** The normalised-later raw text of line `i` from token `from` to the end of the line. */
  textFrom(i: number, from: Token | undefined): string {
    return from === undefined ? '' : this.lineSlice(i, from.start);
  }
}

/**
 * Calls `item(j, end)` for each line of the block [from, to) at the block's indentation (that of its
 * first line), where (j, end) spans the line and its indented children. Errors thrown by `item` are
 * recorded and the next line is tried.
 */
export function eachItem(ctx: ParseContext, from: number, to: number, item: (j: number, end: number) => void): void {
  let base = -1;
  let j = from;
  while (j < to) {
    if (ctx.blank(j)) {
      j++;
      continue;
    }
    const indent = ctx.indent(j);
    if (base === -1) base = indent;
    else if (indent < base) ctx.report('inconsistent-indentation', `Expected indentation of ${base} spaces, found ${indent}.`, j);
    const end = ctx.childrenEnd(j, Math.max(base, indent), to);
    try {
      item(j, end);
    } catch (error) {
      ctx.add(toDiagnostic(error));
    }
    j = end;
  }
}
