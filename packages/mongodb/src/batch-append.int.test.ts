// append: commits of several aggregates in one call, each atomic and independent of the others.
import { describe, expect, test } from 'vitest';
import { batch } from './test-support/records.ts';
import { appendOne, lastSeqOf, rejection, useMongo } from './test-support/mongo.ts';

const mongo = useMongo();
const ids = async (records: Promise<{ event_id: string }[]>) => (await records).map((r) => r.event_id);

describe('an append of several commits', () => {
  test('a conflict or duplicate of one aggregate writes nothing for it and everything for the others', async () => {
    const { store } = mongo.fresh();
    await appendOne(store, 'order-1', 0, batch('order-1', 0, ['a1', 'a2']));
    await appendOne(store, 'order-2', 0, batch('order-2', 0, ['b1']));
    const results = await store.append([
      { aggregateId: 'order-1', expectedSeq: 1, records: batch('order-1', 1, ['a3']) }, // stale: the stream is at 2
      { aggregateId: 'order-2', expectedSeq: 1, records: batch('order-2', 1, ['b2', 'b3'], 1) },
      { aggregateId: 'order-3', expectedSeq: 0, records: batch('order-3', 0, ['b1']) }, // b1 is stored (order-2)
      { aggregateId: 'order-4', expectedSeq: 0, records: batch('order-4', 0, ['d1']) },
    ]);
    expect(results).toEqual([
      { status: 'conflict', lastSeq: 2 },
      { status: 'appended', lastSeq: 3 },
      { status: 'duplicate', lastSeq: 0 },
      { status: 'appended', lastSeq: 1 },
    ]);
    expect(await ids(store.read('order-1'))).toEqual(['a1', 'a2']);
    expect(await ids(store.read('order-2'))).toEqual(['b1', 'b2', 'b3']);
    expect(await store.listAggregates()).toEqual(['order-1', 'order-2', 'order-4']);
    expect(await ids(store.undispatched())).toEqual(['b2', 'b3']);
  });

  test('racing batches over the same aggregates: each aggregate is appended by exactly one of them', async () => {
    const { store } = mongo.fresh();
    const writers = Array.from({ length: 4 }, (_, w) =>
      store.append(['order-1', 'order-2', 'order-3'].map((id) => ({ aggregateId: id, expectedSeq: 0, records: batch(id, 0, [`${id}-w${w}-1`, `${id}-w${w}-2`]) }))),
    );
    const results = await Promise.all(writers);
    for (const [k, id] of ['order-1', 'order-2', 'order-3'].entries()) {
      const statuses = results.map((result) => result[k]!.status);
      expect(statuses.filter((s) => s === 'appended'), id).toHaveLength(1);
      expect(statuses.filter((s) => s === 'conflict'), id).toHaveLength(3);
      const winner = statuses.indexOf('appended');
      expect(await ids(store.read(id))).toEqual([`${id}-w${winner}-1`, `${id}-w${winner}-2`]);
    }
  });

  test('a commit mixing stored and new ids writes nothing, the others are written, and the call fails with INVALID_APPEND', async () => {
    const { store } = mongo.fresh();
    await appendOne(store, 'order-1', 0, batch('order-1', 0, ['a1']));
    const error = await rejection(
      store.append([
        { aggregateId: 'order-1', expectedSeq: 1, records: batch('order-1', 1, ['a2', 'a1']) },
        { aggregateId: 'order-2', expectedSeq: 0, records: batch('order-2', 0, ['b1']) },
      ]),
    );
    expect(error).toMatchObject({ code: 'INVALID_APPEND' });
    expect(await store.findByEventId('a2')).toBeUndefined();
    expect(await ids(store.read('order-2'))).toEqual(['b1']);
    // The refused commit left no claim behind: a2 can be appended now.
    expect(await appendOne(store, 'order-1', 1, batch('order-1', 1, ['a2', 'a3']))).toEqual({ status: 'appended', lastSeq: 3 });
  });

  test('two commits of one aggregate in one call are refused before any I/O', async () => {
    const { store } = mongo.fresh();
    const twice = [0, 1].map((n) => ({ aggregateId: 'order-1', expectedSeq: n, records: batch('order-1', n, [`e${n}`]) }));
    expect(await rejection(store.append(twice))).toMatchObject({ code: 'INVALID_APPEND' });
    expect(await lastSeqOf(store, 'order-1')).toBe(0);
  });
});
