// Conditions (§2.3) for guards, assertions and assume keys. `not` binds tighter than `and`, which binds
// tighter than `or`. Each operand between `and`/`or` is matched against the built-in forms; anything
// else is natural-language `Text`, resolved by a binding at run time.

import type { CompareOp, Condition, Expr } from './ast.ts';
import { MAX_DEPTH } from './context.ts';
import type { Cursor } from './cursor.ts';
import { tryWholeExpr } from './expressions.ts';
import type { Token } from './token.ts';

/** condition = and_cond { "or" and_cond } — fills the cursor to its end. */
export function parseCondition(c: Cursor): Condition {
  const depth = c.depth;
  let left = parseAnd(c);
  while (c.isWord('or')) {
    deeper(c);
    c.next();
    left = { kind: 'Or', left, right: parseAnd(c) };
  }
  c.depth = depth;
  if (!c.atEnd()) throw c.fail("'and', 'or' or end of line");
  return left;
}

/** and_cond = not_cond { "and" not_cond } */
function parseAnd(c: Cursor): Condition {
  const depth = c.depth;
  let left = parseNot(c);
  while (c.isWord('and')) {
    deeper(c);
    c.next();
    left = { kind: 'And', left, right: parseNot(c) };
  }
  c.depth = depth;
  return left;
}

/** not_cond = "not" not_cond | atom */
function parseNot(c: Cursor): Condition {
  if (!c.isWord('not')) return parseAtom(c);
  const depth = c.depth;
  deeper(c);
  c.next();
  const operand = parseNot(c);
  c.depth = depth;
  return { kind: 'Not', operand };
}

function deeper(c: Cursor): void {
  if (++c.depth > MAX_DEPTH) throw c.ctx.tooDeep(c.line, c.peek());
}

/** atom = "(" condition ")" | state_test | comparison | between | membership | emptiness | truthy | text */
function parseAtom(c: Cursor): Condition {
  const end = atomEnd(c);
  if (end === c.pos) throw c.fail('a condition', 'expected-condition');
  const atom = c.slice(c.pos, end);
  c.pos = end;
  return classifyAtom(atom);
}

/** The atom runs to the first top-level `and`/`or`, except the `and` of `is between X and Y`. */
function atomEnd(c: Cursor): number {
  const closers = c.ctx.closers(c.line).any;
  let between = false;
  for (let at = c.pos; at < c.end; at++) {
    const t = c.tokens[at] as Token;
    if (isOpening(t)) {
      // A nested group is skipped whole; one still open at the end of the atom holds the rest of it.
      const close = closers[at] as number;
      if (close === -1 || close >= c.end) return c.end;
      at = close;
      continue;
    }
    if (t.kind !== 'word') continue;
    if (t.text === 'between') between = true;
    else if (t.text === 'and' && between) between = false;
    else if (t.text === 'and' || t.text === 'or') return at;
  }
  return c.end;
}

/** The two words after `is` in `is greater than`, `is less than`, `is at least`, `is at most`. */
function comparePhrase(first: string, second: string): readonly [CompareOp, string] | undefined {
  if (first === 'greater' && second === 'than') return ['>', 'is greater than'];
  if (first === 'less' && second === 'than') return ['<', 'is less than'];
  if (first === 'at' && second === 'least') return ['>=', 'is at least'];
  if (first === 'at' && second === 'most') return ['<=', 'is at most'];
  return undefined;
}

function isOperator(t: Token): boolean {
  if (t.kind === 'word') return t.text === 'is' || t.text === 'equals' || t.text === 'contains';
  return t.kind === 'punct' && isCompareSymbol(t.text);
}

function isCompareSymbol(text: string): boolean {
  switch (text) {
    case '>':
    case '<':
    case '>=':
    case '<=':
    case '==':
    case '!=':
      return true;
    default:
      return false;
  }
}

function isAnd(t: Token): boolean {
  return t.kind === 'word' && t.text === 'and';
}

// The helpers below take the atom cursor `a` as a parameter instead of closing over it: classifyAtom
// runs for every condition, and closures cost an allocation (and a __name() call under tsx) each.

/** Natural-language text: the whole atom as written. */
function textAtom(a: Cursor, start: number): Condition {
  return { kind: 'Text', text: a.text(start, a.end) };
}

/** The tokens [from, to) of the atom as one expression, or undefined. */
function operand(a: Cursor, from: number, to: number): Expr | undefined {
  return tryWholeExpr(a.slice(from, to), 'name');
}

function isWordAt(a: Cursor, at: number, w: string): boolean {
  const t = a.tokens[at];
  return at < a.end && t !== undefined && t.kind === 'word' && t.text === w;
}

function notBare(e: Expr | undefined): e is Expr {
  return e !== undefined && e.kind !== 'Name';
}

