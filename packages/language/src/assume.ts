// `assume:` lines (§6.6): forced guard results and action doubles, optionally scoped with `in :event`.

import type { AssumeLine, AssumeOutcome } from './ast.ts';
import { toDiagnostic, type ParseContext } from './context.ts';
import { Cursor } from './cursor.ts';
import { parseWholeExpr } from './expressions.ts';
import { pushAll } from './mutable.ts';
import { normalizeText } from './normalize.ts';
import type { Token } from './token.ts';

/** assume block body: lines [from, to); `event` is set inside an `in :event` block. */
export function parseAssumeLines(ctx: ParseContext, from: number, to: number, event?: string): AssumeLine[] {
  const out: AssumeLine[] = [];
  let i = from;
  while (i < to) {
    if (ctx.blank(i)) {
      i++;
      continue;
    }
    const end = ctx.childrenEnd(i, ctx.indent(i), to);
    const tokens = ctx.tokens(i);
    try {
      if (tokens[0]?.kind === 'word' && tokens[0].text === 'in' && tokens[1]?.kind === 'event' && tokens.length === 2) {
        if (event !== undefined) throw ctx.expected('an assume line', i, tokens[0], 'nested-in');
        pushAll(out, parseAssumeLines(ctx, i + 1, end, tokens[1].text));
      } else {
        if (end > i + 1) ctx.report('unexpected-indentation', 'Expected no indented lines here, found an indented block.', i + 1);
        out.push(parseAssumeLine(ctx, i, event));
      }
    } catch (error) {
      ctx.add(toDiagnostic(error));
    }
    i = end;
  }
  return out;
}

/**
 * assume_line = "?" pattern "=" ( "true" | "false" )
 *             | [ actor "." ] pattern [ "with" matcher ] ( "=" "success" | "returns" value | "throws" value | "triggers" event )
 */
export function parseAssumeLine(ctx: ParseContext, i: number, event?: string): AssumeLine {
  const tokens = ctx.tokens(i);
  const text = ctx.lineText(i);
  const loc = ctx.loc(i);
  const c = new Cursor(ctx, i, tokens);
  const scoped = <T extends object>(line: T): T => (event === undefined ? line : { ...line, event });
  if (c.isPunct('?')) {
    let eq = -1;
    for (let at = tokens.length - 1; at > 0 && eq === -1; at--) if (tokens[at]?.kind === 'punct' && tokens[at]?.text === '=') eq = at;
    const value = tokens[eq + 1];
    if (eq <= 1 || tokens.length !== eq + 2 || value?.kind !== 'word' || (value.text !== 'true' && value.text !== 'false')) {
      throw ctx.expected("'? guard text = true' or '= false'", i, eq <= 1 ? undefined : value, 'invalid-assume');
    }
    return scoped({ kind: 'AssumeGuard', pattern: c.text(1, eq), value: value.text === 'true', loc });
  }
  const k = c.findTop((t, at) => {
    if (t.kind === 'punct') return t.text === '=';
    if (t.kind !== 'word' || at === 0) return false;
    if (t.text === 'with') return tokens[at + 1]?.kind === 'punct' && tokens[at + 1]?.text === '{';
    return t.text === 'returns' || t.text === 'throws' || t.text === 'triggers';
  });
  if (k <= 0) throw ctx.expected("'= success', 'returns', 'throws' or 'triggers'", i, undefined, 'invalid-assume');
  let patternText = c.text(0, k);
  let machine: string | undefined;
  const first = tokens[0] as Token;
  if (first.kind === 'actor' && first.text.includes('.')) {
    const dot = first.text.indexOf('.');
    machine = first.text.slice(0, dot);
    patternText = patternText.slice(dot + 1);
  }
  let at = k;
  let matcher: string | undefined;
  if ((tokens[at] as Token).text === 'with') {
    const close = matchingBrace(tokens, at + 1);
    if (close === -1) throw ctx.expected("'}' to close the matcher", i, undefined, 'invalid-assume');
    matcher = normalizeText(text.slice((tokens[at + 1] as Token).start, (tokens[close] as Token).end));
    at = close + 1;
  }
  const outcome = parseOutcome(new Cursor(ctx, i, tokens, at));
  const line: { -readonly [K in keyof Extract<AssumeLine, { kind: 'AssumeAction' }>]?: unknown } = { kind: 'AssumeAction', pattern: patternText, outcome };
  if (matcher !== undefined) line.matcher = matcher;
  if (machine !== undefined) line.machine = machine;
  line.loc = loc;
  return scoped(line as Extract<AssumeLine, { kind: 'AssumeAction' }>);
}

function parseOutcome(c: Cursor): AssumeOutcome {
  if (c.eatPunct('=')) {
    c.expectWord('success', "'success'");
    c.expectEnd();
    return { kind: 'success' };
  }
  if (c.eatWord('returns')) return { kind: 'returns', value: parseWholeExpr(c, 'word') };
  if (c.eatWord('throws')) return { kind: 'throws', value: parseWholeExpr(c, 'word') };
  if (c.eatWord('triggers')) {
    const event = c.expectKind('event', "an event after 'triggers'", 'expected-event').text;
    c.expectEnd();
    return { kind: 'triggers', event };
  }
  throw c.fail("'= success', 'returns', 'throws' or 'triggers'", 'invalid-assume');
}

function matchingBrace(tokens: readonly Token[], open: number): number {
  let depth = 0;
  for (let at = open; at < tokens.length; at++) {
    const t = tokens[at] as Token;
    if (t.kind !== 'punct') continue;
    if (t.text === '{') depth++;
    else if (t.text === '}' && --depth === 0) return at;
  }
  return -1;
}
