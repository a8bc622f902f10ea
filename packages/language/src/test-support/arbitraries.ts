// fast-check arbitraries for canonical ASTs: trees whose printed form parses back to the same tree.
// `text` fields are filled with their canonical rendering, as the parser would. Natural-language
// pieces come from small lists of phrases that parse as free text.

import fc from 'fast-check';
import type {
  Assertion,
  AssumeLine,
  Condition,
  Emit,
  Expr,
  FlowFile,
  GivenLine,
  GuardBranch,
  GuardChain,
  Handler,
  KeyValue,
  MachineDecl,
  Scenario,
  Statement,
  TestCase,
  TestDecl,
  ValidationRule,
  WithClause,
} from '../ast.ts';
import { printCondition } from '../print-expr.ts';
import { printAssertion, printGivenLine } from '../print-lines.ts';

const loc = { file: 'gen.flow', line: 0, column: 0 };

const NAMES = ['order', 'payment', 'loan', 'item', 'total', 'amount', 'book', 'card', 'member', 'stock', 'fine', 'price', 'count', 'due_date'];
export const ident = fc.tuple(fc.constantFrom(...NAMES), fc.option(fc.integer({ min: 1, max: 99 }), { nil: undefined })).map(([n, k]) => (k === undefined ? n : `${n}_${k}`));
const actor = ident.map((n) => `@${n}`);
const event = ident.map((n) => `:${n}`);
const state = ident.map((n) => `#${n}`);
const path = fc.array(ident, { minLength: 1, maxLength: 3 });
const phrase = fc.array(ident, { minLength: 1, maxLength: 3 }).map((ws) => ws.join(' '));

const ACTIONS = ['process card', 'send confirmation email', 'print loan slip', 'notify @reviewer', 'reserve items', 'start timer for 30 seconds', 'validate cart'];
const TEXT_CONDITIONS = ['card is valid', 'book is available', 'copy is on shelf', '@member is verified', 'order belongs to @customer', 'days since purchase < 7', 'reserved more than 48 hours ago'];
const TEXT_GIVENS = ['@member is logged in', 'cart has items', 'book is checked out', '@member is logged in as "x@y.z"'];
const TEXT_ASSERTIONS = ['traffic light cycles correctly', 'document is ready for review', 'payment was processed', '@customer received confirmation'];
const RULES: ValidationRule[] = [
  { name: 'required', args: [], text: 'required' },
  { name: 'integer', args: [], text: 'integer' },
  { name: 'between', args: [0, 3], text: 'between 0 and 3' },
  { name: 'valid email', args: [], text: 'valid email' },
  { name: 'one of', args: ['a', 'b'], text: 'one of "a", "b"' },
  { name: 'min', args: [3], text: 'min 3 characters' },
];

const number = fc.oneof(
  fc.integer({ min: -1000, max: 1_000_000 }),
  fc.double({ min: -1e6, max: 1e6, noNaN: true, noDefaultInfinity: true }).filter((x) => !Object.is(x, -0)),
);
const literal: fc.Arbitrary<Expr> = fc.oneof(
  number.map((value) => ({ kind: 'Literal' as const, value })),
  fc.string({ unit: 'binary', maxLength: 12 }).map((value) => ({ kind: 'Literal' as const, value })),
  fc.constantFrom(true, false, null).map((value) => ({ kind: 'Literal' as const, value })),
);

/** Expressions; bare identifiers become `Name` ('name') or `Word` ('word'). */
export function exprArb(mode: 'name' | 'word', depth = 2): fc.Arbitrary<Expr> {
  const leaf: fc.Arbitrary<Expr> = fc.oneof(
    literal,
    path.map((p) => ({ kind: 'Var' as const, path: p })),
    fc.tuple(actor, fc.array(ident, { maxLength: 2 })).map(([a, p]) => ({ kind: 'ActorField' as const, actor: a, path: p })),
    state.map((s) => ({ kind: 'StateRef' as const, state: s })),
    fc.constant<Expr>({ kind: 'CurrentState' }),
    fc.constant<Expr>({ kind: 'EmptyValue' }),
    mode === 'name' ? path.map((p) => ({ kind: 'Name' as const, path: p })) : ident.map((text) => ({ kind: 'Word' as const, text })),
  );
  if (depth === 0) return leaf;
  const sub = exprArb(mode, depth - 1);
  return fc.oneof(
    { arbitrary: leaf, weight: 4 },
    fc.array(sub, { maxLength: 3 }).map((items) => ({ kind: 'Array' as const, items })),
    fc.array(fc.tuple(fc.oneof(ident, fc.constantFrom('two words', 'a-b')), sub), { maxLength: 3 }).map((entries) => ({ kind: 'Object' as const, entries })),
    fc.tuple(ident, fc.array(sub, { maxLength: 2 })).map(([name, args]) => ({ kind: 'Call' as const, name, args })),
    fc.tuple(fc.constantFrom('+', '-', '*', '/' as const), sub, sub).map(([op, left, right]) => ({ kind: 'Binary' as const, op, left, right })),
  );
}

