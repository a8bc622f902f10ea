// Event handlers (§3.5): `on[>] :e [from @a] {modifier}` and a body of `triggered:`, `given:`,
// statements and `expect:`.

import type { Assertion, GivenLine, Handler, Priority } from './ast.ts';
import { parseAssertionLines } from './assertions.ts';
import { parseBlock } from './blocks.ts';
import type { ParseContext } from './context.ts';
import { Cursor } from './cursor.ts';
import { parseGivenLines } from './given.ts';
import { normalizeText } from './normalize.ts';
import type { Token } from './token.ts';
import type { Mutable } from './mutable.ts';


const PRIORITIES: ReadonlySet<string> = new Set(['critical', 'high', 'normal', 'low', 'bulk']);

/** handler = on_line EOL INDENT handler_body DEDENT, over lines [i, end). Throws on a bad header. */
export function parseHandler(ctx: ParseContext, i: number, end: number): Handler {
  const handler = parseHandlerHeader(ctx, i);
  const given: GivenLine[] = [];
  const expect: Assertion[] = [];
  handler.body = parseBlock(ctx, i + 1, end, 0, (j, kind, partEnd) => {
    if (kind === 'given') given.push(...parseGivenLines(ctx, j + 1, partEnd));
    else if (kind === 'expect') expect.push(...parseAssertionLines(ctx, j + 1, partEnd));
    else parseTriggered(ctx, j, handler);
    requireBareHeader(ctx, j, partEnd, kind === 'triggered');
  });
  handler.given = given;
  handler.expect = expect;
  return handler;
}

/**
 * on_line = ( "on>" | "on" ) event [ "from" actor ] { modifier }
 * modifier = "(api)" | "(queued api)" | "(priority" priority ")"
 */
export function parseHandlerHeader(ctx: ParseContext, i: number): Mutable<Handler> {
  const tokens = ctx.tokens(i);
  const c = new Cursor(ctx, i, tokens, 1);
  const legacyApi = c.isPunct('>') && (tokens[1] as Token).start === (tokens[0] as Token).end;
  if (legacyApi) c.next();
  const event = c.expectKind('event', `an event name after '${legacyApi ? 'on>' : 'on'}'`, 'expected-event').text;
  const handler: Mutable<Handler> = {
    kind: 'Handler',
    event,
    api: legacyApi,
    legacyApi,
    queued: false,
    given: [],
    body: [],
    expect: [],
    loc: ctx.loc(i),
  };
  if (c.eatWord('from')) handler.from = c.expectKind('actor', "an actor after 'from'", 'expected-actor').text;
  const seen = new Set<string>();
  while (!c.atEnd()) {
    const open = c.peek() as Token;
    if (!c.eatPunct('(')) throw c.fail(handler.from === undefined && seen.size === 0 ? "'from', a modifier such as '(api)' or end of line" : "a modifier such as '(api)' or end of line");
    const modifier = parseModifier(c, handler);
    const close = c.expectPunct(')', "')'");
    const key = modifier === 'queued api' ? 'api' : modifier;
    if (seen.has(key)) {
      ctx.report('repeated-modifier', `Repeated modifier '(${modifier})'.`, i, open.start, close.end - open.start);
    } else if (key === 'api' && legacyApi) {
      ctx.report('redundant-api', `'on>' already marks the handler as public; '(${modifier})' repeats it.`, i, open.start, close.end - open.start, 'warning');
    }
    seen.add(key);
  }
  return handler;
}

function parseModifier(c: Cursor, handler: Mutable<Handler>): string {
  if (c.eatWord('api')) {
    handler.api = true;
    return 'api';
  }
  if (c.eatWord('queued')) {
    c.expectWord('api', "'api' after 'queued'");
    handler.api = true;
    handler.queued = true;
    return 'queued api';
  }
  if (c.eatWord('priority')) {
    const level = c.peek();
    if (level?.kind !== 'word' || !PRIORITIES.has(level.text)) {
      throw c.fail('a priority (critical, high, normal, low or bulk)', 'invalid-priority');
    }
    c.next();
    handler.priority = level.text as Priority;
    return 'priority';
  }
  throw c.fail("'api', 'queued api' or 'priority' in a modifier", 'invalid-modifier');
}

/** triggered = "triggered:" "every" schedule */
function parseTriggered(ctx: ParseContext, i: number, handler: Mutable<Handler>): void {
  const tokens = ctx.tokens(i);
  const every = tokens[2];
  if (every?.kind !== 'word' || every.text !== 'every' || tokens.length < 4) {
    ctx.reportAt('expected-schedule', `Expected 'every …' after 'triggered:', found ${every === undefined ? 'end of line' : `'${every.text}'`}.`, i, every);
    return;
  }
  if (handler.triggered !== undefined) ctx.report('duplicate-triggered', "Expected one 'triggered:' line, found another.", i);
  handler.triggered = normalizeText(ctx.line(i).text.slice(every.end));
}

/** `given:` / `expect:` take nothing after the colon; `triggered:` takes no indented block. */
function requireBareHeader(ctx: ParseContext, i: number, end: number, triggered: boolean): void {
  const extra = ctx.tokens(i)[2];
  if (!triggered && extra !== undefined) ctx.reportAt('unexpected-token', `Expected end of line, found '${extra.text}'.`, i, extra);
  if (triggered && end > i + 1) ctx.report('unexpected-indentation', 'Expected no indented lines here, found an indented block.', i + 1);
}
