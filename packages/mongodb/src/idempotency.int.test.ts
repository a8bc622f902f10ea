import { describe, expect, test } from 'vitest';
import { batch, record } from './test-support/records.ts';
import { appendOne, lastSeqOf, rejection, useMongo } from './test-support/mongo.ts';

const mongo = useMongo();

describe('idempotency on event id', () => {
  test('the same batch again is a no-op duplicate, even after the stream moved on', async () => {
    const { store } = mongo.fresh();
    const first = batch('order-1', 0, ['e1', 'e2'], 1);
    await appendOne(store, 'order-1', 0, first);
    await appendOne(store, 'order-1', 2, batch('order-1', 2, ['e3']));
    expect(await appendOne(store, 'order-1', 0, first)).toEqual({ status: 'duplicate', lastSeq: 3 });
    expect(await appendOne(store, 'order-1', 3, batch('order-1', 3, ['e2']))).toEqual({ status: 'duplicate', lastSeq: 3 });
    expect(await appendOne(store, 'order-1', 1, batch('order-1', 1, ['e3']))).toEqual({ status: 'duplicate', lastSeq: 3 });
    expect((await store.read('order-1')).map((r) => r.event_id)).toEqual(['e1', 'e2', 'e3']);
    expect((await store.undispatched()).map((r) => r.event_id)).toEqual(['e1', 'e2']);
  });

  test('event ids are unique across aggregates', async () => {
    const { store } = mongo.fresh();
    await appendOne(store, 'order-1', 0, batch('order-1', 0, ['e1', 'e2']));
    expect(await appendOne(store, 'order-2', 0, batch('order-2', 0, ['e2']))).toEqual({ status: 'duplicate', lastSeq: 0 });
    expect(await store.listAggregates()).toEqual(['order-1']);
  });

  test('a batch mixing stored and new event ids is INVALID_APPEND and writes nothing', async () => {
    const { store } = mongo.fresh();
    await appendOne(store, 'order-1', 0, batch('order-1', 0, ['e1']));
    for (const ids of [['e2', 'e1'], ['e1', 'e2']]) {
      expect(await rejection(appendOne(store, 'order-1', 1, batch('order-1', 1, ids)))).toMatchObject({ code: 'INVALID_APPEND' });
    }
    expect(await lastSeqOf(store, 'order-1')).toBe(1);
    expect(await store.findByEventId('e2')).toBeUndefined();
  });

  test('racing deliveries of one event to new aggregates: one is appended, the others are duplicates', async () => {
    // What the runtime does when a creating event is redelivered to two workers at once.
    const { store } = mongo.fresh();
    const outcomes = await Promise.allSettled(
      Array.from({ length: 8 }, (_, w) => appendOne(store, `order-${w}`, 0, [record(`order-${w}`, 1, 'create-1')])),
    );
    const statuses = outcomes.map((o) => (o.status === 'fulfilled' ? o.value.status : `rejected: ${String(o.reason)}`));
    expect(statuses.filter((s) => s === 'appended')).toHaveLength(1);
    expect(statuses.filter((s) => s === 'duplicate')).toHaveLength(7);
    expect(await store.listAggregates()).toHaveLength(1);
  });

  test('racing redeliveries of one batch to the same stream: one appended, the others duplicate', async () => {
    const { store } = mongo.fresh();
    const same = batch('order-1', 0, ['e1', 'e2']);
    const outcomes = await Promise.allSettled(Array.from({ length: 6 }, () => appendOne(store, 'order-1', 0, same)));
    const statuses = outcomes.map((o) => (o.status === 'fulfilled' ? o.value.status : 'rejected'));
    expect(statuses.filter((s) => s === 'appended')).toHaveLength(1);
    expect(statuses.filter((s) => s === 'duplicate')).toHaveLength(5);
    expect(await store.read('order-1')).toEqual(same);
  });
});
