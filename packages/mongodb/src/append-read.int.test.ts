import { describe, expect, test } from 'vitest';
import { batch, record } from './test-support/records.ts';
import { appendOne, lastSeqOf, rejection, useMongo } from './test-support/mongo.ts';

const mongo = useMongo();

describe('append and read', () => {
  test('records read back deep-equal, in seq order, across commits', async () => {
    const { store } = mongo.fresh();
    const first = batch('order-1', 0, ['e1', 'e2'], 1);
    const second = batch('order-1', 2, ['e3']);
    expect(await appendOne(store, 'order-1', 0, first)).toEqual({ status: 'appended', lastSeq: 2 });
    expect(await appendOne(store, 'order-1', 2, second)).toEqual({ status: 'appended', lastSeq: 3 });
    expect(await store.read('order-1')).toEqual([...first, ...second]);
    expect(await lastSeqOf(store, 'order-1')).toBe(3);
    expect(await lastSeqOf(store, 'order-404')).toBe(0);
    expect(await store.read('order-404')).toEqual([]);
  });

  test('fromSeq/toSeq are inclusive and may cut through a commit', async () => {
    const { store } = mongo.fresh();
    await appendOne(store, 'order-1', 0, batch('order-1', 0, ['e1', 'e2', 'e3']));
    await appendOne(store, 'order-1', 3, batch('order-1', 3, ['e4', 'e5']));
    const seqs = async (fromSeq?: number, toSeq?: number) =>
      (await store.read('order-1', { ...(fromSeq === undefined ? {} : { fromSeq }), ...(toSeq === undefined ? {} : { toSeq }) })).map(
        (r) => r.seq,
      );
    expect(await seqs(2, 4)).toEqual([2, 3, 4]);
    expect(await seqs(4)).toEqual([4, 5]);
    expect(await seqs(undefined, 2)).toEqual([1, 2]);
    expect(await seqs(3, 3)).toEqual([3]);
    expect(await seqs(4, 2)).toEqual([]);
    expect(await seqs(6)).toEqual([]);
    expect(await seqs(undefined, 0)).toEqual([]);
    expect(await seqs(0, 99)).toEqual([1, 2, 3, 4, 5]);
    expect(await seqs(2, Number.POSITIVE_INFINITY)).toEqual([2, 3, 4, 5]);
  });

  test('one append of several commits: each stands alone, a conflict writes nothing for its aggregate', async () => {
    const { store } = mongo.fresh();
    await appendOne(store, 'order-1', 0, batch('order-1', 0, ['a1']));
    const results = await store.append([
      { aggregateId: 'order-2', expectedSeq: 0, records: batch('order-2', 0, ['b1', 'b2']) },
      { aggregateId: 'order-1', expectedSeq: 0, records: batch('order-1', 0, ['a2']) },
      { aggregateId: 'order-3', expectedSeq: 0, records: batch('order-3', 0, ['c1']) },
    ]);
    expect(results).toEqual([{ status: 'appended', lastSeq: 2 }, { status: 'conflict', lastSeq: 1 }, { status: 'appended', lastSeq: 1 }]);
    expect(await store.findByEventId('a2')).toBeUndefined();
    expect(await store.listAggregates({ limit: 2 })).toEqual(['order-1', 'order-2']);
    expect(await store.listAggregates({ after: 'order-2' })).toEqual(['order-3']);
  });

  test('aggregates are listed in creation order, per machine; findByEventId finds the record', async () => {
    const { store } = mongo.fresh();
    await appendOne(store, 'order-2', 0, batch('order-2', 0, ['b1']));
    await appendOne(store, 'pay-1', 0, [record('pay-1', 1, 'p1', { machine: '@payment' })]);
    await appendOne(store, 'order-1', 0, batch('order-1', 0, ['a1', 'a2']));
    await appendOne(store, 'order-2', 1, batch('order-2', 1, ['b2']));
    expect(await store.listAggregates()).toEqual(['order-2', 'pay-1', 'order-1']);
    expect(await store.listAggregates({ machine: '@order' })).toEqual(['order-2', 'order-1']);
    expect(await store.listAggregates({ machine: '@shipping' })).toEqual([]);
    expect(await store.findByEventId('a2')).toEqual(record('order-1', 2, 'a2'));
    expect(await store.findByEventId('nope')).toBeUndefined();
  });
});

describe('optimistic concurrency', () => {
  test('an expected seq behind or ahead of the stream is a conflict and leaves no gap', async () => {
    const { store } = mongo.fresh();
    await appendOne(store, 'order-1', 0, batch('order-1', 0, ['e1', 'e2', 'e3']));
    for (const expectedSeq of [0, 1, 2, 5]) {
      expect(await appendOne(store, 'order-1', expectedSeq, batch('order-1', expectedSeq, ['x'])), `expected seq ${expectedSeq}`).toEqual({ status: 'conflict', lastSeq: 3 });
    }
    expect(await lastSeqOf(store, 'order-1')).toBe(3);
    expect(await store.findByEventId('x')).toBeUndefined();
    expect(await appendOne(store, 'order-1', 3, batch('order-1', 3, ['x']))).toEqual({ status: 'appended', lastSeq: 4 });
  });

  test('N racing appends at the same expected seq: exactly one wins, whole', async () => {
    const { store } = mongo.fresh();
    await appendOne(store, 'order-1', 0, batch('order-1', 0, ['prior']));
    const writers = Array.from({ length: 12 }, (_, w) => batch('order-1', 1, [`w${w}-a`, `w${w}-b`, `w${w}-c`].slice(0, (w % 3) + 1)));
    const outcomes = await Promise.allSettled(writers.map((records) => appendOne(store, 'order-1', 1, records)));
    const winners = outcomes.flatMap((o, w) => (o.status === 'fulfilled' && o.value.status === 'appended' ? [w] : []));
    expect(winners).toHaveLength(1);
    const winner = winners[0]!;
    for (const [w, o] of outcomes.entries()) {
      if (w !== winner) expect(o.status === 'fulfilled' && o.value.status, `writer ${w}`).toBe('conflict');
    }
    expect(await store.read('order-1', { fromSeq: 2 })).toEqual(writers[winner]);
    expect(await lastSeqOf(store, 'order-1')).toBe(1 + writers[winner]!.length);
  });

  test('a batch breaking the rules is INVALID_APPEND, not a conflict, and writes nothing', async () => {
    const { store } = mongo.fresh();
    await appendOne(store, 'order-1', 0, batch('order-1', 0, ['e1']));
    const cases = [
      batch('order-1', 2, ['gap']), // seq 3 after expected 1
      [],
      [record('order-1', 2, 'x1'), record('order-1', 3, 'x1')],
      [record('order-1', 2, 'y1'), record('order-1', 3, 'y2', { machine: '@payment' })],
      batch('order-2', 1, ['other']),
    ];
    for (const records of cases) {
      expect(await rejection(appendOne(store, 'order-1', 1, records))).toMatchObject({ code: 'INVALID_APPEND' });
    }
    expect(await lastSeqOf(store, 'order-1')).toBe(1);
  });
});
