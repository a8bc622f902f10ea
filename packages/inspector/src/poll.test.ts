// Polling a store another process writes to (one real memory store, written directly as that process
// would): instances created since the last look are found, and so are new records of the instances
// open pages watch and of those not in a final state; nothing is handed over twice.
import type { StoredRecord } from '@eventflow/core';
import { createMemoryStore } from '@eventflow/memory';
import { expect, test } from 'vitest';
import { InstanceIndex } from './instance-index.ts';
import { startPolling } from './poll.ts';
import { appendAll, record } from './test-support/records.ts';

test('finds new instances and the new records of watched and unsettled ones, each once', async () => {
  const store = createMemoryStore();
  await appendAll(store, [record({ id: 'a', machine: '@m', seq: 1, state: '#one' }), record({ id: 'b', machine: '@m', seq: 1, state: '#one' })]);
  const index = new InstanceIndex();
  await index.build(store);
  const found: StoredRecord[] = [];
  const watched = new Set<string>(['a']);
  const poller = startPolling({
    store,
    intervalMs: 3_600_000,
    after: () => index.lastListed(),
    seqOf: (id) => index.seqOf(id),
    watched: () => watched,
    // #two is final here: an instance there is not read again unless a page watches it.
    unsettled: (count) => index.unsettled(count, (_, state) => state === '#two'),
    found: (r) => {
      found.push(r);
      index.apply(r);
    },
  });
  try {
    await poller.look();
    expect(found).toEqual([]);
    await appendAll(store, [
      record({ id: 'c', machine: '@m', seq: 1, state: '#one' }),
      record({ id: 'a', machine: '@m', seq: 2, state: '#two' }),
      record({ id: 'b', machine: '@m', seq: 2, state: '#two' }),
      record({ id: 'c', machine: '@m', seq: 2, state: '#two' }),
    ]);
    await poller.look();
    expect(found.map((r) => `${r.aggregate_id}:${r.seq}`)).toEqual(['c:1', 'c:2', 'a:2', 'b:2']);
    expect([index.summary('a')?.state, index.summary('b')?.state]).toEqual(['#two', '#two']);
    await appendAll(store, [record({ id: 'a', machine: '@m', seq: 3, state: '#two' }), record({ id: 'b', machine: '@m', seq: 3, state: '#two' })]);
    await poller.look();
    // a is watched (its page is open); b is settled and unwatched, so its new record waits for a page to ask.
    expect(found.map((r) => `${r.aggregate_id}:${r.seq}`)).toEqual(['c:1', 'c:2', 'a:2', 'b:2', 'a:3']);
    await poller.look();
    expect(found).toHaveLength(5);
  } finally {
    poller.stop();
  }
});

test('a failed look is reported and the next one tries again', async () => {
  const store = createMemoryStore();
  let down = true;
  const errors: unknown[] = [];
  const found: StoredRecord[] = [];
  const poller = startPolling({
    store: { read: (id, o) => store.read(id, o), listAggregates: async (options) => (down ? Promise.reject(new Error('store away')) : store.listAggregates(options)) },
    intervalMs: 3_600_000,
    after: () => undefined,
    seqOf: () => 0,
    watched: () => [],
    unsettled: () => [],
    found: (r) => found.push(r),
    failed: (error) => errors.push(error),
  });
  try {
    await appendAll(store, [record({ id: 'a', machine: '@m', seq: 1, state: '#one' })]);
    await poller.look();
    expect(errors.map((e) => (e as Error).message)).toEqual(['store away']);
    down = false;
    await poller.look();
    expect(found.map((r) => r.aggregate_id)).toEqual(['a']);
  } finally {
    poller.stop();
  }
});
