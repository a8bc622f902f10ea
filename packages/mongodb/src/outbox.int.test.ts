// The outbox collection's hard cases, on the real server: entries whose commit was never written
// (a writer that died between its two inserts, a refused commit), a slot another call took, the
// legacy outbox of commits written before the collection, and what one batch's marks send.
import { describe, expect, test } from 'vitest';
import type { CommitDocument, OutboxDocument } from './codec.ts';
import { encodeCommit } from './codec.ts';
import { appendCommits } from './append.ts';
import { prepareCommit } from './commit.ts';
import { ORPHAN_AFTER_MS } from './outbox.ts';
import { collections, ensureIndexes } from './schema.ts';
import { appendOne, useMongo } from './test-support/mongo.ts';
import { batch } from './test-support/records.ts';

const mongo = useMongo();
const ids = (records: { event_id: string }[]) => records.map((r) => r.event_id);

/** A clock the test moves. */
function manualClock(start = Date.now()) {
  let now = start;
  return { now: () => now, advance: (ms: number) => (now += ms) };
}

/** An entry as a writer that died before its commit insert leaves it. */
function orphan(aggregateId: string, seq: number, call: string, writtenAt: number): OutboxDocument {
  return { _id: `${call}/${seq}:${aggregateId}`, call, commit: `${aggregateId}:${seq}`, aggregate_id: aggregateId, seq, written_at: new Date(writtenAt) };
}

describe('entries without their commit', () => {
  test('are never returned; cleared once older than ORPHAN_AFTER_MS, left alone while their append may still be in flight', async () => {
    const clock = manualClock();
    const { store, db } = mongo.fresh({ clock });
    const outbox = db.collection<OutboxDocument>('eventflow_outbox');
    await appendOne(store, 'order-1', 0, batch('order-1', 0, ['a1'], 1));
    await outbox.insertOne(orphan('order-2', 1, 'dead.1', clock.now()));
    expect(ids(await store.undispatched())).toEqual(['a1']);
    expect(await outbox.countDocuments({ call: 'dead.1' })).toBe(1);
    clock.advance(ORPHAN_AFTER_MS + 1);
    expect(ids(await store.undispatched())).toEqual(['a1']);
    expect(await outbox.countDocuments({ call: 'dead.1' })).toBe(0);
  });

  test('an entry whose commit slot another call wrote is never returned, and cleared after ORPHAN_AFTER_MS', async () => {
    const clock = manualClock();
    const { store, db } = mongo.fresh({ clock });
    const outbox = db.collection<OutboxDocument>('eventflow_outbox');
    await outbox.insertOne(orphan('order-1', 1, 'loser.1', clock.now()));
    await appendOne(store, 'order-1', 0, batch('order-1', 0, ['a1'], 1));
    expect(ids(await store.undispatched())).toEqual(['a1']);
    clock.advance(ORPHAN_AFTER_MS + 1);
    expect(ids(await store.undispatched())).toEqual(['a1']);
    expect(await outbox.countDocuments({ call: 'loser.1' })).toBe(0);
  });

  test('a refused commit leaves no entry: a conflict, and a redelivered duplicate', async () => {
    const { store, db } = mongo.fresh();
    await appendOne(store, 'order-1', 0, batch('order-1', 0, ['a1'], 1));
    const other = mongo.fresh({ database: db.databaseName }).store;
    expect(await appendOne(other, 'order-1', 0, batch('order-1', 0, ['z1'], 1))).toMatchObject({ status: 'conflict' });
    expect(await appendOne(other, 'order-1', 0, batch('order-1', 0, ['a1'], 1))).toMatchObject({ status: 'duplicate' });
    const entries = await db.collection<OutboxDocument>('eventflow_outbox').find({}).toArray();
    expect(entries.map((entry) => entry.commit)).toEqual(['order-1:1']);
    expect(ids(await other.undispatched())).toEqual(['a1']);
  });
});

describe('an append slower than ORPHAN_AFTER_MS', () => {
  test('writes its entries again once its commit is in: a sweep may have cleared them as orphans meanwhile', async () => {
    const { db } = mongo.fresh();
    const target = collections(db, 'eventflow_');
    await ensureIndexes(target);
    const clock = manualClock();
    let sweeps = true;
    // The commit insert is held up: meanwhile time passes and a sweep clears the entry, whose commit is not stored yet.
    const held = new Proxy(target.documents, {
      get(collection, name, receiver) {
        const member = Reflect.get(collection, name, receiver);
        if (name !== 'insertOne' && name !== 'insertMany') return typeof member === 'function' ? member.bind(collection) : member;
        return async (...args: unknown[]) => {
          clock.advance(ORPHAN_AFTER_MS + 1);
          if (sweeps) await target.outbox.deleteMany({});
          return (member as (...a: unknown[]) => Promise<unknown>).apply(collection, args);
        };
      },
    });
    const appendTarget = { records: held, outbox: target.outbox, clock, knownLastSeq: () => undefined, perElement: true, call: 'slow.1' };
    expect(await appendCommits(appendTarget, [prepareCommit('order-1', 0, batch('order-1', 0, ['a1'], 1))])).toEqual([{ status: 'appended', lastSeq: 1 }]);
    expect((await target.outbox.find({}).toArray()).map((entry) => entry._id)).toEqual(['slow.1/1:order-1']);
    // No sweep this time: writing the entries again finds them there, which is fine.
    sweeps = false;
    expect(await appendCommits(appendTarget, [prepareCommit('order-1', 1, batch('order-1', 1, ['a2'], 1))])).toEqual([{ status: 'appended', lastSeq: 2 }]);
    expect((await target.outbox.find({}, { sort: { seq: 1 } }).toArray()).map((entry) => entry._id)).toEqual(['slow.1/1:order-1', 'slow.1/2:order-1']);
  });
});

describe('the legacy outbox (commits written before the outbox collection)', () => {
  test('is read in creation order with the new one, and marked by any store', async () => {
    const { store, db, database } = mongo.fresh();
    await appendOne(store, 'order-0', 0, batch('order-0', 0, ['warm']));
    const legacy = (aggregateId: string, eventIds: string[], position: number): CommitDocument => ({
      ...encodeCommit(batch(aggregateId, 0, eventIds, 1), new Date(Math.floor(position / 1000)), position),
      outbox_seqs: eventIds.map((_, i) => i + 1),
      dispatched: false,
      append_call: position,
    });
    const old = Date.now() * 1000 - 60_000_000;
    await db.collection<CommitDocument>('eventflow_records').insertMany([legacy('order-1', ['l1', 'l2'], old), legacy('order-2', ['m1'], old + 1)]);
    await appendOne(store, 'order-3', 0, batch('order-3', 0, ['n1'], 1));
    expect(ids(await store.undispatched())).toEqual(['l1', 'l2', 'm1', 'n1']);
    const other = mongo.fresh({ database }).store;
    await other.markDispatched([{ aggregateId: 'order-1', seq: 2 }, { aggregateId: 'order-2', seq: 1 }, { aggregateId: 'order-3', seq: 1 }]);
    expect(ids(await store.undispatched())).toEqual(['l1']);
    await store.markDispatched([{ aggregateId: 'order-1', seq: 1 }]);
    expect(await store.undispatched()).toEqual([]);
    expect(await db.collection<CommitDocument>('eventflow_records').countDocuments({ dispatched: false })).toBe(0);
  });
});
