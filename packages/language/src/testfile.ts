// `.test.flow` sections (§2.6, §6.4–§6.6): `for scenario:` bodies with `for :e[ to @m]:` groups and
// test cases (`name:` + variations, `assume:`, `observe:`, path steps and `=` assertions).

import type { Assertion, AssumeLine, EventGroup, GivenLine, PathStep, TestCase, TestScenario } from './ast.ts';
import { parseAssertion } from './assertions.ts';
import { parseAssumeLines } from './assume.ts';
import { eachItem, type ParseContext } from './context.ts';
import { Cursor } from './cursor.ts';
import { parseGivenLines } from './given.ts';
import { normalizeText } from './normalize.ts';
import type { Token } from './token.ts';

/** for_scenario = "for scenario:" text EOL { for_event | test_case } over lines [i, end) */
export function parseForScenario(ctx: ParseContext, i: number, end: number): TestScenario {
  const name = normalizeText(ctx.lineSlice(i, (ctx.tokens(i)[2] as Token).end));
  if (name === '') ctx.reportAt('expected-name', "Expected a scenario name after 'for scenario:', found end of line.", i, undefined);
  const groups: EventGroup[] = [];
  const cases: TestCase[] = [];
  eachItem(ctx, i + 1, end, (j, itemEnd) => {
    const kind = ctx.kind(j);
    if (kind === 'forEvent') groups.push(parseEventGroup(ctx, j, itemEnd));
    else if (kind === 'opener') cases.push(parseTestCase(ctx, j, itemEnd));
    else throw ctx.expected("a test case name ending in ':' or 'for :event:'", j, ctx.tokens(j)[0], 'unexpected-line');
  });
  return { kind: 'TestScenario', name, groups, cases, loc: ctx.loc(i) };
}

/** for_event = "for" event [ "to" actor ] ":" EOL INDENT { test_case } DEDENT */
function parseEventGroup(ctx: ParseContext, i: number, end: number): EventGroup {
  const c = new Cursor(ctx, i, ctx.tokens(i), 1);
  const event = (c.next() as Token).text;
  let machine: string | undefined;
  if (c.eatWord('to')) machine = c.expectKind('actor', "a machine after 'to'", 'expected-actor').text;
  c.expectPunct(':', "':'");
  c.expectEnd();
  const cases: TestCase[] = [];
  eachItem(ctx, i + 1, end, (j, itemEnd) => {
    if (ctx.kind(j) !== 'opener') throw ctx.expected("a test case name ending in ':'", j, ctx.tokens(j)[0], 'unexpected-line');
    cases.push(parseTestCase(ctx, j, itemEnd));
  });
  const group = { kind: 'EventGroup' as const, event, cases, loc: ctx.loc(i) };
  return machine === undefined ? group : { ...group, machine };
}

/** test_case = case_name ":" EOL INDENT { variation | path_step | assertion } DEDENT */
function parseTestCase(ctx: ParseContext, i: number, end: number): TestCase {
  const text = normalizeText(ctx.lineText(i));
  const withScenario: GivenLine[] = [];
  const withGiven: GivenLine[] = [];
  const withEvent: GivenLine[] = [];
  const withContext: GivenLine[] = [];
  const assume: AssumeLine[] = [];
  const observe: string[] = [];
  const steps: PathStep[] = [];
  const assertions: Assertion[] = [];
  eachItem(ctx, i + 1, end, (j, itemEnd) => {
    const kind = ctx.kind(j);
    switch (kind) {
      case 'withScenario':
        return void withScenario.push(...parseGivenLines(ctx, j + 1, itemEnd));
      case 'withGiven':
        return void withGiven.push(...parseGivenLines(ctx, j + 1, itemEnd));
      case 'withEvent':
        return void withEvent.push(...parseGivenLines(ctx, j + 1, itemEnd));
      case 'withContext':
        return void withContext.push(...parseGivenLines(ctx, j + 1, itemEnd));
      case 'assume':
        return void assume.push(...parseAssumeLines(ctx, j + 1, itemEnd));
      case 'observe':
        for (let k = j + 1; k < itemEnd; k++) if (!ctx.blank(k)) observe.push(normalizeText(ctx.lineText(k)));
        return;
      case 'pathStep':
        return void steps.push(parsePathStep(ctx, j, itemEnd));
      case 'assertion':
        return void assertions.push(parseAssertion(ctx, j, itemEnd));
      default:
        throw ctx.expected("'with scenario:', 'with given:', 'with event:', 'with context:', 'assume:', 'observe:', a path step or an assertion", j, ctx.tokens(j)[0], 'unexpected-line');
    }
  });
  return { kind: 'TestCase', name: text.slice(0, -1).trimEnd(), withScenario, withGiven, withEvent, withContext, assume, observe, steps, assertions, loc: ctx.loc(i) };
}

/** path_step = ( "after" | "receive" | "then" ) event [ "from" actor ] */
function parsePathStep(ctx: ParseContext, i: number, end: number): PathStep {
  if (end > i + 1) ctx.report('unexpected-indentation', 'Expected no indented lines here, found an indented block.', i + 1);
  const c = new Cursor(ctx, i, ctx.tokens(i));
  const step = (c.next() as Token).text as PathStep['step'];
  const event = (c.next() as Token).text;
  const node = { kind: 'PathStep' as const, step, event, loc: ctx.loc(i) };
  if (c.atEnd()) return node;
  c.expectWord('from', "'from' or end of line");
  const from = c.expectKind('actor', "an actor after 'from'", 'expected-actor').text;
  c.expectEnd();
  return { ...node, from };
}
