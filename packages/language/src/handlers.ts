// Event handlers (§3.5): `on[>] :e [from @a] {modifier}` and a body of `triggered:`, `given:`,
// statements and `expect:`.

import type { Assertion, GivenLine, Handler, Location, Priority } from './ast.ts';
import { parseAssertionLines } from './assertions.ts';
import { parseBlock, type PartHook } from './blocks.ts';
import type { LineKind } from './classify.ts';
import type { ParseContext } from './context.ts';
import { Cursor } from './cursor.ts';
import { parseGivenLines } from './given.ts';
import { exact, pushAll, type Mutable } from './mutable.ts';
import { normalizeText } from './normalize.ts';
import type { Token } from './token.ts';

/** handler = on_line EOL INDENT handler_body DEDENT, over lines [i, end). Throws on a bad header. */
export function parseHandler(ctx: ParseContext, i: number, end: number): Handler {
  const head = parseHandlerHeader(ctx, i);
  const parts = new HandlerParts(ctx);
  const body = parseBlock(ctx, i + 1, end, 0, parts);
  const { event, api, legacyApi, queued, loc } = head;
  const given = exact(parts.given);
  const expect = exact(parts.expect);
  // One literal per shape (not keys added later): handlers live as long as the tree.
  const handler: Mutable<Handler> =
    head.from === undefined
      ? { kind: 'Handler', event, api, legacyApi, queued, given, body, expect, loc }
      : { kind: 'Handler', event, api, legacyApi, queued, given, body, expect, loc, from: head.from };
  if (head.priority !== undefined) handler.priority = head.priority;
  if (parts.triggered !== undefined) handler.triggered = parts.triggered;
  return handler;
}

/** The `on` line of a handler. */
interface HandlerHead {
  event: string;
  from?: string;
  api: boolean;
  legacyApi: boolean;
  queued: boolean;
  priority?: Priority;
  loc: Location;
}

/** Modifier keys already seen on an `on` line (`(queued api)` counts as `api`). */
const SEEN_API = 1;
const SEEN_PRIORITY = 2;

/**
 * on_line = ( "on>" | "on" ) event [ "from" actor ] { modifier }
 * modifier = "(api)" | "(queued api)" | "(priority" priority ")"
 */
function parseHandlerHeader(ctx: ParseContext, i: number): HandlerHead {
  const tokens = ctx.tokens(i);
  const c = new Cursor(ctx, i, tokens, 1);
  const legacyApi = c.isPunct('>') && (tokens[1] as Token).start === (tokens[0] as Token).end;
  if (legacyApi) c.next();
  const event = c.expectKind('event', `an event name after '${legacyApi ? 'on>' : 'on'}'`, 'expected-event').text;
  const head: HandlerHead = { event, api: legacyApi, legacyApi, queued: false, loc: ctx.loc(i) };
  if (c.eatWord('from')) head.from = c.expectKind('actor', "an actor after 'from'", 'expected-actor').text;
  let seen = 0;
  while (!c.atEnd()) {
    const open = c.peek() as Token;
    if (!c.eatPunct('(')) throw c.fail(head.from === undefined && seen === 0 ? "'from', a modifier such as '(api)' or end of line" : "a modifier such as '(api)' or end of line");
    const modifier = parseModifier(c, head);
    const close = c.expectPunct(')', "')'");
    const key = modifier === 'priority' ? SEEN_PRIORITY : SEEN_API;
    if ((seen & key) !== 0) {
      ctx.report('repeated-modifier', `Repeated modifier '(${modifier})'.`, i, open.start, close.end - open.start);
    } else if (key === SEEN_API && legacyApi) {
      ctx.report('redundant-api', `'on>' already marks the handler as public; '(${modifier})' repeats it.`, i, open.start, close.end - open.start, 'warning');
    }
    seen |= key;
  }
  return head;
}

function parseModifier(c: Cursor, head: HandlerHead): string {
  if (c.eatWord('api')) {
    head.api = true;
    return 'api';
  }
  if (c.eatWord('queued')) {
    c.expectWord('api', "'api' after 'queued'");
    head.api = true;
    head.queued = true;
    return 'queued api';
  }
  if (c.eatWord('priority')) {
    const level = c.peek();
    if (level?.kind !== 'word' || !isPriority(level.text)) {
      throw c.fail('a priority (critical, high, normal, low or bulk)', 'invalid-priority');
    }
    c.next();
    head.priority = level.text;
    return 'priority';
  }
  throw c.fail("'api', 'queued api' or 'priority' in a modifier", 'invalid-modifier');
}

function isPriority(text: string): text is Priority {
  return text === 'critical' || text === 'high' || text === 'normal' || text === 'low' || text === 'bulk';
}

/** Collects the `triggered:`, `given:` and `expect:` parts of one handler body. */
class HandlerParts implements PartHook {
  readonly given: GivenLine[] = [];
  readonly expect: Assertion[] = [];
  triggered: string | undefined;
  private readonly ctx: ParseContext;

  constructor(ctx: ParseContext) {
    this.ctx = ctx;
  }

  part(j: number, kind: LineKind, end: number): void {
    const ctx = this.ctx;
    if (kind === 'given') pushAll(this.given, parseGivenLines(ctx, j + 1, end));
    else if (kind === 'expect') pushAll(this.expect, parseAssertionLines(ctx, j + 1, end));
    else this.parseTriggered(j);
    requireBareHeader(ctx, j, end, kind === 'triggered');
  }

  /** triggered = "triggered:" "every" schedule */
  private parseTriggered(i: number): void {
    const ctx = this.ctx;
    const tokens = ctx.tokens(i);
    const every = tokens[2];
    if (every?.kind !== 'word' || every.text !== 'every' || tokens.length < 4) {
      ctx.reportAt('expected-schedule', `Expected 'every …' after 'triggered:', found ${every === undefined ? 'end of line' : `'${every.text}'`}.`, i, every);
      return;
    }
    if (this.triggered !== undefined) ctx.report('duplicate-triggered', "Expected one 'triggered:' line, found another.", i);
    this.triggered = normalizeText(ctx.lineSlice(i, every.end));
  }
}

/** `given:` / `expect:` take nothing after the colon; `triggered:` takes no indented block. */
function requireBareHeader(ctx: ParseContext, i: number, end: number, triggered: boolean): void {
  const extra = ctx.tokens(i)[2];
  if (!triggered && extra !== undefined) ctx.reportAt('unexpected-token', `Expected end of line, found '${extra.text}'.`, i, extra);
  if (triggered && end > i + 1) ctx.report('unexpected-indentation', 'Expected no indented lines here, found an indented block.', i + 1);
}
