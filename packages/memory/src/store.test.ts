// Behaviour the conformance suite leaves to each adapter; the shared contract runs from
// test-harness/src/memory.test.ts.
import { describe, expect, test } from 'vitest';
import { isEventFlowError, type Commit, type StoredRecord } from '@eventflow/core';
import { createMemoryStore } from './index.ts';
import { record, snapshot } from './test-support/records.ts';

const commit = (aggregateId: string, expectedSeq: number, records: StoredRecord[]): Commit => ({ aggregateId, expectedSeq, records });
const lastSeq = async (store: ReturnType<typeof createMemoryStore>, id: string) => (await store.read(id)).length;

describe('append validation', () => {
  test.each([
    ['an empty commit', 0, []],
    ['a seq gap', 0, [record('a', 2, 'e1')]],
    ['a foreign aggregate', 0, [record('b', 1, 'e1')]],
    ['a repeated event id', 0, [record('a', 1, 'e1'), record('a', 2, 'e1')]],
    ['a negative expected seq', -1, [record('a', 0, 'e1')]],
  ])('rejects %s with INVALID_APPEND and writes nothing', async (_, expectedSeq, records) => {
    const store = createMemoryStore();
    const error = await store.append([commit('a', expectedSeq, records)]).catch((e: unknown) => e);
    expect(isEventFlowError(error) && error.code).toBe('INVALID_APPEND');
    expect(await store.listAggregates()).toEqual([]);
  });

  test('a call breaking a rule the call itself shows is rejected before anything is written', async () => {
    const store = createMemoryStore();
    await store.append([commit('a', 0, [record('a', 1, 'e1')])]);
    for (const commits of [
      [commit('b', 0, [record('b', 1, 'b1')]), commit('b', 1, [record('b', 2, 'b2')])],
      [commit('b', 0, [record('b', 1, 'x')]), commit('c', 0, [record('c', 1, 'x')])],
      [commit('b', 0, [record('b', 1, 'b1')]), commit('c', 0, [])],
    ]) {
      const error = await store.append(commits).catch((e: unknown) => e);
      expect(isEventFlowError(error) && error.code).toBe('INVALID_APPEND');
    }
    expect(await store.listAggregates()).toEqual(['a']);
  });

  test('a commit mixing stored and new event ids writes nothing; the other commits are written, then the call fails', async () => {
    const store = createMemoryStore();
    await store.append([commit('a', 0, [record('a', 1, 'e1')])]);
    const error = await store.append([commit('b', 0, [record('b', 1, 'b1')]), commit('a', 1, [record('a', 2, 'e1'), record('a', 3, 'e2')])]).catch((e: unknown) => e);
    expect(isEventFlowError(error) && error.code).toBe('INVALID_APPEND');
    expect(await store.listAggregates()).toEqual(['a', 'b']);
    expect(await store.findByEventId('e2')).toBeUndefined();
  });

  test('duplicate wins over a stale expected seq; a wrong seq with new ids is a conflict', async () => {
    const store = createMemoryStore();
    await store.append([commit('a', 0, [record('a', 1, 'e1'), record('a', 2, 'e2')])]);
    expect(await store.append([commit('a', 0, [record('a', 1, 'e1')])])).toEqual([{ status: 'duplicate', lastSeq: 2 }]);
    expect(await store.append([commit('a', 1, [record('a', 2, 'e3')])])).toEqual([{ status: 'conflict', lastSeq: 2 }]);
  });
});

test('the commits of one call are independent: a conflict writes nothing for its aggregate and everything for the others', async () => {
  const store = createMemoryStore();
  await store.append([commit('a', 0, [record('a', 1, 'a1')])]);
  const results = await store.append([commit('b', 0, [record('b', 1, 'b1')]), commit('a', 0, [record('a', 1, 'a2')]), commit('c', 0, [record('c', 1, 'c1'), record('c', 2, 'c2')])]);
  expect(results).toEqual([{ status: 'appended', lastSeq: 1 }, { status: 'conflict', lastSeq: 1 }, { status: 'appended', lastSeq: 2 }]);
  expect(await store.findByEventId('a2')).toBeUndefined();
  expect([await lastSeq(store, 'a'), await lastSeq(store, 'b'), await lastSeq(store, 'c')]).toEqual([1, 1, 2]);
});

test('records are stored and returned as given, not copied', async () => {
  const store = createMemoryStore();
  const first = record('a', 1, 'e1');
  await store.append([commit('a', 0, [first])]);
  const [read] = await store.read('a');
  expect(read).toBe(first);
  expect(await store.findByEventId('e1')).toBe(first);
});

test('aggregates are listed in creation order, per machine, a page at a time', async () => {
  const store = createMemoryStore();
  const ids = Array.from({ length: 7 }, (_, i) => `agg-${i}`);
  for (const [i, id] of ids.entries()) await store.append([commit(id, 0, [{ ...record(id, 1, `e${i}`), machine: i % 2 === 0 ? '@order' : '@payment' }])]);
  expect(await store.listAggregates({ limit: 3 })).toEqual(['agg-0', 'agg-1', 'agg-2']);
  expect(await store.listAggregates({ after: 'agg-2', limit: 3 })).toEqual(['agg-3', 'agg-4', 'agg-5']);
  expect(await store.listAggregates({ after: 'agg-5' })).toEqual(['agg-6']);
  expect(await store.listAggregates({ machine: '@order', after: 'agg-0', limit: 2 })).toEqual(['agg-2', 'agg-4']);
  expect(await store.listAggregates({ machine: '@payment', after: 'agg-2' })).toEqual(['agg-3', 'agg-5']);
  expect(await store.listAggregates({ after: 'agg-404' })).toEqual([]);
});

test('the outbox holds only records that emitted envelopes, in append order; markDispatched takes several at once', async () => {
  const store = createMemoryStore();
  await store.append([commit('a', 0, [record('a', 1, 'a1', 1), record('a', 2, 'a2', 0)])]);
  await store.append([commit('b', 0, [record('b', 1, 'b1', 2)]), commit('a', 2, [record('a', 3, 'a3', 1)])]);
  const ids = async (limit?: number) => (await store.undispatched(limit === undefined ? {} : { limit })).map((r) => r.event_id);
  expect(await ids()).toEqual(['a1', 'b1', 'a3']);
  expect(await ids(2)).toEqual(['a1', 'b1']);
  await store.markDispatched([{ aggregateId: 'b', seq: 1 }, { aggregateId: 'b', seq: 1 }, { aggregateId: 'zzz', seq: 9 }, { aggregateId: 'a', seq: 2 }]);
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
  const error = await store.read('a').catch((e: unknown) => e);
  expect(isEventFlowError(error) && error.code).toBe('STORE_CLOSED');
});
