// Behaviour the conformance suite leaves to each adapter; the shared contract runs from
// test-harness/src/memory.test.ts.
import { describe, expect, test } from 'vitest';
import { isConcurrencyError, isEventFlowError } from '@eventflow/core';
import { createMemoryStore } from './index.ts';
import { record, snapshot } from './test-support/records.ts';

/** The error a store call fails with, whether it throws (per-event methods answer synchronously) or rejects. */
async function rejection(call: () => unknown): Promise<unknown> {
  return Promise.resolve().then(call).then(
    () => expect.fail('expected a rejection'),
    (error: unknown) => error,
  );
}

describe('append validation', () => {
  test.each([
    ['an empty batch', 0, []],
    ['a seq gap', 0, [record('a', 2, 'e1')]],
    ['a foreign aggregate', 0, [record('b', 1, 'e1')]],
    ['a repeated event id', 0, [record('a', 1, 'e1'), record('a', 2, 'e1')]],
    ['a negative expected seq', -1, [record('a', 0, 'e1')]],
  ])('rejects %s with INVALID_APPEND and writes nothing', async (_, expectedSeq, records) => {
    const store = createMemoryStore();
    const error = await rejection(() => store.append('a', expectedSeq, records));
    expect(isEventFlowError(error) && error.code).toBe('INVALID_APPEND');
    expect(await store.lastSeq('a')).toBe(0);
    expect(await store.listAggregates()).toEqual([]);
  });

  test('a batch mixing stored and new event ids is INVALID_APPEND, whichever comes first', async () => {
    const store = createMemoryStore();
    await store.append('a', 0, [record('a', 1, 'e1')]);
    for (const ids of [['e1', 'e2'], ['e2', 'e1']]) {
      const error = await rejection(() => store.append('a', 1, ids.map((id, i) => record('a', 2 + i, id))));
      expect(isEventFlowError(error) && error.code).toBe('INVALID_APPEND');
    }
    expect(await store.lastSeq('a')).toBe(1);
    expect(await store.findByEventId('e2')).toBeUndefined();
  });

  test('duplicate wins over a stale expected seq; a wrong seq with new ids is a ConcurrencyError', async () => {
    const store = createMemoryStore();
    await store.append('a', 0, [record('a', 1, 'e1'), record('a', 2, 'e2')]);
    expect(await store.append('a', 0, [record('a', 1, 'e1')])).toEqual({ status: 'duplicate', lastSeq: 2 });
    const error = await rejection(() => store.append('a', 1, [record('a', 2, 'e3')]));
    expect(isConcurrencyError(error) && [error.expectedSeq, error.actualSeq]).toEqual([1, 2]);
  });
});

test('an id findByEventId missed is still recognised as a duplicate when another append stored it meanwhile', async () => {
  const store = createMemoryStore();
  expect(await store.findByEventId('e1')).toBeUndefined();
  await store.append('a', 0, [record('a', 1, 'e1')]);
  expect(await store.append('b', 0, [record('b', 1, 'e1')])).toEqual({ status: 'duplicate', lastSeq: 0 });
  expect(await store.findByEventId('e2')).toBeUndefined();
  expect(await store.append('b', 0, [record('b', 1, 'e2')])).toEqual({ status: 'appended', lastSeq: 1 });
  expect(await store.append('b', 1, [record('b', 2, 'e2')])).toEqual({ status: 'duplicate', lastSeq: 1 });
});

test('records are stored and returned as given, not copied', async () => {
  const store = createMemoryStore();
  const first = record('a', 1, 'e1');
  await store.append('a', 0, [first]);
  const [read] = await store.read('a');
  expect(read).toBe(first);
  expect(await store.findByEventId('e1')).toBe(first);
});

test('streams of one record and of many (one record is kept without a list) read, list and dispatch alike', async () => {
  const store = createMemoryStore();
  await store.append('one', 0, [record('one', 1, 'o1', 1)]);
  for (let seq = 1; seq <= 10; seq++) await store.append('many', seq - 1, [record('many', seq, `m${seq}`, 1)]);
  const ids = (records: readonly { event_id: string }[]) => records.map((r) => r.event_id);
  expect(ids(await store.read('one'))).toEqual(['o1']);
  expect(ids(await store.read('one', { fromSeq: 1, toSeq: 1 }))).toEqual(['o1']);
  expect(await store.read('one', { fromSeq: 2 })).toEqual([]);
  expect(ids(await store.read('many', { fromSeq: 9 }))).toEqual(['m9', 'm10']);
  expect([await store.lastSeq('one'), await store.lastSeq('many')]).toEqual([1, 10]);
  expect(await store.listAggregates('@order')).toEqual(['one', 'many']);
  await store.markDispatched('one', 2);
  await store.markDispatched('one', 1);
  await store.markDispatched('many', 10);
  expect((await store.undispatched()).map((r) => r.event_id)).toEqual(ids(await store.read('many', { toSeq: 9 })));
  await store.append('one', 1, [record('one', 2, 'o2')]);
  expect(ids(await store.read('one'))).toEqual(['o1', 'o2']);
});

test('the outbox holds only records that emitted envelopes, in append order across aggregates', async () => {
  const store = createMemoryStore();
  await store.append('a', 0, [record('a', 1, 'a1', 1), record('a', 2, 'a2', 0)]);
  await store.append('b', 0, [record('b', 1, 'b1', 2)]);
  await store.append('a', 2, [record('a', 3, 'a3', 1)]);
  const ids = async () => (await store.undispatched()).map((r) => r.event_id);
  expect(await ids()).toEqual(['a1', 'b1', 'a3']);
  await store.markDispatched('b', 1);
  await store.markDispatched('b', 1);
  await store.markDispatched('zzz', 9);
  expect(await ids()).toEqual(['a1', 'a3']);
});

test('snapshots: the latest at or below maxSeq; saving a seq again replaces it', async () => {
  const store = createMemoryStore();
  const snap = (seq: number, state: string) => snapshot('a', seq, state);
  for (const s of [snap(5, '#b'), snap(2, '#a'), snap(9, '#c'), snap(5, '#b2')]) await store.saveSnapshot(s);
  expect((await store.loadSnapshot('a'))?.state).toBe('#c');
  expect((await store.loadSnapshot('a', 8))?.state).toBe('#b2');
  expect((await store.loadSnapshot('a', 4))?.state).toBe('#a');
  expect(await store.loadSnapshot('a', 1)).toBeUndefined();
  expect(await store.loadSnapshot('b')).toBeUndefined();
});

test('a closed store rejects every call with STORE_CLOSED', async () => {
  const store = createMemoryStore();
  await store.close();
  await store.close();
  const error = await rejection(() => store.read('a'));
  expect(isEventFlowError(error) && error.code).toBe('STORE_CLOSED');
});
