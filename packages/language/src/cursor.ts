// A cursor over the tokens of one line (or a slice of them), with the expect/eat helpers the
// line-level parse functions share.

import type { ParseContext } from './context.ts';
import { LineError } from './context.ts';
import { normalizeText } from './normalize.ts';
import type { Token, TokenKind } from './token.ts';

export class Cursor {
  readonly ctx: ParseContext;
  /** Index of the line (0-based; see ParseContext). */
  readonly line: number;
  readonly tokens: readonly Token[];
  readonly end: number;
  pos: number;
  /** Expression / condition nesting depth. */
  depth = 0;

  constructor(ctx: ParseContext, line: number, tokens: readonly Token[], pos = 0, end = tokens.length) {
    this.ctx = ctx;
    this.line = line;
    this.tokens = tokens;
    this.pos = pos;
    this.end = end;
  }

  /** A cursor over tokens [from, to) of the same line, keeping the depth. */
  slice(from: number, to: number): Cursor {
    const c = new Cursor(this.ctx, this.line, this.tokens, from, to);
    c.depth = this.depth;
    return c;
  }

  peek(k = 0): Token | undefined {
    const at = this.pos + k;
    return at < this.end ? this.tokens[at] : undefined;
  }

  next(): Token | undefined {
    const token = this.peek();
    if (token !== undefined) this.pos++;
    return token;
  }

  atEnd(): boolean {
    return this.pos >= this.end;
  }

  isWord(text: string, k = 0): boolean {
    const t = this.peek(k);
    return t !== undefined && t.kind === 'word' && t.text === text;
  }

  isPunct(text: string, k = 0): boolean {
    const t = this.peek(k);
    return t !== undefined && t.kind === 'punct' && t.text === text;
  }

  isKind(kind: TokenKind, k = 0): boolean {
    return this.peek(k)?.kind === kind;
  }

  eatWord(text: string): boolean {
    if (!this.isWord(text)) return false;
    this.pos++;
    return true;
  }

  eatPunct(text: string): boolean {
    if (!this.isPunct(text)) return false;
    this.pos++;
    return true;
  }

  /** "Expected `what`, found <next token>." */
  fail(what: string, code?: string): LineError {
    return this.ctx.expected(what, this.line, this.peek(), code);
  }

  expectWord(text: string, what = `'${text}'`): Token {
    if (!this.isWord(text)) throw this.fail(what);
    return this.next() as Token;
  }

  expectPunct(text: string, what = `'${text}'`): Token {
    if (!this.isPunct(text)) throw this.fail(what);
    return this.next() as Token;
  }

  expectKind(kind: TokenKind, what: string, code?: string): Token {
    if (!this.isKind(kind)) throw this.fail(what, code);
    return this.next() as Token;
  }

  expectEnd(): void {
    if (!this.atEnd()) throw this.fail('end of line');
  }

  /** The source text of tokens [from, to), normalised. */
  text(from = this.pos, to = this.end): string {
    if (from >= to) return '';
    const first = this.tokens[from] as Token;
    const last = this.tokens[to - 1] as Token;
    return normalizeText(this.ctx.lineSlice(this.line, first.start, last.end));
  }

  /** Index (from the cursor) of the first depth-0 token that `match` accepts, or -1. */
  findTop(match: (t: Token, at: number) => boolean, from = this.pos): number {
    let depth = 0;
    for (let at = from; at < this.end; at++) {
      const t = this.tokens[at] as Token;
      depth = nestingAfter(t, depth);
      if (depth === 0 && match(t, at)) return at;
    }
    return -1;
  }
}

/** Bracket depth after token `t` (never below 0): `( [ {` open, `) ] }` close. */
export function nestingAfter(t: Token, depth: number): number {
  if (t.kind !== 'punct') return depth;
  const p = t.text;
  if (p === '(' || p === '[' || p === '{') return depth + 1;
  if (p === ')' || p === ']' || p === '}') return depth > 0 ? depth - 1 : 0;
  return depth;
}
