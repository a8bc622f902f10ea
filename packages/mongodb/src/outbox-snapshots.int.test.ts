import { describe, expect, test } from 'vitest';
import type { OutboxDocument } from './codec.ts';
import { batch, snapshot } from './test-support/records.ts';
import { appendOne, useMongo } from './test-support/mongo.ts';

const mongo = useMongo();
const ids = (records: { event_id: string }[]) => records.map((r) => r.event_id);

describe('outbox', () => {
  test('records that emitted envelopes wait, oldest first across aggregates; quiet ones never do', async () => {
    const { store } = mongo.fresh();
    await appendOne(store, 'order-1', 0, batch('order-1', 0, ['a1', 'a2'], 1));
    await appendOne(store, 'order-2', 0, batch('order-2', 0, ['b1'], 2));
    await appendOne(store, 'order-2', 1, batch('order-2', 1, ['quiet']));
    await appendOne(store, 'order-1', 2, batch('order-1', 2, ['a3'], 1));
    expect(ids(await store.undispatched())).toEqual(['a1', 'a2', 'b1', 'a3']);
    expect((await store.undispatched())[2]).toEqual(batch('order-2', 0, ['b1'], 2)[0]);
  });

  test('markDispatched takes one record out; the commit leaves the outbox with its last one', async () => {
    const { store, db } = mongo.fresh();
    await appendOne(store, 'order-1', 0, batch('order-1', 0, ['a1', 'a2', 'a3'], 1));
    const entries = async () => (await db.collection<OutboxDocument>('eventflow_outbox').find({}).toArray()).map((entry) => entry.seq).sort();
    await store.markDispatched([{ aggregateId: 'order-1', seq: 2 }]);
    expect(ids(await store.undispatched())).toEqual(['a1', 'a3']);
    expect(await entries()).toEqual([1, 3]);
    for (const [aggregateId, seq] of [['order-1', 2], ['order-1', 9], ['order-404', 1]] as const) {
      await store.markDispatched([{ aggregateId: aggregateId, seq: seq }]); // no-ops
    }
    expect(ids(await store.undispatched())).toEqual(['a1', 'a3']);
    await store.markDispatched([{ aggregateId: 'order-1', seq: 1 }]);
    await store.markDispatched([{ aggregateId: 'order-1', seq: 3 }]);
    expect(await store.undispatched()).toEqual([]);
    expect(await entries()).toEqual([]);
    expect(await store.read('order-1')).toHaveLength(3);
  });

  test('markDispatched of a whole batch (40 aggregates) in one call empties the outbox and leaves the server serving', async () => {
    // A single 80-statement update command for this left FerretDB 1.24 on PostgreSQL hung for good.
    const { store } = mongo.fresh();
    const aggregates = Array.from({ length: 40 }, (_, i) => `order-${i}`);
    for (const id of aggregates) await appendOne(store, id, 0, batch(id, 0, [`${id}-e`], 1));
    expect(await store.undispatched({ limit: 100 })).toHaveLength(40);
    await store.markDispatched(aggregates.map((aggregateId) => ({ aggregateId, seq: 1 })));
    expect(await store.undispatched({ limit: 100 })).toEqual([]);
  }, 60_000);

  test('markDispatched of several aggregates at several seqs takes out exactly the records named', async () => {
    const { store } = mongo.fresh();
    await appendOne(store, 'order-a', 0, batch('order-a', 0, ['a1', 'a2', 'a3'], 1));
    await appendOne(store, 'order-b', 0, batch('order-b', 0, ['b1', 'b2'], 1));
    // (a, 2) and (b, 1): seq 1 of order-a and seq 2 of order-b stay waiting.
    await store.markDispatched([{ aggregateId: 'order-a', seq: 2 }, { aggregateId: 'order-b', seq: 1 }]);
    expect(ids(await store.undispatched())).toEqual(['a1', 'a3', 'b2']);
    await store.markDispatched([{ aggregateId: 'order-a', seq: 1 }, { aggregateId: 'order-a', seq: 3 }, { aggregateId: 'order-b', seq: 2 }]);
    expect(await store.undispatched()).toEqual([]);
  });

  test('marks of commits of several append calls, of two commits of one aggregate, and of another store\'s commits all take effect', async () => {
    const { store, database } = mongo.fresh();
    await store.append([
      { aggregateId: 'order-a', expectedSeq: 0, records: batch('order-a', 0, ['a1'], 1) },
      { aggregateId: 'order-b', expectedSeq: 0, records: batch('order-b', 0, ['b1', 'b2'], 1) },
    ]);
    await store.append([{ aggregateId: 'order-a', expectedSeq: 1, records: batch('order-a', 1, ['a2'], 1) }]);
    await store.append([{ aggregateId: 'order-c', expectedSeq: 0, records: batch('order-c', 0, ['c1', 'c2'], 1) }]);
    // Two append calls and two commits of order-a in one call; order-b's commit only half.
    await store.markDispatched([{ aggregateId: 'order-a', seq: 1 }, { aggregateId: 'order-a', seq: 2 }, { aggregateId: 'order-b', seq: 2 }, { aggregateId: 'order-c', seq: 1 }]);
    expect(ids(await store.undispatched())).toEqual(['b1', 'c2']);
    // A store that wrote none of them (a restarted worker, a peer) marks the rest.
    const other = mongo.fresh({ database }).store;
    await other.markDispatched([{ aggregateId: 'order-b', seq: 1 }, { aggregateId: 'order-c', seq: 2 }]);
    expect(await store.undispatched()).toEqual([]);
    expect(await mongo.raw().db(database).collection('eventflow_outbox').countDocuments()).toBe(0);
  });

  test('a commit whose records emit nothing writes no outbox entry', async () => {
    const { store, db } = mongo.fresh();
    await appendOne(store, 'order-1', 0, batch('order-1', 0, ['quiet']));
    expect(await db.collection('eventflow_records').countDocuments({ _id: 'order-1:1' } as never)).toBe(1);
    expect(await db.collection('eventflow_outbox').countDocuments()).toBe(0);
  });
});

describe('snapshots', () => {
  test('the latest snapshot at or below maxSeq comes back deep-equal; saving a seq again replaces it', async () => {
    const { store, db } = mongo.fresh();
    expect(await store.loadSnapshot('order-1')).toBeUndefined();
    for (const seq of [5, 2, 9]) await store.saveSnapshot(snapshot('order-1', seq));
    await store.saveSnapshot(snapshot('order-1', 5, '#again'));
    expect(await store.loadSnapshot('order-1')).toEqual(snapshot('order-1', 9));
    expect(await store.loadSnapshot('order-1', 8)).toEqual(snapshot('order-1', 5, '#again'));
    expect((await store.loadSnapshot('order-1', 4.5))?.seq).toBe(2);
    expect(await store.loadSnapshot('order-1', 1)).toBeUndefined();
    expect(await store.loadSnapshot('order-2')).toBeUndefined();
    const raw = await db.collection('eventflow_snapshots').find({}, { sort: { seq: 1 } }).toArray();
    expect(raw.map((d) => d._id)).toEqual(['order-1:2', 'order-1:5', 'order-1:9']);
    expect(JSON.parse(raw[1]!.body as string)).toEqual(snapshot('order-1', 5, '#again'));
  });
});