const valueExpr = exprArb('word');
/** `reply.key …` (the docs' spelling) or `reply key …`. */
const dotted = fc.constantFrom({}, { dotted: true as const });
const nameExpr = exprArb('name');
const notBare = nameExpr.filter((e) => e.kind !== 'Name');

const PHRASES: Record<string, [string, string][]> = {
  word: [
    ['==', 'is'],
    ['==', 'equals'],
    ['!=', 'is not'],
    ['>', 'is greater than'],
    ['<', 'is less than'],
    ['>=', 'is at least'],
    ['<=', 'is at most'],
  ],
  symbol: [
    ['>', '>'],
    ['<', '<'],
    ['>=', '>='],
    ['<=', '<='],
    ['==', '=='],
    ['!=', '!='],
  ],
};

/** Conditions; `withText` allows natural-language leaves. */
export function conditionArb(depth = 2, withText = true): fc.Arbitrary<Condition> {
  const atoms: fc.Arbitrary<Condition>[] = [
    fc.tuple(fc.oneof(ident, actor), fc.boolean(), fc.array(state, { minLength: 1, maxLength: 3 })).map(([subject, negated, states]) => ({ kind: 'InState' as const, subject, negated, states })),
    fc.tuple(fc.constantFrom(...PHRASES.word!), nameExpr, notBare.filter((e) => e.kind !== 'EmptyValue')).map(([[op, phrase], left, right]) => ({ kind: 'Compare' as const, op: op as '==', phrase, left, right })),
    fc.tuple(fc.constantFrom(...PHRASES.symbol!), nameExpr, nameExpr).map(([[op, phrase], left, right]) => ({ kind: 'Compare' as const, op: op as '==', phrase, left, right })),
    fc.tuple(nameExpr, notBare, notBare).map(([value, low, high]) => ({ kind: 'Between' as const, value, low, high })),
    fc.tuple(nameExpr, notBare).map(([collection, item]) => ({ kind: 'Contains' as const, collection, item })),
    fc.tuple(notBare, fc.boolean()).map(([value, negated]) => ({ kind: 'Empty' as const, value, negated })),
    notBare.map((value) => ({ kind: 'Truthy' as const, value })),
  ];
  if (withText) atoms.push(fc.constantFrom(...TEXT_CONDITIONS).map((text) => ({ kind: 'Text' as const, text })));
  const atom = fc.oneof(...atoms);
  if (depth === 0) return atom;
  const sub = conditionArb(depth - 1, withText);
  return fc.oneof(
    { arbitrary: atom, weight: 4 },
    sub.map((operand) => ({ kind: 'Not' as const, operand })),
    fc.tuple(fc.constantFrom('And', 'Or' as const), sub, sub).map(([kind, left, right]) => ({ kind, left, right }) as Condition),
  );
}

