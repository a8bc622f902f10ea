import { describe, expect, test } from 'vitest';
import type { GuardChain, Handler, Reply } from './ast.ts';
import { check } from './check.ts';
import { fixture } from './test-support/fixtures.ts';
import { handlers, parseClean } from './test-support/helpers.ts';
import { stripLocations } from './test-support/strip-locations.ts';

describe('spec examples', () => {
  test('§3.5.5 borrow a book', () => {
    const ast = parseClean(fixture('loan.flow'), 'loan.flow');
    const scenario = ast.machines[0]?.scenarios[0];
    expect(scenario?.name).toBe('borrow a book');
    const [borrow, reserved, noCopy] = handlers(ast) as [Handler, Handler, Handler];
    expect(borrow).toMatchObject({ event: ':borrow', from: '@member', api: true });
    const chain = borrow.body[0] as GuardChain;
    expect(chain.branches[0]?.body?.map((s) => s.kind)).toEqual(['ContextOp', 'Transition', 'Action', 'Emit']);
    expect(stripLocations(chain.branches[0]?.body?.[3])).toMatchObject({
      event: ':reserve_copy',
      with: { form: 'vars', fields: [{ name: 'book_id', value: { kind: 'Var', path: ['book_id'] } }] },
    });
    expect(chain.elseSpelling).toBe('otherwise');
    expect(reserved.body).toHaveLength(1);
    expect(noCopy.from).toBe('@catalog');
    expect(stripLocations(scenario?.expect)).toEqual([
      { kind: 'AssertState', subject: 'loan', mode: 'is in', state: '#on_loan', text: 'loan is in #on_loan' },
    ]);
  });

  test('§5 system with two inline machines and a reply table', () => {
    const ast = parseClean(fixture('library.flow'), 'library.flow');
    expect(ast.system?.name).toBe('library lending');
    expect(ast.machines.map((m) => [m.name, m.scenarios.map((s) => s.name)])).toEqual([
      ['@loan', ['lend']],
      ['@catalog', ['reserve']],
    ]);
    const reply = handlers(ast)[0]?.body[2] as Reply;
    expect(stripLocations(reply)).toEqual({
      kind: 'Reply',
      status: 202,
      reason: 'accepted',
      body: {
        kind: 'fields',
        fields: [
          { key: 'book_id', value: { kind: 'Var', path: ['book_id'] } },
          { key: 'status', value: { kind: 'CurrentState' } },
        ],
      },
    });
    expect(handlers(ast).map((h) => h.event)).toEqual([':borrow', ':copy_reserved', ':no_copy', ':reserve_copy']);
  });

  test('§3.6.7 gate, ?? and otherwise', () => {
    const ast = parseClean(fixture('return-book.flow'));
    const body = stripLocations(handlers(ast)[0]?.body);
    const cmp = (n: number) => ({
      kind: 'Compare',
      op: '>',
      phrase: '>',
      left: { kind: 'Var', path: ['days_late'] },
      right: { kind: 'Literal', value: n },
    });
    expect(body).toEqual([
      {
        kind: 'GuardChain',
        branches: [
          {
            kind: 'GuardBranch',
            lines: [
              {
                kind: 'GuardLine',
                op: '?',
                condition: { kind: 'InState', subject: 'loan', negated: false, states: ['#on_loan'] },
                text: 'loan is in #on_loan',
              },
            ],
          },
        ],
      },
      {
        kind: 'GuardChain',
        branches: [
          {
            kind: 'GuardBranch',
            lines: [{ kind: 'GuardLine', op: '?', condition: cmp(30), text: '$days_late > 30' }],
            body: [
              { kind: 'ContextOp', variable: 'fine', op: 'becomes', value: { kind: 'Literal', value: 20 } },
              { kind: 'Transition', subject: 'loan', verb: 'moves to', state: '#closed_with_fine' },
            ],
          },
          {
            kind: 'GuardBranch',
            lines: [
              { kind: 'GuardLine', op: '?', condition: cmp(0), text: '$days_late > 0' },
              { kind: 'GuardLine', op: '??', condition: { kind: 'Text', text: 'member is flagged' }, text: 'member is flagged' },
            ],
            body: [
              { kind: 'ContextOp', variable: 'fine', op: 'becomes', value: { kind: 'Literal', value: 5 } },
              { kind: 'Transition', subject: 'loan', verb: 'moves to', state: '#closed_with_fine' },
            ],
          },
        ],
        otherwise: [{ kind: 'Transition', subject: 'loan', verb: 'moves to', state: '#closed' }],
        elseSpelling: 'otherwise',
      },
    ]);
  });

  test('§3.12 triggered handler with for each', () => {
    const ast = parseClean(fixture('holds.flow'));
    const h = handlers(ast)[0] as Handler;
    expect(h.triggered).toBe('day at 02:00');
    expect(h.from).toBeUndefined();
    expect(stripLocations(h.body[0])).toMatchObject({ kind: 'ForEach', alias: 'loan', states: ['#reserved'] });
    expect(check(ast)).toEqual([]);
  });

  test('§6.4 test file', () => {
    const ast = parseClean(fixture('loan.test.flow'), 'loan.test.flow');
    expect(ast.machines).toEqual([]);
    const test = ast.tests[0];
    expect(test?.machine).toBe('@loan');
    const scenario = test?.scenarios[0];
    expect(scenario?.name).toBe('borrow a book');
    expect(scenario?.groups.map((g) => [g.event, g.machine, g.cases.map((c) => c.name)])).toEqual([
      [':borrow', undefined, ['book unavailable']],
    ]);
    expect(stripLocations(scenario?.groups[0]?.cases[0])).toEqual({
      kind: 'TestCase',
      name: 'book unavailable',
      withScenario: [{ kind: 'GivenText', text: 'book is checked out' }],
      withGiven: [],
      withEvent: [],
      withContext: [],
      assume: [{ kind: 'AssumeGuard', pattern: 'book is available', value: false }],
      observe: [],
      steps: [],
      assertions: [
        { kind: 'AssertEvent', actor: '@member', event: ':borrow_refused', negated: false, with: [], text: '@member received :borrow_refused' },
        { kind: 'AssertState', subject: 'loan', mode: 'is not in', state: '#active', text: 'loan is not in #active' },
      ],
    });
    expect(scenario?.cases.map((c) => c.name)).toEqual(['catalog has no copy', 'second try succeeds']);
    expect(stripLocations(scenario?.cases[1]?.steps)).toEqual([
      { kind: 'PathStep', step: 'after', event: ':borrow' },
      { kind: 'PathStep', step: 'receive', event: ':no_copy', from: '@catalog' },
      { kind: 'PathStep', step: 'then', event: ':copy_reserved', from: '@catalog' },
    ]);
  });

  test('§6.5 system test', () => {
    const ast = parseClean(fixture('library.test.flow'));
    const test = ast.tests[0];
    expect(test?.system).toBe('library lending');
    expect(test?.machine).toBeUndefined();
    const group = test?.scenarios[0]?.groups[0];
    expect([group?.event, group?.machine]).toEqual([':reserve_copy', '@catalog']);
    expect(stripLocations(group?.cases[0]?.assume)).toEqual([{ kind: 'AssumeGuard', pattern: 'copy is on shelf', value: false }]);
    expect(group?.cases[0]?.assertions.map((a) => a.kind)).toEqual(['AssertEvent', 'AssertState']);
  });
});
