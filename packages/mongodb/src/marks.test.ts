// The store's memory of which append call wrote each outbox record: kept until marked, bounded.
import { expect, test } from 'vitest';
import { OutboxCalls } from './marks.ts';

test('an outbox record is known by its append call until it is marked; ids with colons stay apart', () => {
  const calls = new OutboxCalls();
  calls.note('order:1', [2, 3], 'w.7');
  calls.note('order', [12], 'w.8');
  expect([calls.callOf({ aggregateId: 'order:1', seq: 2 }), calls.callOf({ aggregateId: 'order:1', seq: 3 }), calls.callOf({ aggregateId: 'order', seq: 12 })]).toEqual(['w.7', 'w.7', 'w.8']);
  expect(calls.callOf({ aggregateId: 'order', seq: 1 })).toBeUndefined();
  calls.forget([{ aggregateId: 'order:1', seq: 2 }]);
  expect([calls.callOf({ aggregateId: 'order:1', seq: 2 }), calls.callOf({ aggregateId: 'order:1', seq: 3 })]).toEqual([undefined, 'w.7']);
});

test('at most 10,000 records are remembered: the oldest are forgotten first', () => {
  const calls = new OutboxCalls();
  for (let i = 0; i < 10_050; i++) calls.note(`order-${i}`, [1], `w.${i}`);
  expect(calls.callOf({ aggregateId: 'order-49', seq: 1 })).toBeUndefined();
  expect(calls.callOf({ aggregateId: 'order-50', seq: 1 })).toBe('w.50');
  expect(calls.callOf({ aggregateId: 'order-10049', seq: 1 })).toBe('w.10049');
});
