// Appending and reading back: records round-trip whole, ranges, streams kept apart, creation order.
import { describe, expect } from 'vitest';
import { sampleBatch, sampleRecord } from '../arbitraries.ts';
import { appendOne, lastSeqOf } from './outcome.ts';
import { storeTest, type StoreSuite } from './suite.ts';

export function appendReadGroup(suite: StoreSuite): void {
  describe('append and read', () => {
    storeTest(suite, 'an unknown aggregate reads empty, at seq 0, and is not listed', async (store) => {
      expect(await store.read('order-404')).toEqual([]);
      expect(await store.listAggregates()).toEqual([]);
      expect(await store.findByEventId('nope')).toBeUndefined();
    });

    storeTest(suite, 'appended records read back deep-equal, in seq order', async (store, context) => {
      const first = sampleBatch('order-1', 0, ['e1', 'e2'], 1);
      const second = sampleBatch('order-1', 2, ['e3']);
      expect(await appendOne(store, 'order-1', 0, first)).toEqual({ status: 'appended', lastSeq: 2 });
      expect(await appendOne(store, 'order-1', 2, second)).toEqual({ status: 'appended', lastSeq: 3 });
      expect(await store.read('order-1')).toEqual([...first, ...second]);
      expect(await lastSeqOf(store, 'order-1')).toBe(3);
      const probe = suite.subject.probe?.(store, context);
      if (probe) expect(await probe.records('order-1'), 'what the storage holds').toEqual([...first, ...second]);
    });

    storeTest(suite, 'fromSeq and toSeq are inclusive bounds', async (store) => {
      const records = sampleBatch('order-1', 0, ['e1', 'e2', 'e3', 'e4', 'e5']);
      await appendOne(store, 'order-1', 0, records);
      const seqs = async (fromSeq?: number, toSeq?: number) =>
        (await store.read('order-1', { ...(fromSeq ? { fromSeq } : {}), ...(toSeq !== undefined ? { toSeq } : {}) })).map(
          (r) => r.seq,
        );
      expect(await seqs(2, 4)).toEqual([2, 3, 4]);
      expect(await seqs(4)).toEqual([4, 5]);
      expect(await seqs(undefined, 2)).toEqual([1, 2]);
      expect(await seqs(3, 3)).toEqual([3]);
      expect(await seqs(4, 2)).toEqual([]);
      expect(await seqs(6)).toEqual([]);
      expect(await seqs(undefined, 0)).toEqual([]);
      expect(await seqs(1, 99)).toEqual([1, 2, 3, 4, 5]);
    });

    storeTest(suite, 'streams are independent; aggregates are listed in creation order, per machine', async (store) => {
      const payment = sampleRecord({ aggregate_id: 'pay-1', machine: '@payment', seq: 1, event_id: 'p1' });
      await appendOne(store, 'order-2', 0, sampleBatch('order-2', 0, ['b1']));
      await appendOne(store, 'pay-1', 0, [payment]);
      await appendOne(store, 'order-1', 0, sampleBatch('order-1', 0, ['a1', 'a2']));
      await appendOne(store, 'order-2', 1, sampleBatch('order-2', 1, ['b2']));
      expect(await store.listAggregates()).toEqual(['order-2', 'pay-1', 'order-1']);
      expect(await store.listAggregates({ machine: '@order' })).toEqual(['order-2', 'order-1']);
      expect(await store.listAggregates({ machine: '@payment' })).toEqual(['pay-1']);
      expect(await store.listAggregates({ machine: '@shipping' })).toEqual([]);
      expect((await store.read('order-2')).map((r) => r.event_id)).toEqual(['b1', 'b2']);
      expect(await store.read('pay-1')).toEqual([payment]);
    });

    storeTest(suite, 'listAggregates pages: `limit` ids at a time, each page after the last id of the one before', async (store) => {
      const ids = Array.from({ length: 7 }, (_, i) => `agg-${i}`);
      for (const [i, id] of ids.entries()) {
        await appendOne(store, id, 0, [sampleRecord({ aggregate_id: id, machine: i % 2 === 0 ? '@order' : '@payment', seq: 1, event_id: `e${i}` })]);
      }
      const pages: string[][] = [];
      for (let after: string | undefined; ; ) {
        const page = await store.listAggregates({ limit: 3, ...(after === undefined ? {} : { after }) });
        if (page.length === 0) break;
        pages.push(page);
        after = page.at(-1);
      }
      expect(pages).toEqual([['agg-0', 'agg-1', 'agg-2'], ['agg-3', 'agg-4', 'agg-5'], ['agg-6']]);
      expect(await store.listAggregates({ machine: '@order', after: 'agg-2', limit: 1 })).toEqual(['agg-4']);
      expect(await store.listAggregates({ machine: '@payment', after: 'agg-1' })).toEqual(['agg-3', 'agg-5']);
    });

    storeTest(suite, 'the commits of one append are independent: a conflict writes nothing for its aggregate, everything for the others', async (store) => {
      await appendOne(store, 'order-1', 0, sampleBatch('order-1', 0, ['a1']));
      const results = await store.append([
        { aggregateId: 'order-2', expectedSeq: 0, records: sampleBatch('order-2', 0, ['b1', 'b2']) },
        { aggregateId: 'order-1', expectedSeq: 0, records: sampleBatch('order-1', 0, ['a2']) },
        { aggregateId: 'order-3', expectedSeq: 0, records: sampleBatch('order-3', 0, ['c1']) },
      ]);
      expect(results).toEqual([{ status: 'appended', lastSeq: 2 }, { status: 'conflict', lastSeq: 1 }, { status: 'appended', lastSeq: 1 }]);
      expect((await store.read('order-1')).map((r) => r.event_id)).toEqual(['a1']);
      expect((await store.read('order-2')).map((r) => r.event_id)).toEqual(['b1', 'b2']);
      expect(await store.findByEventId('a2')).toBeUndefined();
      expect(await store.listAggregates()).toEqual(['order-1', 'order-2', 'order-3']);
    });

    storeTest(suite, 'findByEventId returns the record that processed an event', async (store) => {
      const records = sampleBatch('order-1', 0, ['e1', 'e2']);
      await appendOne(store, 'order-1', 0, records);
      expect(await store.findByEventId('e2')).toEqual(records[1]);
      expect(await store.findByEventId('e3')).toBeUndefined();
    });
  });
}
