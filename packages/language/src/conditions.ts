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
  let between = false;
  const at = c.findTop((t) => {
    if (t.kind !== 'word') return false;
    if (t.text === 'between') between = true;
    else if (t.text === 'and' && between) between = false;
    else if (t.text === 'and' || t.text === 'or') return true;
    return false;
  });
  return at === -1 ? c.end : at;
}

const SYMBOLS = new Set(['>', '<', '>=', '<=', '==', '!=']);
const PHRASES: Record<string, readonly [CompareOp, string]> = {
  'greater than': ['>', 'is greater than'],
  'less than': ['<', 'is less than'],
  'at least': ['>=', 'is at least'],
  'at most': ['<=', 'is at most'],
};

function isOperator(t: Token): boolean {
  if (t.kind === 'word') return t.text === 'is' || t.text === 'equals' || t.text === 'contains';
  return t.kind === 'punct' && SYMBOLS.has(t.text);
}

function classifyAtom(a: Cursor): Condition {
  const start = a.pos;
  const text = (): Condition => ({ kind: 'Text', text: a.text(start, a.end) });
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
    return value === undefined || value.kind === 'Name' || value.kind === 'Word' ? text() : { kind: 'Truthy', value };
  }
  const op = a.tokens[k] as Token;
  const left = (): Expr | undefined => tryWholeExpr(a.slice(a.pos, k), 'name');
  const operand = (from: number, to = a.end): Expr | undefined => tryWholeExpr(a.slice(from, to), 'name');
  const word = (at: number, w: string): boolean => at < a.end && a.tokens[at]?.kind === 'word' && a.tokens[at]?.text === w;
  const notBare = (e: Expr | undefined): e is Expr => e !== undefined && e.kind !== 'Name';

  if (op.kind === 'punct') {
    const l = left();
    const r = operand(k + 1);
    if (l === undefined || r === undefined) return text();
    return { kind: 'Compare', op: op.text as CompareOp, phrase: op.text, left: l, right: r };
  }
  if (op.text === 'contains') {
    const l = left();
    const r = operand(k + 1);
    return l !== undefined && notBare(r) ? { kind: 'Contains', collection: l, item: r } : text();
  }
  if (op.text === 'equals') {
    const l = left();
    const r = operand(k + 1);
    return l !== undefined && notBare(r) ? { kind: 'Compare', op: '==', phrase: 'equals', left: l, right: r } : text();
  }
  // `is` forms
  const j = k + 1;
  if (word(j, 'in') || (word(j, 'not') && word(j + 1, 'in'))) {
    const negated = word(j, 'not');
    const subject = a.tokens[a.pos] as Token;
    const states = stateList(a, negated ? j + 2 : j + 1);
    if (k !== a.pos + 1 || (subject.kind !== 'word' && subject.kind !== 'actor') || states === undefined) return text();
    return { kind: 'InState', subject: subject.text, negated, states };
  }
  if ((word(j, 'empty') && j === a.end - 1) || (word(j, 'not') && word(j + 1, 'empty') && j + 1 === a.end - 1)) {
    const value = left();
    return notBare(value) ? { kind: 'Empty', value, negated: word(j, 'not') } : text();
  }
  if (word(j, 'between')) {
    const and = a.findTop((t) => t.kind === 'word' && t.text === 'and', j + 1);
    if (and === -1) return text();
    const value = left();
    const low = operand(j + 1, and);
    const high = operand(and + 1);
    return value !== undefined && notBare(low) && notBare(high) ? { kind: 'Between', value, low, high } : text();
  }
  const second = a.tokens[j + 1];
  const phrase = j + 1 < a.end && second !== undefined ? PHRASES[`${a.tokens[j]?.text} ${second.text}`] : undefined;
  const [cmp, spelled, from]: readonly [CompareOp, string, number] =
    phrase !== undefined ? [phrase[0], phrase[1], j + 2] : word(j, 'not') ? ['!=', 'is not', j + 1] : ['==', 'is', j];
  const l = left();
  const r = operand(from);
  return l !== undefined && notBare(r) ? { kind: 'Compare', op: cmp, phrase: spelled, left: l, right: r } : text();
}

/** Index of the `)` matching the `(` at the cursor, or -1. */
function matchingParen(a: Cursor): number {
  let depth = 0;
  for (let at = a.pos; at < a.end; at++) {
    const t = a.tokens[at] as Token;
    if (t.kind !== 'punct') continue;
    if (t.text === '(') depth++;
    else if (t.text === ')' && --depth === 0) return at;
  }
  return -1;
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
