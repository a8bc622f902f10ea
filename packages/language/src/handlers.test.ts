import { describe, expect, test } from 'vitest';
import { parse } from './parser.ts';
import { codes, handlers, parseClean } from './test-support/helpers.ts';
import { stripLocations } from './test-support/strip-locations.ts';

function header(line: string) {
  const { given, body, expect: e, kind, ...rest } = stripLocations(handlers(parseClean(`${line}\n  do it`))[0]!);
  void given, body, e, kind;
  return rest;
}

describe('handler headers', () => {
  test('on :e from @a (api)', () => {
    expect(header('on :checkout from @customer (api)')).toEqual({ event: ':checkout', from: '@customer', api: true, legacyApi: false, queued: false });
  });

  test('on> :e from @a', () => {
    expect(header('on> :checkout from @customer')).toEqual({ event: ':checkout', from: '@customer', api: true, legacyApi: true, queued: false });
  });

  test('on :e without from', () => {
    expect(header('on :tick')).toEqual({ event: ':tick', api: false, legacyApi: false, queued: false });
  });

  test('(queued api) and (priority high)', () => {
    expect(header('on :import from @admin (queued api) (priority high)')).toEqual({
      event: ':import',
      from: '@admin',
      api: true,
      legacyApi: false,
      queued: true,
      priority: 'high',
    });
    expect(header('on :x (api) (priority bulk)')).toMatchObject({ api: true, priority: 'bulk' });
  });

  test('on> with (api) is a warning', () => {
    const { diagnostics, ast } = parse('on> :e from @a (api)\n  x', 'a.flow');
    expect(diagnostics.map((d) => [d.code, d.severity])).toEqual([['redundant-api', 'warning']]);
    expect(handlers(ast)[0]).toMatchObject({ api: true, legacyApi: true });
  });

  test('repeated modifiers are errors', () => {
    expect(codes('on :e (api) (api)\n  x')).toEqual(['repeated-modifier']);
    expect(codes('on :e (priority high) (priority low)\n  x')).toEqual(['repeated-modifier']);
    expect(codes('on :e (api) (queued api)\n  x')).toEqual(['repeated-modifier']);
  });

  test('bad modifiers and priorities', () => {
    expect(codes('on :e (public)\n  x')).toEqual(['invalid-modifier']);
    expect(codes('on :e (priority urgent)\n  x')).toEqual(['invalid-priority']);
    expect(codes('on :e from customer\n  x')).toEqual(['expected-actor']);
    expect(codes('on :e to @x\n  x')).toEqual(['unexpected-token']);
  });

  test('"on" followed by a plain word is an action, not a header', () => {
    const ast = parseClean('on :e\n  on the shelf goes the book');
    expect(handlers(ast)[0]?.body[0]).toMatchObject({ kind: 'Action', text: 'on the shelf goes the book' });
  });

  test('handler parts: triggered, given, statements, expect', () => {
    const ast = parseClean(['on :e', '  triggered: every hour', '  given:', '    $n is 1', '  for each x in #a', '    x moves to #b', '  expect:', '    = $n equals 1'].join('\n'));
    const h = handlers(ast)[0];
    expect(h?.triggered).toBe('hour');
    expect(h?.given.map((g) => g.kind)).toEqual(['GivenVar']);
    expect(h?.body.map((s) => s.kind)).toEqual(['ForEach']);
    expect(h?.expect.map((a) => a.kind)).toEqual(['AssertCondition']);
  });

  test('given: nested inside a guard is misplaced', () => {
    expect(codes('on :e\n  ? $x\n    given:\n      $x is 1')).toEqual(['misplaced-section']);
  });

  test('scenario-level given and expect', () => {
    const ast = parseClean(['machine: @m', 'scenario: s', '  given:', '    order is in #new', '  on :e', '    x', '  expect:', '    = order is in #new'].join('\n'));
    const s = ast.machines[0]?.scenarios[0];
    expect(s?.given.map((g) => g.kind)).toEqual(['GivenState']);
    expect(s?.handlers).toHaveLength(1);
    expect(s?.handlers[0]?.expect).toEqual([]);
    expect(s?.expect.map((a) => a.kind)).toEqual(['AssertState']);
  });

  test('sections: uses, states, responses, several scenarios', () => {
    const ast = parseClean(
      [
        'system: shop',
        'uses:',
        '  @payment from "./payment.flow"',
        'machine: @order',
        '  // normal states',
        '  #new',
        '  #paid',
        '  responses:',
        '    summary:',
        '      | id    | $order_id     |',
        '      | state | current_state |',
        '  scenario: one',
        '    on :a',
        '      x',
        '  scenario: two',
        '    on :b',
        '      reply 200 with summary',
      ].join('\n'),
    );
    expect(stripLocations(ast.system)).toEqual({ kind: 'System', name: 'shop', uses: [{ kind: 'Uses', machine: '@payment', path: './payment.flow' }] });
    const m = ast.machines[0];
    expect(m?.states.map((s) => s.state)).toEqual(['#new', '#paid']);
    expect(stripLocations(m?.responses)).toEqual([
      {
        kind: 'NamedResponse',
        name: 'summary',
        fields: [
          { key: 'id', value: { kind: 'Var', path: ['order_id'] } },
          { key: 'state', value: { kind: 'CurrentState' } },
        ],
      },
    ]);
    expect(m?.scenarios.map((s) => [s.name, s.handlers.map((h) => h.event)])).toEqual([
      ['one', [':a']],
      ['two', [':b']],
    ]);
  });

  test('scenario: at column 0 under machine: at column 0', () => {
    const ast = parseClean('machine: @a\n\nscenario: s\n\non :e\n  x\n\nscenario: t\non :f\n  y');
    expect(ast.machines[0]?.scenarios.map((s) => [s.name, s.handlers.length])).toEqual([
      ['s', 1],
      ['t', 1],
    ]);
  });
});
