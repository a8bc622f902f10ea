import { expect, test } from 'vitest';
import { decideAppend } from './decide.ts';
import { outboxOrder } from './outbox-order.ts';
import { nextPosition } from './position.ts';

test('duplicate wins over conflict, conflict over a mixed batch', () => {
  const stored = new Set(['e1', 'e2']);
  expect(decideAppend(3, 3, ['e1', 'e2'], stored)).toEqual({ kind: 'duplicate' });
  expect(decideAppend(0, 3, ['e2'], stored)).toEqual({ kind: 'duplicate' });
  expect(decideAppend(1, 3, ['e3'], stored)).toEqual({ kind: 'conflict' });
  expect(decideAppend(5, 3, ['e3'], stored)).toEqual({ kind: 'conflict' });
  expect(decideAppend(1, 3, ['e3', 'e1'], stored)).toEqual({ kind: 'conflict' });
  expect(decideAppend(3, 3, ['e3', 'e1'], stored)).toEqual({ kind: 'mixed', stored: ['e1'] });
  expect(decideAppend(3, 3, ['e3', 'e4'], stored)).toEqual({ kind: 'write' });
});

test('positions increase strictly, also when the clock stands still or steps back', () => {
  const a = nextPosition(1_000);
  const b = nextPosition(1_000);
  const c = nextPosition(999);
  const d = nextPosition(2_000);
  expect([b > a, c > b, d > c]).toEqual([true, true, true]);
  expect(d).toBe(2_000_000);
});

test('the outbox keeps each aggregate in seq order, in the slots its commits occupy', () => {
  const c = (aggregate_id: string, first_seq: number) => ({ aggregate_id, first_seq });
  // order-1's seq 3 was written by a process whose clock runs behind.
  const byPosition = [c('order-1', 3), c('order-2', 1), c('order-1', 1), c('order-2', 2)];
  expect(outboxOrder(byPosition, (commit) => commit)).toEqual([c('order-1', 1), c('order-2', 1), c('order-1', 3), c('order-2', 2)]);
  expect(outboxOrder([], (commit) => commit)).toEqual([]);
});
