import { describe, expect, test } from 'vitest';
import type { Condition } from './ast.ts';
import { printCondition } from './print-expr.ts';
import { parseCondition } from './standalone.ts';

const v = (...path: string[]) => ({ kind: 'Var', path });
const lit = (value: string | number | boolean | null) => ({ kind: 'Literal', value });
const name = (...path: string[]) => ({ kind: 'Name', path });
const cmp = (op: string, phrase: string, left: unknown, right: unknown) => ({ kind: 'Compare', op, phrase, left, right });

describe('conditions', () => {
  test.each<[string, unknown]>([
    ['order is in #paid', { kind: 'InState', subject: 'order', negated: false, states: ['#paid'] }],
    ['order is not in #a, #b', { kind: 'InState', subject: 'order', negated: true, states: ['#a', '#b'] }],
    ['@member is in #active', { kind: 'InState', subject: '@member', negated: false, states: ['#active'] }],
    ['$v equals 5', cmp('==', 'equals', v('v'), lit(5))],
    ['$v is "x"', cmp('==', 'is', v('v'), lit('x'))],
    ['$v is not true', cmp('!=', 'is not', v('v'), lit(true))],
    ['$v is greater than 3', cmp('>', 'is greater than', v('v'), lit(3))],
    ['$v is less than $w', cmp('<', 'is less than', v('v'), v('w'))],
    ['$v is at least 1.5', cmp('>=', 'is at least', v('v'), lit(1.5))],
    ['$v is at most -2', cmp('<=', 'is at most', v('v'), lit(-2))],
    ['$v > 1', cmp('>', '>', v('v'), lit(1))],
    ['$v < 1', cmp('<', '<', v('v'), lit(1))],
    ['$v >= 1', cmp('>=', '>=', v('v'), lit(1))],
    ['$v <= 1', cmp('<=', '<=', v('v'), lit(1))],
    ['$v is between 1 and 10', { kind: 'Between', value: v('v'), low: lit(1), high: lit(10) }],
    ['$items contains "x"', { kind: 'Contains', collection: v('items'), item: lit('x') }],
    ['$items is empty', { kind: 'Empty', value: v('items'), negated: false }],
    ['$items is not empty', { kind: 'Empty', value: v('items'), negated: true }],
    ['$result.success', { kind: 'Truthy', value: v('result', 'success') }],
    ['check($x)', { kind: 'Truthy', value: { kind: 'Call', name: 'check', args: [v('x')] } }],
    ['amount < 1000', cmp('<', '<', name('amount'), lit(1000))],
    ['payment_method is "card"', cmp('==', 'is', name('payment_method'), lit('card'))],
    ['($total * $pct / 100) > 5', cmp('>', '>', { kind: 'Binary', op: '/', left: { kind: 'Binary', op: '*', left: v('total'), right: v('pct') }, right: lit(100) }, lit(5))],
    ['card is valid', { kind: 'Text', text: 'card is valid' }],
    ['@member is verified', { kind: 'Text', text: '@member is verified' }],
    ['days since purchase < 7', { kind: 'Text', text: 'days since purchase < 7' }],
    ['cart is not empty', { kind: 'Text', text: 'cart is not empty' }],
    ['approved', { kind: 'Text', text: 'approved' }],
  ])('%s', (source, expected) => {
    expect(parseCondition(source)).toEqual(expected);
  });

  test('not > and > or precedence', () => {
    const t = (x: string) => ({ kind: 'Truthy', value: v(x) });
    expect(parseCondition('$a or $b and not $c')).toEqual({
      kind: 'Or',
      left: t('a'),
      right: { kind: 'And', left: t('b'), right: { kind: 'Not', operand: t('c') } },
    });
    expect(parseCondition('($a or $b) and $c')).toEqual({ kind: 'And', left: { kind: 'Or', left: t('a'), right: t('b') }, right: t('c') });
    expect(parseCondition('not already_approved_by($reviewer)')).toEqual({
      kind: 'Not',
      operand: { kind: 'Truthy', value: { kind: 'Call', name: 'already_approved_by', args: [v('reviewer')] } },
    });
  });

  test('between keeps its own and', () => {
    expect(parseCondition('$a is between 1 and 2 and card is valid')).toEqual({
      kind: 'And',
      left: { kind: 'Between', value: v('a'), low: lit(1), high: lit(2) },
      right: { kind: 'Text', text: 'card is valid' },
    });
  });

  test.each(['$a or $b and not $c', '($a or $b) and $c', 'not ($a and $b)', '$a and ($b or $c)', '$x - (1 - 2) > 3', 'order is not in #a, #b'])(
    'printCondition round-trips %s',
    (source) => {
      const c = parseCondition(source) as Condition;
      expect(printCondition(c)).toBe(source);
      expect(parseCondition(printCondition(c))).toEqual(c);
    },
  );

  test('errors throw FlowSyntaxError', () => {
    expect(() => parseCondition('$a and')).toThrow(/Expected a condition, found end of line/);
    expect(() => parseCondition('"open')).toThrow(/SYNTAX|close the string/);
  });
});
