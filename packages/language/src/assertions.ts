// `=` assertion lines (§2.5, §6.3), mapped to the Assertion variants; free text becomes AssertText.

import type { Assertion, Condition, KeyValue } from './ast.ts';
import { eachItem, toDiagnostic, type ParseContext } from './context.ts';
import { parseCondition } from './conditions.ts';
import { Cursor } from './cursor.ts';
import { parseInlineWith } from './emit.ts';
import { tryWholeExpr } from './expressions.ts';
import type { Token } from './token.ts';

/** The `=` lines in [from, to), each with its indented `with ...` / `key: value` lines. */
export function parseAssertionLines(ctx: ParseContext, from: number, to: number): Assertion[] {
  const out: Assertion[] = [];
  eachItem(ctx, from, to, (i, end) => {
    if (ctx.kind(i) !== 'assertion') throw ctx.expected("an assertion starting with '='", i, ctx.tokens(i)[0], 'expected-assertion');
    out.push(parseAssertion(ctx, i, end));
  });
  return out;
}

const STATE_MODES = ['is in', 'is not in', 'has entered', 'has been in', 'has never been in'] as const;

/** assertion = "=" assertion_body EOL [ INDENT { with_line | kv_line } DEDENT ] — children are (i, end). */
export function parseAssertion(ctx: ParseContext, i: number, end: number): Assertion {
  const tokens = ctx.tokens(i);
  const c = new Cursor(ctx, i, tokens, 1);
  if (c.atEnd()) throw c.fail("an assertion after '='", 'expected-assertion');
  const text = c.text(1);
  const loc = ctx.loc(i);
  const words = (from: number, to: number): string => tokens.slice(from, to).map((t) => t.text).join(' ');
  const n = tokens.length;
  const first = tokens[1] as Token;
  const last = tokens[n - 1] as Token;

  // event assertions
  const event = eventAssertion(c);
  if (event !== undefined) {
    const extra = childPairs(ctx, i, end, true);
    return { kind: 'AssertEvent', ...event, with: [...event.with, ...extra], text, loc };
  }
  // called
  const calledAt = tokens.findIndex((t, at) => at > 1 && t.text === 'was' && (tokens[at + 1]?.text === 'called' || (tokens[at + 1]?.text === 'not' && tokens[at + 2]?.text === 'called')));
  if (calledAt !== -1) {
    const negated = tokens[calledAt + 1]?.text === 'not';
    const after = calledAt + (negated ? 3 : 2);
    const withColon = n === after + 2 && tokens[after]?.text === 'with' && last.text === ':';
    if (n === after || withColon) {
      const action = c.text(1, calledAt);
      const pairs = withColon ? childPairs(ctx, i, end, false) : noChildren(ctx, i, end);
      return { kind: 'AssertCalled', action, negated, with: pairs, text, loc };
    }
  }
  noChildren(ctx, i, end);
  // state
  if (n >= 4 && (first.kind === 'word' || first.kind === 'actor') && last.kind === 'state') {
    const mode = words(2, n - 1);
    if ((STATE_MODES as readonly string[]).includes(mode)) {
      return { kind: 'AssertState', subject: first.text, mode: mode as (typeof STATE_MODES)[number], state: last.text, text, loc };
    }
  }
  // count / changed
  if (first.kind === 'var') {
    const variable = first.text.slice(1);
    if (n === 3 && last.kind === 'word' && (last.text === 'increased' || last.text === 'decreased')) {
      return { kind: 'AssertChanged', variable, direction: last.text, text, loc };
    }
    if (tokens[2]?.text === 'has' && (last.text === 'items' || last.text === 'item')) {
      if (n === 4) return { kind: 'AssertCount', variable, text, loc };
      const count = tokens[3];
      if (n === 5 && count?.kind === 'number' && Number.isInteger(count.value)) return { kind: 'AssertCount', variable, count: count.value as number, text, loc };
    }
  }
  // after
  const afterAt = c.findTop((t, at) => t.text === 'is' && tokens[at + 1]?.text === 'after', 1);
  if (afterAt > 1) {
    const left = tryWholeExpr(c.slice(1, afterAt), 'name');
    const right = tryWholeExpr(c.slice(afterAt + 2, n), 'name');
    if (left !== undefined && right !== undefined) return { kind: 'AssertAfter', left, right, text, loc };
  }
  // reply
  if (first.kind === 'word' && (first.text === 'reply' || first.text.startsWith('reply.'))) {
    const reply = replyAssertion(c);
    if (reply !== undefined) return { ...reply, text, loc };
  }
  // condition
  const condition = parseCondition(c.slice(1, n));
  if (!hasText(condition)) return { kind: 'AssertCondition', condition, text, loc };
  return { kind: 'AssertText', text, loc };
}

type EventParts = { actor?: string; event: string; negated: boolean; with: KeyValue[] };

/**
 * `@a received :e`, `@a did not receive :e`, `:e was emitted|sent [to @a]`, `:e was not emitted|sent [to @a]`,
 * each optionally followed by `with $v, ...` or `with key: value, ...`.
 */