const withClause: fc.Arbitrary<WithClause> = fc.oneof(
  fc.array(path, { minLength: 1, maxLength: 3 }).map((paths) => ({
    kind: 'With' as const,
    form: 'vars' as const,
    fields: paths.map((p) => ({ name: p[p.length - 1] as string, value: { kind: 'Var' as const, path: p } })),
    loc,
  })),
  fc.array(fc.tuple(ident, valueExpr), { minLength: 1, maxLength: 3 }).map((pairs) => ({
    kind: 'With' as const,
    form: 'pairs' as const,
    fields: pairs.map(([name, value]) => ({ name, value })),
    loc,
  })),
  fc
    .array(
      fc.tuple(
        ident,
        fc.oneof(valueExpr, fc.constantFrom('bad request', 'out of stock').map((text) => ({ kind: 'Word' as const, text }))),
        fc.option(fc.constantFrom('string', 'number', 'object' as const), { nil: undefined }),
      ),
      { minLength: 1, maxLength: 3 },
    )
    .map((rows) => ({
      kind: 'With' as const,
      form: 'table' as const,
      fields: rows.map(([name, value, type]) => ({ name, value, ...(type === undefined ? {} : { type }) })),
      loc,
    })),
  fc
    .tuple(
      fc.constantFrom<string[]>(['field', 'value'], ['field', 'type', 'value'], ['field', 'value', 'validation'], ['field', 'type', 'value', 'validation']),
      fc.array(
        fc.tuple(ident, valueExpr, fc.option(fc.constantFrom('string', 'number', 'integer' as const), { nil: undefined }), fc.option(fc.subarray(RULES, { minLength: 1 }), { nil: undefined })),
        { minLength: 1, maxLength: 3 },
      ),
    )
    .map(([header, rows]) => ({
      kind: 'With' as const,
      form: 'table' as const,
      header,
      fields: rows.map(([name, value, type, validation]) => ({
        name,
        value,
        ...(header.includes('type') && type !== undefined ? { type: type as 'string' } : {}),
        ...(header.includes('validation') && validation !== undefined ? { validation } : {}),
      })),
      loc,
    })),
);

const emitArb: fc.Arbitrary<Emit> = fc
  .tuple(event, actor, fc.boolean(), fc.boolean(), fc.array(state, { maxLength: 2 }), fc.option(withClause, { nil: undefined }))
  .map(([ev, machine, all, async, states, w]) => ({
    kind: 'Emit' as const,
    event: ev,
    target: { machine, all, states: all ? states : [] },
    async,
    ...(w === undefined ? {} : { with: w }),
    loc,
  }));

const keyValues = (min: number): fc.Arbitrary<KeyValue[]> => fc.array(fc.tuple(ident, valueExpr).map(([key, value]) => ({ key, value })), { minLength: min, maxLength: 3 });

const simpleStatement: fc.Arbitrary<Statement> = fc.oneof(
  fc.tuple(ident, fc.constantFrom('moves to', 'transitions to', 'enters', 'becomes', 'changes to' as const), state).map(([subject, verb, s]) => ({ kind: 'Transition' as const, subject, verb, state: s, loc })),
  fc
    .tuple(
      fc.array(ident, { minLength: 1, maxLength: 2 }),
      fc.option(fc.constantFrom('string', 'number', 'boolean', 'array', 'object', 'integer' as const), { nil: undefined }),
      fc.constantFrom('becomes', 'increases', 'decreases', 'adds', 'removes', 'clears' as const),
      valueExpr.filter((e) => e.kind !== 'StateRef'),
      fc.option(fc.array(fc.tuple(ident, fc.subarray(RULES, { minLength: 1 })), { minLength: 1, maxLength: 2 }), { nil: undefined }),
    )
    .map(([variable, type, op, value, rows]) => ({
      kind: 'ContextOp' as const,
      variable: variable.join('.'),
      ...(type === undefined ? {} : { type }),
      op,
      ...(op === 'clears' ? {} : { value }),
      ...(rows === undefined ? {} : { validation: rows.map(([v, rules]) => ({ kind: 'ValidationRow' as const, variable: v, rules, loc })) }),
      loc,
    })),
  fc.tuple(ident, emitArb, fc.option(fc.array(fc.tuple(ident, fc.subarray(RULES, { minLength: 1 })), { minLength: 1, maxLength: 2 }), { nil: undefined })).map(([variable, emit, rows]) => ({
    kind: 'ContextOp' as const,
    variable,
    op: 'becomes' as const,
    emit,
    ...(rows === undefined ? {} : { validation: rows.map(([v, rules]) => ({ kind: 'ValidationRow' as const, variable: v, rules, loc })) }),
    loc,
  })),
  emitArb,
  fc
    .tuple(
      fc.integer({ min: 100, max: 599 }),
      fc.option(fc.constantFrom('created', 'not found', 'bad request'), { nil: undefined }),
      fc.oneof(
        keyValues(1).map((fields) => ({ kind: 'fields' as const, fields })),
        ident.map((name) => ({ kind: 'named' as const, name })),
        ident.map((name) => ({ kind: 'transformer' as const, name })),
        fc.constant({ kind: 'none' as const }),
      ),
    )
    .map(([status, reason, body]) => ({ kind: 'Reply' as const, status, ...(reason === undefined ? {} : { reason }), body, loc })),
  fc
    .tuple(event, fc.oneof(path.map((p) => ({ kind: 'Var' as const, path: p })), fc.integer({ min: 0, max: 1000 }).map((value) => ({ kind: 'Literal' as const, value }))), fc.constantFrom('seconds', 'minutes', 'hours', 'days' as const))
    .map(([ev, delay, unit]) => ({ kind: 'Schedule' as const, event: ev, delay, unit, loc })),
  fc.constantFrom(...ACTIONS).map((text) => ({ kind: 'Action' as const, text, loc })),
);

