// Claims left by appends whose commit was never written (FerretDB's unique index on an array compares
// whole arrays, so a multi-record commit claims each of its event ids first, in the same ordered
// insert; see claims.ts). Planted here with the raw driver, as a crashed or refused append leaves them.
import { describe, expect, test } from 'vitest';
import { CLAIM_TTL_MS } from './claims.ts';
import { batch } from './test-support/records.ts';
import { appendOne, rejection, useMongo } from './test-support/mongo.ts';

const mongo = useMongo();

/** A claim of `eventId` for the commit `slot`, as an append writes it. */
function claim(eventId: string, slot: string, ageMs = 0) {
  return { _id: `$event:${eventId}`, event_ids: [eventId], claim_for: slot, claimed_by: 1, claimed_at: new Date(Date.now() - ageMs) };
}

// The store resolves a leftover claim the same way on every server (on MongoDB it never writes one).
describe('claims of commits that were never written', () => {
  test('a claim whose commit slot another commit took is dead: the append goes through', async () => {
    const { store, db } = mongo.fresh();
    await appendOne(store, 'order-9', 0, batch('order-9', 0, ['other']));
    await db.collection('eventflow_records').insertOne(claim('e1', 'order-9:1') as never);
    expect(await appendOne(store, 'order-1', 0, batch('order-1', 0, ['e1', 'e2']))).toEqual({ status: 'appended', lastSeq: 2 });
    expect((await store.findByEventId('e1'))?.aggregate_id).toBe('order-1');
    expect(await appendOne(store, 'order-2', 0, batch('order-2', 0, ['e1']))).toEqual({ status: 'duplicate', lastSeq: 0 });
  });

  test('an old claim whose slot is empty is dead; a fresh one is an append in flight: a conflict until it is done', async () => {
    const { store, db } = mongo.fresh();
    const records = db.collection('eventflow_records');
    await records.insertOne(claim('e1', 'order-9:1') as never);
    expect(await appendOne(store, 'order-1', 0, batch('order-1', 0, ['e1']))).toEqual({ status: 'conflict', lastSeq: 0 });
    expect(await store.findByEventId('e1')).toBeUndefined();
    await records.updateOne({ _id: '$event:e1' as never }, { $set: { claimed_at: new Date(Date.now() - CLAIM_TTL_MS - 1000) } });
    expect(await appendOne(store, 'order-1', 0, batch('order-1', 0, ['e1', 'e2']))).toEqual({ status: 'appended', lastSeq: 2 });
  });

  test('a claim for the very commit being appended (an earlier attempt of it) is taken over', async () => {
    const { store, db } = mongo.fresh();
    await db.collection('eventflow_records').insertOne(claim('e2', 'order-1:1') as never);
    expect(await appendOne(store, 'order-1', 0, batch('order-1', 0, ['e1', 'e2']))).toEqual({ status: 'appended', lastSeq: 2 });
    expect(await appendOne(store, 'order-2', 0, batch('order-2', 0, ['e2']))).toEqual({ status: 'duplicate', lastSeq: 0 });
    expect(await rejection(appendOne(store, 'order-2', 0, batch('order-2', 0, ['e3', 'e2'])))).toMatchObject({ code: 'INVALID_APPEND' });
    expect(await appendOne(store, 'order-2', 0, batch('order-2', 0, ['e3', 'e4']))).toEqual({ status: 'appended', lastSeq: 2 });
  });
});
