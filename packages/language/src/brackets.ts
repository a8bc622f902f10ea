// Where each bracket of a line closes, computed once per line, so that finding the end of a nested
// group is one lookup instead of a scan: a line nested to the limit would otherwise be scanned once
// per level (time grows with length × depth).
import type { Token } from './token.ts';

export interface Closers {
  /** For an opening `( [ {`: the token that brings the depth back (any closing bracket, as `nestingAfter` counts), or -1. */
  readonly any: Int32Array;
  /** For a `(`: its matching `)`, counting parentheses only, or -1. */
  readonly paren: Int32Array;
}

export function findClosers(tokens: readonly Token[]): Closers {
  const any = new Int32Array(tokens.length).fill(-1);
  const paren = new Int32Array(tokens.length).fill(-1);
  const open: number[] = [];
  const openParens: number[] = [];
  for (let at = 0; at < tokens.length; at++) {
    const t = tokens[at] as Token;
    if (t.kind !== 'punct') continue;
    const p = t.text;
    if (p === '(' || p === '[' || p === '{') {
      open.push(at);
      if (p === '(') openParens.push(at);
    } else if (p === ')' || p === ']' || p === '}') {
      const opener = open.pop();
      if (opener !== undefined) any[opener] = at;
      if (p === ')') {
        const parenOpener = openParens.pop();
        if (parenOpener !== undefined) paren[parenOpener] = at;
      }
    }
  }
  return { any, paren };
}