const guardLines = fc
  .tuple(conditionArb(1), fc.array(fc.tuple(fc.constantFrom('?', '??' as const), conditionArb(1)), { maxLength: 2 }))
  .map(([first, rest]) =>
    [['?', first] as const, ...rest].map(([op, condition]) => ({ kind: 'GuardLine' as const, op, condition, text: printCondition(condition), loc })),
  );

/** A block of statements; `depth` bounds guard / for-each nesting. */
export function blockArb(depth: number): fc.Arbitrary<Statement[]> {
  if (depth === 0) return fc.array(simpleStatement, { minLength: 1, maxLength: 3 });
  const inner = blockArb(depth - 1);
  const branch: fc.Arbitrary<GuardBranch> = fc.tuple(guardLines, inner).map(([lines, body]) => ({ kind: 'GuardBranch' as const, lines, body, loc }));
  const chain: fc.Arbitrary<Statement> = fc
    .tuple(fc.array(branch, { minLength: 1, maxLength: 3 }), fc.option(fc.tuple(inner, fc.constantFrom('otherwise', '?', ': else' as const)), { nil: undefined }))
    .map(([branches, otherwise]) => ({
      kind: 'GuardChain' as const,
      branches,
      ...(otherwise === undefined ? {} : { otherwise: otherwise[0], elseSpelling: otherwise[1] }),
      loc,
    }));
  const gate: fc.Arbitrary<Statement> = guardLines.map((lines) => ({ kind: 'GuardChain' as const, branches: [{ kind: 'GuardBranch' as const, lines, loc }], loc }));
  const forEach: fc.Arbitrary<Statement> = fc
    .tuple(ident, fc.array(state, { minLength: 1, maxLength: 2 }), inner)
    .map(([alias, states, body]) => ({ kind: 'ForEach' as const, alias, states, body, loc }));
  return fc.array(fc.oneof({ arbitrary: simpleStatement, weight: 3 }, chain, gate, forEach), { minLength: 1, maxLength: 4 }).map(joinChains);
}

/**
 * Two chains in a row whose branches have bodies are one chain in the language (a blank line does
 * not end a chain, §3.6.5), so a generated block holds them as one, as the parser would.
 */
function joinChains(block: Statement[]): Statement[] {
  const out: Statement[] = [];
  for (const statement of block) {
    const prev = out[out.length - 1];
    if (prev?.kind === 'GuardChain' && statement.kind === 'GuardChain' && continues(prev) && statement.branches[0]?.body !== undefined) {
      out[out.length - 1] = { ...statement, branches: [...prev.branches, ...statement.branches], loc: prev.loc };
    } else out.push(statement);
  }
  return out;
}

/** A chain still open for more branches: no else, and its last branch has a body (not a gate). */
function continues(chain: GuardChain): boolean {
  return chain.otherwise === undefined && chain.branches.length > 0 && chain.branches[chain.branches.length - 1]?.body !== undefined;
}

