// Shared parser state: the scanned lines, lazily computed tokens and kinds, diagnostics, and the
// helpers every parseX() uses to locate nodes and report "Expected X, found Y." errors.

import type { Location } from './ast.ts';
import { classify, isSectionBreak, type LineKind } from './classify.ts';
import type { Diagnostic, Severity } from './diagnostic.ts';
import { tokenize } from './lexer.ts';
import type { Lines } from './lines.ts';
import { describeToken, type Token } from './token.ts';

/** Deepest block nesting (indentation) and expression nesting (parens, `not`) accepted. */
export const MAX_DEPTH = 100;
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
  private readonly tokenCache: (Token[] | undefined)[];
  private readonly kindCache: (LineKind | undefined)[];
  private errors = 0;
  /** Token caches below this line index were dropped (the parser only moves forward). */
  private released = 0;
  /** Lines (1-based) that already have an error: one error per line keeps cascades out. */
  private readonly errorLines = new Set<number>();

  constructor(file: string, lines: Lines) {
    this.file = file;
    this.lines = lines;
    this.lineCount = lines.count;
    this.tokenCache = new Array<Token[] | undefined>(lines.count);
    this.kindCache = new Array<LineKind | undefined>(lines.count);
  }

  /** Line i is empty (after comment stripping) or was dropped. */
  blank(i: number): boolean {
    return this.lines.blank(i);
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
    let tokens = this.tokenCache[i];
    if (tokens === undefined) {
      const lines = this.lines;
      const offset = lines.offset(i);
      tokens = lines.blank(i) ? [] : tokenize(lines.source(i), offset + lines.indent(i), offset + lines.end(i), offset);
      this.tokenCache[i] = tokens;
    }
    return tokens;
  }

  /** Drops cached tokens of lines before `upTo`, so they die young instead of piling up. */
  release(upTo: number): void {
    for (let j = this.released; j < upTo; j++) this.tokenCache[j] = undefined;
    if (upTo > this.released) this.released = upTo;
  }

  kind(i: number): LineKind {
    let kind = this.kindCache[i];
    if (kind === undefined) {
      kind = this.blank(i) ? 'blank' : classify(this.tokens(i));
      this.kindCache[i] = kind;
    }
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
