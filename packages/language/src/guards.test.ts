import { describe, expect, test } from 'vitest';
import type { GuardChain } from './ast.ts';
import { body, codes } from './test-support/helpers.ts';

const text = (t: string) => ({ kind: 'Text', text: t });
const line = (op: '?' | '??', t: string) => ({ kind: 'GuardLine', op, condition: text(t), text: t });
const act = (t: string) => ({ kind: 'Action', text: t });

describe('guards', () => {
  test('consecutive ? lines AND into one group; ?? starts an OR conjunct', () => {
    expect(body('? a thing holds', '? b thing holds', '?? c thing holds', '  do it')).toEqual([
      {
        kind: 'GuardChain',
        branches: [{ kind: 'GuardBranch', lines: [line('?', 'a thing holds'), line('?', 'b thing holds'), line('??', 'c thing holds')], body: [act('do it')] }],
      },
    ]);
  });

  test('branches in sequence form one chain; first match wins', () => {
    const [chain] = body('? big order', '  x', '? small order', '  y', 'otherwise', '  z') as [GuardChain];
    expect(chain.branches.map((b) => b.lines[0]?.text)).toEqual(['big order', 'small order']);
    expect(chain.otherwise).toEqual([act('z')]);
  });

  test.each([
    ['otherwise', 'otherwise'],
    ['?', '?'],
    [': else', ': else'],
    [':else', ': else'],
  ])('else spelled %s', (spelled, spelling) => {
    const [chain] = body('? card is valid', '  pay', spelled, '  refuse') as [GuardChain];
    expect(chain.elseSpelling).toBe(spelling);
    expect(chain.otherwise).toEqual([act('refuse')]);
  });

  test('gate: a group without body followed by a blank line, then a chain', () => {
    const stmts = body('? order exists', '? order belongs to @customer', '', '? refund is small', '  refund') as GuardChain[];
    expect(stmts).toHaveLength(2);
    expect(stmts[0]?.branches[0]?.lines).toHaveLength(2);
    expect(stmts[0]?.branches[0]?.body).toBeUndefined();
    expect(stmts[1]?.branches[0]?.body).toEqual([act('refund')]);
  });

  test('§3.6.5: blank lines between branches with bodies do not end the chain; an else after one joins it', () => {
    const stmts = body('? a holds', '  x', '', '? b holds', '  y', '', '', 'otherwise', '  z') as GuardChain[];
    expect(stmts).toHaveLength(1);
    expect(stmts[0]?.branches.map((b) => b.lines[0]?.text)).toEqual(['a holds', 'b holds']);
    expect(stmts[0]?.otherwise).toEqual([act('z')]);
  });

  test('the docs\' traffic light: three branches separated by blank lines are one chain', () => {
    const stmts = body(
      '? traffic_light is in #red',
      '  traffic_light moves to #green',
      '',
      '? traffic_light is in #green',
      '  traffic_light moves to #yellow',
      '',
      '? traffic_light is in #yellow',
      '  traffic_light moves to #red',
    ) as GuardChain[];
    expect(stmts).toHaveLength(1);
    expect(stmts[0]?.branches).toHaveLength(3);
  });

  test('a gate before a chain, and a gate after one, each stay a statement of their own', () => {
    const stmts = body('? order exists', '', '? big refund', '  a', '', '? small refund', '  b', '', '? all done') as GuardChain[];
    expect(stmts.map((s) => s.branches.length)).toEqual([1, 2, 1]);
    expect(stmts[0]?.branches[0]?.body).toBeUndefined();
    expect(stmts[2]?.branches[0]?.body).toBeUndefined();
  });

  test('a plain statement ends a chain', () => {
    const stmts = body('? a holds', '  x', 'log it', '? b holds', '  y');
    expect(stmts.map((s) => s.kind)).toEqual(['GuardChain', 'Action', 'GuardChain']);
  });

  test('nested chains: an inner otherwise belongs to the inner chain', () => {
    const [outer] = body('? a holds', '  ? b holds', '    x', '  otherwise', '    y', 'otherwise', '  z') as [GuardChain];
    const inner = outer.branches[0]?.body?.[0] as GuardChain;
    expect(inner.otherwise).toEqual([act('y')]);
    expect(outer.otherwise).toEqual([act('z')]);
  });

  test('deep nesting keeps going', () => {
    const lines: string[] = [];
    for (let d = 0; d < 20; d++) lines.push(`${'  '.repeat(d)}? level ${d} holds`);
    lines.push(`${'  '.repeat(20)}done`);
    let stmts = body(...lines);
    for (let d = 0; d < 20; d++) stmts = [...((stmts[0] as GuardChain).branches[0]?.body ?? [])];
    expect(stmts).toEqual([act('done')]);
  });

  test('an else without a chain parses as a chain without branches (check() reports it)', () => {
    expect(body('otherwise', '  x')).toEqual([{ kind: 'GuardChain', branches: [], otherwise: [act('x')], elseSpelling: 'otherwise' }]);
  });

  test('?? first is an error; an empty guard is an error', () => {
    expect(codes('on :e\n  ?? x holds\n    y')).toEqual(['or-guard-without-guard']);
    expect(codes('on :e\n  ? $a and\n    y')).toEqual(['expected-condition']);
  });

  test('inconsistent indentation inside a block', () => {
    expect(codes('on :e\n    a\n  b\n    c')).toEqual(['inconsistent-indentation']);
    expect(codes('on :e\n  ? x holds\n      a\n    b')).toEqual(['inconsistent-indentation']);
  });
});