export const givenArb: fc.Arbitrary<GivenLine> = fc
  .oneof(
    fc.tuple(fc.oneof(ident, actor), state).map(([subject, s]) => ({ kind: 'GivenState' as const, subject, state: s })),
    fc
      .tuple(ident, fc.option(fc.constantFrom('number', 'array' as const), { nil: undefined }), fc.constantFrom('is', 'contains' as const), valueExpr)
      .map(([variable, type, op, value]) => ({ kind: 'GivenVar' as const, variable, ...(type === undefined ? {} : { type }), op, value })),
    fc
      .tuple(phrase, fc.array(ident, { minLength: 1, maxLength: 3 }), fc.array(fc.constantFrom('pen', '2.5', '"x y"', 'true'), { maxLength: 3 }))
      .map(([words, header, cells]) => ({ kind: 'GivenTable' as const, text: `${words} contains`, header, rows: cells.map(() => header.map((_, at) => cells[at % cells.length] ?? '')) })),
    fc.tuple(ident, valueExpr).map(([key, value]) => ({ kind: 'GivenField' as const, key, value })),
    fc.constantFrom(...TEXT_GIVENS).map((text) => ({ kind: 'GivenText' as const, text })),
  )
  .map((g) => ({ ...g, text: g.kind === 'GivenTable' || g.kind === 'GivenText' ? g.text : printGivenLine({ ...g, text: '', loc } as GivenLine), loc }) as GivenLine);

const varExpr = path.map((p) => ({ kind: 'Var' as const, path: p }));

export const assertionArb: fc.Arbitrary<Assertion> = fc
  .oneof(
    fc.tuple(fc.oneof(ident, actor), fc.constantFrom('is in', 'is not in', 'has entered', 'has been in', 'has never been in' as const), state).map(([subject, mode, s]) => ({ kind: 'AssertState' as const, subject, mode, state: s })),
    conditionArb(1, false)
      .filter((c) => !(c.kind === 'InState' && c.states.length === 1))
      .map((condition) => ({ kind: 'AssertCondition' as const, condition })),
    fc.tuple(ident, fc.option(fc.nat(20), { nil: undefined })).map(([variable, count]) => ({ kind: 'AssertCount' as const, variable, ...(count === undefined ? {} : { count }) })),
    fc.tuple(varExpr, varExpr).map(([left, right]) => ({ kind: 'AssertAfter' as const, left, right })),
    fc.tuple(ident, fc.constantFrom('increased', 'decreased' as const)).map(([variable, direction]) => ({ kind: 'AssertChanged' as const, variable, direction })),
    fc.tuple(fc.option(actor, { nil: undefined }), event, fc.boolean(), keyValues(0)).map(([a, ev, negated, w]) => ({ kind: 'AssertEvent' as const, ...(a === undefined ? {} : { actor: a }), event: ev, negated, with: w })),
    fc.tuple(fc.constantFrom(...ACTIONS), fc.boolean(), keyValues(0)).map(([action, negated, w]) => ({ kind: 'AssertCalled' as const, action, negated, with: w })),
    fc.oneof(
      fc.integer({ min: 100, max: 599 }).map((n) => ({ kind: 'AssertReply' as const, check: 'status' as const, value: { kind: 'Literal' as const, value: n } })),
      ident.map((key) => ({ kind: 'AssertReply' as const, check: 'contains' as const, key })),
      fc.tuple(ident, valueExpr, dotted).map(([key, value, d]) => ({ kind: 'AssertReply' as const, check: 'equals' as const, key, value, ...d })),
      fc.tuple(ident, ident, valueExpr).map(([a, b, value]) => ({ kind: 'AssertReply' as const, check: 'equals' as const, key: `${a}.${b}`, value, dotted: true })),
    ),
    fc.constantFrom(...TEXT_ASSERTIONS).map((text) => ({ kind: 'AssertText' as const, text })),
  )
  .map((a) => {
    const node = { ...a, text: '', loc } as Assertion;
    return { ...node, text: a.kind === 'AssertText' ? a.text : printAssertion(node) } as Assertion;
  });

export const handlerArb: fc.Arbitrary<Handler> = fc
  .tuple(
    event,
    fc.option(actor, { nil: undefined }),
    fc.constantFrom('internal', 'api', 'legacy', 'queued'),
    fc.option(fc.constantFrom('critical', 'high', 'normal', 'low', 'bulk' as const), { nil: undefined }),
    fc.option(fc.constantFrom('day at 02:00', 'hour', 'monday at 09:00', '5 minutes'), { nil: undefined }),
    fc.array(givenArb, { maxLength: 2 }),
    blockArb(2),
    fc.array(assertionArb, { maxLength: 3 }),
  )
  .map(([ev, from, access, priority, triggered, given, body, expect]) => ({
    kind: 'Handler' as const,
    event: ev,
    ...(from === undefined ? {} : { from }),
    api: access !== 'internal',
    legacyApi: access === 'legacy',
    queued: access === 'queued',
    ...(priority === undefined ? {} : { priority }),
    ...(triggered === undefined ? {} : { triggered }),
    given,
    body,
    expect,
    loc,
  }));

