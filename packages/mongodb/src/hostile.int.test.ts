// Ids reach query filters, so anything but a plain string is refused before any I/O; payloads are
// stored as JSON text and never queried, so they round-trip whatever keys they hold.
import { describe, expect, test } from 'vitest';
import type { StoredRecord } from '@eventflow/core';
import type { MongoEventStore } from './store.ts';
import type { CommitDocument } from './codec.ts';
import { batch, record } from './test-support/records.ts';
import { appendOne, lastSeqOf, rejection, useMongo } from './test-support/mongo.ts';

const mongo = useMongo();
const HOSTILE: unknown[] = [{ $gt: '' }, { $ne: null }, '$where', '$gt', '', '.', '..', ['order-1'], 42, null, 'a\u0000b', 'x'.repeat(513)];

/** Every id-taking call, with `id` in the id position. */
function calls(store: MongoEventStore, id: unknown): [string, () => Promise<unknown>][] {
  const any = id as string;
  return [
    ['append(aggregateId)', () => appendOne(store, any, 0, [{ ...record('order-1', 1, 'e-x'), aggregate_id: any }])],
    ['append(event_id)', () => appendOne(store, 'order-1', 0, [{ ...record('order-1', 1, 'e-x'), event_id: any }])],
    ['append(machine)', () => appendOne(store, 'order-1', 0, [{ ...record('order-1', 1, 'e-x'), machine: any }])],
    ['read', () => store.read(any)],
    ['listAggregates(machine)', () => store.listAggregates({ machine: any })],
    ['listAggregates(after)', () => store.listAggregates({ after: any })],
    ['findByEventId', () => store.findByEventId(any)],
    ['markDispatched', () => store.markDispatched([{ aggregateId: any, seq: 1 }])],
    ['loadSnapshot', () => store.loadSnapshot!(any)],
  ];
}

describe('hostile input', () => {
  test('operator objects, $-names, dot-only, empty, non-strings: INVALID_ID naming the field, nothing written', async () => {
    const { store, db } = mongo.fresh();
    await appendOne(store, 'order-1', 0, batch('order-1', 0, ['e1'], 1));
    for (const id of HOSTILE) {
      for (const [name, call] of calls(store, id)) {
        const error = await rejection(call());
        expect(error, `${name} with ${JSON.stringify(id)}`).toMatchObject({ name: 'EventFlowError', code: 'INVALID_ID' });
        expect((error as Error).message).toMatch(/^Invalid (aggregateId|records\[0\]\.(event_id|machine)|eventId|machine|after)\b/);
      }
    }
    expect((await rejection(store.read({ $gt: '' } as never))) as Error).toHaveProperty('message', 'Invalid aggregateId: must be a string, not object (got {"$gt":""})');
    // Seqs and range bounds are filter values too.
    for (const call of [
      () => store.markDispatched([{ aggregateId: 'order-1', seq: { $gt: 0 } as never }]),
      () => store.read('order-1', { fromSeq: { $gt: 0 } as never }),
      () => store.read('order-1', { toSeq: '9' as never }),
      () => store.loadSnapshot('order-1', { $gt: 0 } as never),
    ]) {
      expect(await rejection(call())).toMatchObject({ code: 'INVALID_ARGUMENT' });
    }
    expect(await db.collection('eventflow_records').countDocuments()).toBe(1);
    expect(await store.undispatched()).toHaveLength(1);
  });

  test('ids with dots, colons, spaces and unicode are fine', async () => {
    const { store } = mongo.fresh();
    for (const [n, id] of ['a.b', 'a:1', 'order 1', 'über-€', 'x$', '.a'].entries()) {
      expect(await appendOne(store, id, 0, [record(id, 1, `${id}#e`)]), id).toEqual({ status: 'appended', lastSeq: 1 });
      expect(await store.read(id)).toEqual([record(id, 1, `${id}#e`)]);
      expect((await store.listAggregates())[n]).toBe(id);
    }
    // "a:1" + seq 1 and "a" + seq "1:1" cannot collide: the seq is the part after the last colon.
    expect(await appendOne(store, 'a', 0, [record('a', 1, 'a#e')])).toEqual({ status: 'appended', lastSeq: 1 });
  });

  test('payloads with $-keys, dotted keys, __proto__ and odd values round-trip exactly', async () => {
    const { store, db } = mongo.fresh();
    const data = JSON.parse(
      '{"$set":{"admin":true},"$where":"sleep(1000)","a.b":{"c.d":1},"":"empty","__proto__":{"polluted":1},' +
        '"nested":[{"$gt":""},{"$in":[1,2]}],"unicode":"\\u0000\\ud83d\\ude00","lone":"\\ud800","big":1e300,"neg":-12.5,"n":null}',
    ) as Record<string, unknown>;
    const hostile: StoredRecord = {
      ...record('order-1', 1, 'e1', { data }),
      outcome: {
        ...record('order-1', 1, 'e1').outcome,
        context_patch: { set: { $inc: { total: 1 }, 'x.y': 2 }, unset: ['$unset', 'a.b'] },
        reply: { status: 200, body: { $or: [{ a: 1 }] } },
      },
    };
    await appendOne(store, 'order-1', 0, [hostile]);
    const [back] = await store.read('order-1');
    expect(JSON.stringify(back)).toBe(JSON.stringify(hostile)); // same keys, same order, same values
    expect(Object.getPrototypeOf(back!.data)).toBe(Object.prototype);
    expect(Object.hasOwn(back!.data, '__proto__')).toBe(true);
    expect(await store.findByEventId('e1')).toEqual(hostile);
    const raw = await db.collection<CommitDocument>('eventflow_records').findOne({ _id: 'order-1:1' });
    expect(typeof raw!.records[0]!.body).toBe('string');
    expect(JSON.parse(raw!.records[0]!.body)).toEqual(hostile);
    expect(({} as Record<string, unknown>).polluted).toBeUndefined();
  });

  test('a payload that is not JSON-serialisable is INVALID_APPEND before any write', async () => {
    const { store, db } = mongo.fresh();
    const cyclic: Record<string, unknown> = {};
    cyclic.self = cyclic;
    for (const data of [cyclic, { n: 10n }]) {
      expect(await rejection(appendOne(store, 'order-1', 0, [record('order-1', 1, 'e1', { data })]))).toMatchObject({ code: 'INVALID_APPEND' });
    }
    expect(await db.collection('eventflow_records').countDocuments()).toBe(0);
  });
});
