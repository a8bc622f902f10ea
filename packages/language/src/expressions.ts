// Expressions (§1.6): literals (JSON strings, numbers with an optional leading `-`, booleans, null),
// `empty`, `current_state`, `$a.b`, `@actor.field`, `#state`, calls, arrays, `{key: value}` objects,
// and `+ - * /` with the usual precedence and parentheses.

import type { BinaryOp, Expr } from './ast.ts';
import { LineError, MAX_DEPTH } from './context.ts';
import type { Cursor } from './cursor.ts';
import { exact } from './mutable.ts';
import type { Token } from './token.ts';

/**
 * What a bare identifier becomes: `name` in comparison operands (`amount < 1000` -> Name), `word`
 * in values and table cells (`yesterday` -> Word).
 */
export type BareMode = 'name' | 'word';

/** expr = term { ("+" | "-") term } */
export function parseExpr(c: Cursor, mode: BareMode): Expr {
  const depth = c.depth;
  let left = parseTerm(c, mode);
  while (c.isPunct('+') || c.isPunct('-')) {
    deeper(c);
    const op = (c.next() as Token).text as BinaryOp;
    left = { kind: 'Binary', op, left, right: parseTerm(c, mode) };
  }
  c.depth = depth;
  return left;
}

/** term = unary { ("*" | "/") unary } */
function parseTerm(c: Cursor, mode: BareMode): Expr {
  const depth = c.depth;
  let left = parseUnary(c, mode);
  while (c.isPunct('*') || c.isPunct('/')) {
    deeper(c);
    const op = (c.next() as Token).text as BinaryOp;
    left = { kind: 'Binary', op, left, right: parseUnary(c, mode) };
  }
  c.depth = depth;
  return left;
}

/** Each operator of a chain deepens the (left-leaning) tree; keep it within MAX_DEPTH too. */
function deeper(c: Cursor): void {
  if (++c.depth > MAX_DEPTH) throw c.ctx.tooDeep(c.line, c.peek());
}

/** unary = "-" number | primary */
function parseUnary(c: Cursor, mode: BareMode): Expr {
  if (c.isPunct('-')) {
    c.next();
    const n = c.expectKind('number', "a number after '-'", 'expected-expression');
    return { kind: 'Literal', value: -(n.value as number) };
  }
  return parsePrimary(c, mode);
}

/**
 * primary = number | string | "true" | "false" | "null" | "empty" | "current_state"
 *         | var | actor | state | name "(" [ expr { "," expr } ] ")" | bare
 *         | "[" [ expr { "," expr } ] "]" | "{" [ key ":" expr { "," key ":" expr } ] "}" | "(" expr ")"
 */
function parsePrimary(c: Cursor, mode: BareMode): Expr {
  const t = c.peek();
  if (t === undefined) throw c.fail('an expression', 'expected-expression');
  switch (t.kind) {
    case 'number':
      c.next();
      return { kind: 'Literal', value: t.value as number };
    case 'string':
      if (t.bad) throw c.ctx.errorAt('invalid-string', 'Expected a valid JSON string literal, found an invalid escape.', c.line, t);
      c.next();
      return { kind: 'Literal', value: t.value as string };
    case 'var':
      c.next();
      return { kind: 'Var', path: varPath(t.text) };
    case 'actor':
      c.next();
      return actorField(t.text);
    case 'state':
      c.next();
      return { kind: 'StateRef', state: t.text };
    case 'word':
      return parseWord(c, t, mode);
    case 'punct':
      if (t.text === '(') return parseParenthesized(c, mode);
      if (t.text === '[') return parseArray(c, mode);
      if (t.text === '{') return parseObject(c, mode);
      break;
    default:
      break;
  }
  throw c.fail('an expression', 'expected-expression');
}