function classifyAtom(a: Cursor): Condition {
  const start = a.pos;
  if (a.isPunct('(') && matchingParen(a) === a.end - 1) {
    const depth = a.depth;
    deeper(a);
    const inner = parseCondition(a.slice(a.pos + 1, a.end - 1));
    a.depth = depth;
    return inner;
  }
  const k = a.findTop(isOperator);
  if (k === -1) {
    const value = tryWholeExpr(a, 'name');
    return value === undefined || value.kind === 'Name' || value.kind === 'Word' ? textAtom(a, start) : { kind: 'Truthy', value };
  }
  const op = a.tokens[k] as Token;
  if (op.kind === 'punct') {
    const l = operand(a, start, k);
    const r = operand(a, k + 1, a.end);
    if (l === undefined || r === undefined) return textAtom(a, start);
    return { kind: 'Compare', op: op.text as CompareOp, phrase: op.text, left: l, right: r };
  }
  if (op.text === 'contains') {
    const l = operand(a, start, k);
    const r = operand(a, k + 1, a.end);
    return l !== undefined && notBare(r) ? { kind: 'Contains', collection: l, item: r } : textAtom(a, start);
  }
  if (op.text === 'equals') {
    const l = operand(a, start, k);
    const r = operand(a, k + 1, a.end);
    return l !== undefined && notBare(r) ? { kind: 'Compare', op: '==', phrase: 'equals', left: l, right: r } : textAtom(a, start);
  }
  return classifyIs(a, start, k);
}

/** The `is` forms: `is [not] in #a, #b`, `is [not] empty`, `is between X and Y`, `is [not] X`, `is greater than X`, ... */
function classifyIs(a: Cursor, start: number, k: number): Condition {
  const j = k + 1;
  if (isWordAt(a, j, 'in') || (isWordAt(a, j, 'not') && isWordAt(a, j + 1, 'in'))) {
    const negated = isWordAt(a, j, 'not');
    const subject = a.tokens[start] as Token;
    const states = stateList(a, negated ? j + 2 : j + 1);
    if (k !== start + 1 || (subject.kind !== 'word' && subject.kind !== 'actor') || states === undefined) return textAtom(a, start);
    return { kind: 'InState', subject: subject.text, negated, states };
  }
  if ((isWordAt(a, j, 'empty') && j === a.end - 1) || (isWordAt(a, j, 'not') && isWordAt(a, j + 1, 'empty') && j + 1 === a.end - 1)) {
    const value = operand(a, start, k);
    return notBare(value) ? { kind: 'Empty', value, negated: isWordAt(a, j, 'not') } : textAtom(a, start);
  }
  if (isWordAt(a, j, 'between')) {
    const and = a.findTop(isAnd, j + 1);
    if (and === -1) return textAtom(a, start);
    const value = operand(a, start, k);
    const low = operand(a, j + 1, and);
    const high = operand(a, and + 1, a.end);
    return value !== undefined && notBare(low) && notBare(high) ? { kind: 'Between', value, low, high } : textAtom(a, start);
  }
  const first = a.tokens[j];
  const second = a.tokens[j + 1];
  const phrase = j + 1 < a.end && first !== undefined && second !== undefined ? comparePhrase(first.text, second.text) : undefined;
  let cmp: CompareOp = '==';
  let spelled = 'is';
  let from = j;
  if (phrase !== undefined) {
    cmp = phrase[0];
    spelled = phrase[1];
    from = j + 2;
  } else if (isWordAt(a, j, 'not')) {
    cmp = '!=';
    spelled = 'is not';
    from = j + 1;
  }
  const l = operand(a, start, k);
  const r = operand(a, from, a.end);
  return l !== undefined && notBare(r) ? { kind: 'Compare', op: cmp, phrase: spelled, left: l, right: r } : textAtom(a, start);
}

/** Index of the `)` matching the `(` at the cursor (counting parentheses only), or -1. */
function matchingParen(a: Cursor): number {
  const close = a.ctx.closers(a.line).paren[a.pos] as number;
  return close < a.end ? close : -1;
}

function isOpening(t: Token): boolean {
  return t.kind === 'punct' && (t.text === '(' || t.text === '[' || t.text === '{');
}

/** `#a, #b` up to the end of the atom. */
function stateList(a: Cursor, from: number): string[] | undefined {
  const states: string[] = [];
  let at = from;
  for (;;) {
    const t = a.tokens[at];
    if (at >= a.end || t === undefined || t.kind !== 'state') return undefined;
    states.push(t.text);
    at++;
    if (at === a.end) return states;
    const comma = a.tokens[at];
    if (comma?.kind !== 'punct' || comma.text !== ',') return undefined;
    at++;
  }
}