const scenarioArb = (named: boolean): fc.Arbitrary<Scenario> =>
  fc.tuple(phrase, fc.array(givenArb, { maxLength: 2 }), fc.array(handlerArb, { minLength: 1, maxLength: 2 }), fc.array(assertionArb, { maxLength: 2 })).map(([name, given, handlers, expect]) => ({
    kind: 'Scenario' as const,
    ...(named ? { name } : {}),
    given,
    handlers,
    expect,
    loc,
  }));

const machineArb = (name: fc.Arbitrary<string>, implicit = false): fc.Arbitrary<MachineDecl> =>
  fc
    .tuple(
      name,
      fc.array(state, { maxLength: 3 }),
      fc.array(fc.tuple(ident, keyValues(1)).map(([n, fields]) => ({ kind: 'NamedResponse' as const, name: n, fields, loc })), { maxLength: 2 }),
      fc.option(scenarioArb(false), { nil: undefined }),
      fc.array(scenarioArb(true), { maxLength: 2 }),
    )
    .map(([n, states, responses, unnamed, named]) => ({
      kind: 'Machine' as const,
      name: implicit ? '' : n,
      ...(implicit ? { implicit: true } : {}),
      states: states.map((s) => ({ kind: 'StateDecl' as const, state: s, loc })),
      scenarios: unnamed === undefined ? named : [unnamed, ...named],
      responses,
      loc,
    }));

const assumeArb: fc.Arbitrary<AssumeLine> = fc.oneof(
  fc
    .tuple(fc.constantFrom('book is available', 'customer has *', '$total > {any}'), fc.boolean(), fc.option(event, { nil: undefined }))
    .map(([pattern, value, ev]) => ({ kind: 'AssumeGuard' as const, pattern, value, ...(ev === undefined ? {} : { event: ev }), loc })),
  fc
    .tuple(
      fc.constantFrom('charge card', 'send confirmation email', 'process'),
      fc.oneof(
        fc.constant({ kind: 'success' as const }),
        valueExpr.map((value) => ({ kind: 'returns' as const, value })),
        fc.oneof(fc.string({ maxLength: 8 }).map((value) => ({ kind: 'Literal' as const, value })), exprArb('word', 1).filter((e) => e.kind === 'Object')).map((value) => ({ kind: 'throws' as const, value })),
        event.map((e) => ({ kind: 'triggers' as const, event: e })),
      ),
      fc.option(fc.constantFrom('{ amount: > 10000 }', '{any}'), { nil: undefined }),
      fc.option(actor, { nil: undefined }),
      fc.option(event, { nil: undefined }),
    )
    .map(([pattern, outcome, matcher, machine, ev]) => ({
      kind: 'AssumeAction' as const,
      pattern,
      outcome,
      ...(matcher === undefined ? {} : { matcher }),
      ...(machine === undefined ? {} : { machine }),
      ...(ev === undefined ? {} : { event: ev }),
      loc,
    })),
);

const testCaseArb: fc.Arbitrary<TestCase> = fc
  .tuple(
    phrase,
    fc.array(givenArb, { maxLength: 2 }),
    fc.array(givenArb, { maxLength: 1 }),
    fc.array(givenArb, { maxLength: 2 }),
    fc.array(givenArb, { maxLength: 1 }),
    fc.array(assumeArb, { maxLength: 4 }),
    fc.array(fc.constantFrom(...ACTIONS), { maxLength: 2 }),
    fc.array(fc.tuple(fc.constantFrom('after', 'receive', 'then' as const), event, fc.option(actor, { nil: undefined })), { maxLength: 3 }),
    fc.array(assertionArb, { maxLength: 3 }),
  )
  .map(([name, withScenario, withGiven, withEvent, withContext, assume, observe, steps, assertions]) => ({
    kind: 'TestCase' as const,
    name,
    withScenario,
    withGiven,
    withEvent,
    withContext,
    assume,
    observe,
    steps: steps.map(([step, ev, from]) => ({ kind: 'PathStep' as const, step, event: ev, ...(from === undefined ? {} : { from }), loc })),
    assertions,
    loc,
  }));