function parseWord(c: Cursor, t: Token, mode: BareMode): Expr {
  c.next();
  switch (t.text) {
    case 'true':
      return { kind: 'Literal', value: true };
    case 'false':
      return { kind: 'Literal', value: false };
    case 'null':
      return { kind: 'Literal', value: null };
    case 'empty':
      return { kind: 'EmptyValue' };
    case 'current_state':
      return { kind: 'CurrentState' };
  }
  const open = c.peek();
  if (open !== undefined && open.kind === 'punct' && open.text === '(' && open.start === t.end && !t.text.includes('.')) {
    const depth = enter(c);
    c.next();
    const call: Expr = { kind: 'Call', name: t.text, args: parseList(c, ')', mode) };
    c.depth = depth;
    return call;
  }
  return mode === 'name' ? { kind: 'Name', path: t.text.split('.') } : { kind: 'Word', text: t.text };
}

/** `$a.b` -> ['a', 'b'] */
export function varPath(text: string): string[] {
  return text.indexOf('.') === -1 ? [text.slice(1)] : text.slice(1).split('.');
}

/** `@reviewer.id` -> actor `@reviewer`, path ['id'] */
function actorField(text: string): Expr {
  const dot = text.indexOf('.');
  if (dot === -1) return { kind: 'ActorField', actor: text, path: [] };
  return { kind: 'ActorField', actor: text.slice(0, dot), path: text.slice(dot + 1).split('.') };
}

/** "(" expr ")" */
function parseParenthesized(c: Cursor, mode: BareMode): Expr {
  const depth = enter(c);
  c.next();
  const inner = parseExpr(c, mode);
  c.expectPunct(')', "')'");
  c.depth = depth;
  return inner;
}

function parseArray(c: Cursor, mode: BareMode): Expr {
  const depth = enter(c);
  c.next();
  const array: Expr = { kind: 'Array', items: parseList(c, ']', mode) };
  c.depth = depth;
  return array;
}

/** [ expr { "," expr } ] close */
function parseList(c: Cursor, close: string, mode: BareMode): Expr[] {
  const items: Expr[] = [];
  if (c.eatPunct(close)) return items;
  for (;;) {
    items.push(parseExpr(c, mode));
    if (c.eatPunct(close)) return exact(items);
    c.expectPunct(',', `',' or '${close}'`);
  }
}

/** "{" [ key ":" expr { "," key ":" expr } ] "}" with keys as identifiers or strings */
function parseObject(c: Cursor, mode: BareMode): Expr {
  const depth = enter(c);
  c.next();
  const entries: (readonly [string, Expr])[] = [];
  if (!c.eatPunct('}')) {
    for (;;) {
      entries.push(parseEntry(c, mode));
      if (c.eatPunct('}')) break;
      c.expectPunct(',', "',' or '}'");
    }
  }
  c.depth = depth;
  return { kind: 'Object', entries: exact(entries) };
}

function parseEntry(c: Cursor, mode: BareMode): readonly [string, Expr] {
  const key = c.peek();
  if (key === undefined || (key.kind !== 'word' && key.kind !== 'string') || key.bad) throw c.fail('an object key');
  c.next();
  c.expectPunct(':', "':' after the object key");
  return [key.kind === 'word' ? key.text : (key.value as string), parseExpr(c, mode)];
}

/** One bracket level deeper (checked against MAX_DEPTH); returns the depth to restore on the way out. */
function enter(c: Cursor): number {
  const depth = c.depth;
  deeper(c);
  return depth;
}

/** An expression that must fill the cursor to its end. */
export function parseWholeExpr(c: Cursor, mode: BareMode): Expr {
  if (c.atEnd()) throw c.fail('an expression', 'expected-expression');
  const expr = parseExpr(c, mode);
  c.expectEnd();
  return expr;
}

/** Like parseWholeExpr, but `undefined` instead of a (non-fatal) error. */
export function tryWholeExpr(c: Cursor, mode: BareMode): Expr | undefined {
  const start = c.pos;
  const depth = c.depth;
  try {
    return parseWholeExpr(c, mode);
  } catch (error) {
    c.depth = depth;
    if (error instanceof LineError && !error.fatal) {
      c.pos = start;
      return undefined;
    }
    throw error;
  }
}
