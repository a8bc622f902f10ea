import { describe, expect, test } from 'vitest';
import { codes, parseClean } from './test-support/helpers.ts';
import { stripLocations } from './test-support/strip-locations.ts';

describe('.test.flow', () => {
  test('variations, assume (incl. in :event and @m.action throws), observe, steps', () => {
    const ast = parseClean(
      [
        'test: system shop',
        'for scenario: checkout',
        '  for :checkout to @order:',
        '    big order:',
        '      with given:',
        '        $total is 100',
        '      with event:',
        '        payment_method is "card"',
        '        items: ["pen"]',
        '      with context:',
        '        $total is 5000',
        '      assume:',
        '        ? customer has * = true',
        '        ? $total > {any} = false',
        '        charge card = success',
        '        lookup rate returns { rate: 0.2 }',
        '        send email throws "smtp down"',
        '        charge card with { amount: > 10000 } triggers :fraud_alert',
        '        in :payment_request',
        '          ? card is valid = false',
        '          charge card throws { code: 500, message: "boom" }',
        '        @payment.process throws "declined"',
        '      observe:',
        '        send confirmation email',
        '      = send confirmation email was called',
      ].join('\n'),
    );
    const test0 = ast.tests[0];
    expect(test0?.system).toBe('shop');
    const c = test0?.scenarios[0]?.groups[0]?.cases[0];
    expect(test0?.scenarios[0]?.groups[0]?.machine).toBe('@order');
    expect(stripLocations(c?.withGiven)).toEqual([{ kind: 'GivenVar', variable: 'total', op: 'is', value: { kind: 'Literal', value: 100 }, text: '$total is 100' }]);
    expect(c?.withEvent.map((g) => g.kind)).toEqual(['GivenText', 'GivenField']);
    expect(c?.withContext).toHaveLength(1);
    expect(stripLocations(c?.assume)).toEqual([
      { kind: 'AssumeGuard', pattern: 'customer has *', value: true },
      { kind: 'AssumeGuard', pattern: '$total > {any}', value: false },
      { kind: 'AssumeAction', pattern: 'charge card', outcome: { kind: 'success' } },
      { kind: 'AssumeAction', pattern: 'lookup rate', outcome: { kind: 'returns', value: { kind: 'Object', entries: [['rate', { kind: 'Literal', value: 0.2 }]] } } },
      { kind: 'AssumeAction', pattern: 'send email', outcome: { kind: 'throws', value: { kind: 'Literal', value: 'smtp down' } } },
      { kind: 'AssumeAction', pattern: 'charge card', matcher: '{ amount: > 10000 }', outcome: { kind: 'triggers', event: ':fraud_alert' } },
      { kind: 'AssumeGuard', pattern: 'card is valid', value: false, event: ':payment_request' },
      {
        kind: 'AssumeAction',
        pattern: 'charge card',
        event: ':payment_request',
        outcome: {
          kind: 'throws',
          value: { kind: 'Object', entries: [['code', { kind: 'Literal', value: 500 }], ['message', { kind: 'Literal', value: 'boom' }]] },
        },
      },
      { kind: 'AssumeAction', pattern: 'process', machine: '@payment', outcome: { kind: 'throws', value: { kind: 'Literal', value: 'declined' } } },
    ]);
    expect(c?.observe).toEqual(['send confirmation email']);
    expect(c?.assertions.map((a) => a.kind)).toEqual(['AssertCalled']);
  });

  test('for scenario: may be indented or not, several scenarios', () => {
    const ast = parseClean(['test: @m', 'for scenario: a', '  one:', '    = x is in #a', '  for scenario: b', '    two:', '      after :e'].join('\n'));
    expect(ast.tests[0]?.scenarios.map((s) => [s.name, s.cases.map((c) => c.name)])).toEqual([
      ['a', ['one']],
      ['b', ['two']],
    ]);
  });

  test('errors', () => {
    expect(codes('test: order')).toEqual(['expected-test-target']);
    expect(codes('for scenario: a\n  x:\n    = a is in #b')).toEqual(['for-scenario-without-test']);
    expect(codes('test: @m\nfor scenario: a\n  not a case')).toEqual(['unexpected-line']);
    expect(codes('test: @m\nfor scenario: a\n  c:\n    do something')).toEqual(['unexpected-line']);
    expect(codes('test: @m\nfor scenario: a\n  c:\n    assume:\n      charge card')).toEqual(['invalid-assume']);
    expect(codes('test: @m\nfor scenario: a\n  c:\n    assume:\n      ? x = maybe')).toEqual(['invalid-assume']);
    expect(codes('test: @m\nfor scenario: a\n  c:\n    receive :e by @x')).toEqual(['unexpected-token']);
  });
});
