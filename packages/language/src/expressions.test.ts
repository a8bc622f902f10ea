import { describe, expect, test } from 'vitest';
import { printExpr } from './print-expr.ts';
import { parseExpression } from './standalone.ts';

describe('expressions', () => {
  test.each<[string, unknown]>([
    ['42', { kind: 'Literal', value: 42 }],
    ['-3.5', { kind: 'Literal', value: -3.5 }],
    ['1e-7', { kind: 'Literal', value: 1e-7 }],
    ['"a\\n\\"b\\u00e9"', { kind: 'Literal', value: 'a\n"bé' }],
    ['true', { kind: 'Literal', value: true }],
    ['null', { kind: 'Literal', value: null }],
    ['empty', { kind: 'EmptyValue' }],
    ['current_state', { kind: 'CurrentState' }],
    ['#paid', { kind: 'StateRef', state: '#paid' }],
    ['$a.b.c', { kind: 'Var', path: ['a', 'b', 'c'] }],
    ['@reviewer.id', { kind: 'ActorField', actor: '@reviewer', path: ['id'] }],
    ['uuid()', { kind: 'Call', name: 'uuid', args: [] }],
    ['yesterday', { kind: 'Word', text: 'yesterday' }],
    ['["a", 1, []]', { kind: 'Array', items: [{ kind: 'Literal', value: 'a' }, { kind: 'Literal', value: 1 }, { kind: 'Array', items: [] }] }],
    ['{ code: 500, "x y": {} }', { kind: 'Object', entries: [['code', { kind: 'Literal', value: 500 }], ['x y', { kind: 'Object', entries: [] }]] }],
  ])('%s', (source, expected) => {
    expect(parseExpression(source)).toEqual(expected);
  });

  test('precedence and parentheses', () => {
    const v = (x: string) => ({ kind: 'Var', path: [x] });
    expect(parseExpression('$a + $b * $c - $d')).toEqual({
      kind: 'Binary',
      op: '-',
      left: { kind: 'Binary', op: '+', left: v('a'), right: { kind: 'Binary', op: '*', left: v('b'), right: v('c') } },
      right: v('d'),
    });
    expect(printExpr(parseExpression('($a + $b) * $c'))).toBe('($a + $b) * $c');
    expect(printExpr(parseExpression('$a - ($b - $c)'))).toBe('$a - ($b - $c)');
    expect(printExpr(parseExpression('$a - $b - $c'))).toBe('$a - $b - $c');
    expect(printExpr(parseExpression('{a: [1, "x"], "b c": -2}'))).toBe('{a: [1, "x"], "b c": -2}');
  });

  test('bare names in name mode', () => {
    expect(parseExpression('amount', 'name')).toEqual({ kind: 'Name', path: ['amount'] });
  });

  test('errors', () => {
    expect(() => parseExpression('$a +')).toThrow(/Expected an expression, found end of line/);
    expect(() => parseExpression('[1, 2')).toThrow(/Expected ',' or '\]', found end of line/);
    expect(() => parseExpression('"bad \\q"')).toThrow(/invalid escape/);
    expect(() => parseExpression('- $x')).toThrow(/Expected a number after '-'/);
  });
});