function eventAssertion(c: Cursor): EventParts | undefined {
  const t = (k: number): Token | undefined => c.peek(k);
  let parts: EventParts | undefined;
  let at = 0;
  if (t(0)?.kind === 'actor' && !t(0)?.text.includes('.')) {
    if (t(1)?.text === 'received' && t(2)?.kind === 'event') {
      parts = { actor: (t(0) as Token).text, event: (t(2) as Token).text, negated: false, with: [] };
      at = 3;
    } else if (t(1)?.text === 'did' && t(2)?.text === 'not' && t(3)?.text === 'receive' && t(4)?.kind === 'event') {
      parts = { actor: (t(0) as Token).text, event: (t(4) as Token).text, negated: true, with: [] };
      at = 5;
    }
  } else if (t(0)?.kind === 'event' && t(1)?.text === 'was') {
    const negated = t(2)?.text === 'not';
    const verb = t(negated ? 3 : 2)?.text;
    if (verb === 'emitted' || verb === 'sent') {
      at = negated ? 4 : 3;
      parts = { event: (t(0) as Token).text, negated, with: [] };
      if (t(at)?.text === 'to' && t(at + 1)?.kind === 'actor') {
        parts.actor = (t(at + 1) as Token).text;
        at += 2;
      }
    }
  }
  if (parts === undefined) return undefined;
  const start = c.pos;
  c.pos = start + at;
  if (c.atEnd()) return parts;
  if (!c.isWord('with')) {
    c.pos = start;
    return undefined;
  }
  const withToken = c.next() as Token;
  parts.with = parseInlineWith(c, withToken).fields.map((f) => ({ key: f.name, value: f.value }));
  c.pos = start;
  return parts;
}

/**
 * `reply status is 201`, `reply contains id`, `reply total equals 5`, and the docs' dotted spelling
 * `reply.id equals "o-1"`, which reads the body (cursor after `=`).
 */
function replyAssertion(c: Cursor): Omit<Extract<Assertion, { kind: 'AssertReply' }>, 'text' | 'loc'> | undefined {
  const head = c.peek(0) as Token;
  if (head.text !== 'reply') return dottedReply(c, head.text.slice('reply.'.length));
  const key = c.peek(1);
  const verb = c.peek(2);
  if (key?.kind !== 'word') return undefined;
  if (key.text === 'contains' && c.end - c.pos === 3 && verb?.kind === 'word') {
    return { kind: 'AssertReply', check: 'contains', key: verb.text };
  }
  if (verb?.kind !== 'word' || (verb.text !== 'is' && verb.text !== 'equals')) return undefined;
  const value = tryWholeExpr(c.slice(c.pos + 3, c.end), 'word');
  if (value === undefined) return undefined;
  if (key.text === 'status') return { kind: 'AssertReply', check: 'status', value };
  return { kind: 'AssertReply', check: 'equals', key: key.text, value };
}

/** `reply.key is|equals value` (the cursor's first token is `reply.key`). */
function dottedReply(c: Cursor, key: string): Omit<Extract<Assertion, { kind: 'AssertReply' }>, 'text' | 'loc'> | undefined {
  const verb = c.peek(1);
  if (key === '' || verb?.kind !== 'word' || (verb.text !== 'is' && verb.text !== 'equals')) return undefined;
  const value = tryWholeExpr(c.slice(c.pos + 2, c.end), 'word');
  if (value === undefined) return undefined;
  // A path into the body, always (`reply.status` is a body field; the code is `reply status is 201`).
  return { kind: 'AssertReply', check: 'equals', key, value, dotted: true };
}

function hasText(condition: Condition): boolean {
  switch (condition.kind) {
    case 'Text':
      return true;
    case 'And':
    case 'Or':
      return hasText(condition.left) || hasText(condition.right);
    case 'Not':
      return hasText(condition.operand);
    default:
      return false;
  }
}

/** Indented `with key: value` / `with $v` lines (events) or `key: value` lines (calls). */
function childPairs(ctx: ParseContext, i: number, end: number, allowWith: boolean): KeyValue[] {
  const out: KeyValue[] = [];
  for (let j = i + 1; j < end; j++) {
    if (ctx.blank(j)) continue;
    const tokens = ctx.tokens(j);
    const c = new Cursor(ctx, j, tokens);
    try {
      if (allowWith && c.isWord('with')) {
        const withToken = c.next() as Token;
        for (const f of parseInlineWith(c, withToken).fields) out.push({ key: f.name, value: f.value });
        continue;
      }
      const key = c.next();
      if (key?.kind !== 'word' || !c.eatPunct(':')) {
        throw ctx.expected(allowWith ? "'with key: value'" : "'key: value'", j, key);
      }
      const value = tryWholeExpr(c, 'word');
      if (value === undefined) throw c.fail(`a value for '${key.text}'`, 'expected-expression');
      out.push({ key: key.text, value });
    } catch (error) {
      ctx.add(toDiagnostic(error));
    }
  }
  return out;
}

function noChildren(ctx: ParseContext, i: number, end: number): KeyValue[] {
  for (let j = i + 1; j < end; j++) {
    if (!ctx.blank(j)) {
      ctx.report('unexpected-indentation', 'Expected no indented lines here, found an indented block.', j);
      break;
    }
  }
  return [];
}