const testArb: fc.Arbitrary<TestDecl> = fc
  .tuple(
    fc.oneof(actor.map((machine) => ({ machine })), phrase.map((system) => ({ system }))),
    fc.array(
      fc
        .tuple(
          phrase,
          fc.array(fc.tuple(event, fc.option(actor, { nil: undefined }), fc.array(testCaseArb, { maxLength: 2 })), { maxLength: 2 }),
          fc.array(testCaseArb, { maxLength: 2 }),
        )
        .map(([name, groups, cases]) => ({
          kind: 'TestScenario' as const,
          name,
          groups: groups.map(([ev, machine, cs]) => ({ kind: 'EventGroup' as const, event: ev, ...(machine === undefined ? {} : { machine }), cases: cs, loc })),
          cases,
          loc,
        })),
      { maxLength: 2 },
    ),
  )
  .map(([target, scenarios]) => ({ kind: 'Test' as const, ...target, scenarios, loc }));

export const flowFileArb: fc.Arbitrary<FlowFile> = fc
  .tuple(
    fc.option(blockArb(1), { nil: undefined }),
    fc.option(
      fc.tuple(phrase, fc.array(fc.tuple(actor, fc.string({ maxLength: 10 })), { maxLength: 2 })).map(([name, uses]) => ({
        kind: 'System' as const,
        name,
        uses: uses.map(([machine, p]) => ({ kind: 'Uses' as const, machine, path: p, loc })),
        loc,
      })),
      { nil: undefined },
    ),
    fc.option(machineArb(fc.constant(''), true).filter((m) => m.scenarios[0]?.name === undefined && m.scenarios.length > 0), { nil: undefined }),
    fc.uniqueArray(actor, { maxLength: 2 }).chain((names) => fc.tuple(...names.map((n) => machineArb(fc.constant(n))))),
    fc.array(testArb, { maxLength: 1 }),
  )
  .map(([statements, system, implicit, machines, tests]) => ({
    kind: 'FlowFile' as const,
    file: 'gen.flow',
    ...(system === undefined ? {} : { system }),
    machines: implicit === undefined ? machines : [implicit, ...machines],
    tests,
    ...(statements === undefined ? {} : { statements }),
    loc,
  }));

/** Line templates for text-level fuzzing (indentation and order are random). */
const TEMPLATES = [
  'on :e', 'on :f from @a (api)', 'on> :g from @b', 'on :h (queued api) (priority low)',
  '? card is valid', '? $x > 1', '?? $y', '? order is in #a', '?', 'otherwise', ': else', '? not $a and ($b or $c)',
  'order moves to #b', '$x becomes 1', '$x: number increases by $y * 2', '$l adds "a // b"', '$l clears', '$r becomes emit :q to @m',
  'emit :e to @m', 'emit async :e to all @m in #a, #b', 'emit :e to @m with $a, $b', 'emit :e to @m with k: "v", j: 2', 'emit :e to @m with:', 'with:', 'with $z',
  '| a | 1 |', '| field | value |', '| k | $v |', '| $x | required, between 0 and 3 |',
  'reply 200', 'reply 201 created with:', 'reply 404 not found with err', 'reply 200 with ^t',
  'schedule :r for $d seconds', 'send email // note', 'notify @x /* soon */ now', 'for each l in #a', 'triggered: every day at 02:00',
  'given:', 'expect:', '= order is in #a', '= $x equals 2', '= @a received :e', '= :e was not emitted', '= send email was called with:', 'amount: 5', 'with reason: "x"',
  '$t is 5', 'cart contains:', 'order is in #z', 'key: [1, 2]',
  'scenario: s', 'machine: @m', 'system: sys', 'uses:', '@p from "./p.flow"', 'responses:', 'summary:', '#st',
  'test: @m', 'for scenario: s', 'for :e:', 'for :e to @m:', 'case one:', 'with scenario:', 'with event:', 'assume:', '? x = true',
  'charge card = success', 'in :e', '@p.process throws "no"', 'observe:', 'after :e', 'receive :f from @a', '',
];

export const flowTextArb: fc.Arbitrary<string> = fc
  .array(fc.tuple(fc.integer({ min: 0, max: 5 }), fc.constantFrom(...TEMPLATES)).map(([indent, text]) => '  '.repeat(indent) + text), { maxLength: 30 })
  .map((lines) => lines.join('\n'));
