// Appending and reading back: records round-trip whole, ranges, streams kept apart, creation order.
import { describe, expect } from 'vitest';
import { sampleBatch, sampleRecord } from '../arbitraries.ts';
import { storeTest, type StoreSuite } from './suite.ts';

export function appendReadGroup(suite: StoreSuite): void {
  describe('append and read', () => {
    storeTest(suite, 'an unknown aggregate reads empty, at seq 0, and is not listed', async (store) => {
      expect(await store.read('order-404')).toEqual([]);
      expect(await store.lastSeq('order-404')).toBe(0);
      expect(await store.listAggregates()).toEqual([]);
      expect(await store.findByEventId('nope')).toBeUndefined();
    });

    storeTest(suite, 'appended records read back deep-equal, in seq order', async (store, context) => {
      const first = sampleBatch('order-1', 0, ['e1', 'e2'], 1);
      const second = sampleBatch('order-1', 2, ['e3']);
      expect(await store.append('order-1', 0, first)).toEqual({ status: 'appended', lastSeq: 2 });
      expect(await store.append('order-1', 2, second)).toEqual({ status: 'appended', lastSeq: 3 });
      expect(await store.read('order-1')).toEqual([...first, ...second]);
      expect(await store.lastSeq('order-1')).toBe(3);
      const probe = suite.subject.probe?.(store, context);
      if (probe) expect(await probe.records('order-1'), 'what the storage holds').toEqual([...first, ...second]);
    });

    storeTest(suite, 'fromSeq and toSeq are inclusive bounds', async (store) => {
      const records = sampleBatch('order-1', 0, ['e1', 'e2', 'e3', 'e4', 'e5']);
      await store.append('order-1', 0, records);
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
      await store.append('order-2', 0, sampleBatch('order-2', 0, ['b1']));
      await store.append('pay-1', 0, [payment]);
      await store.append('order-1', 0, sampleBatch('order-1', 0, ['a1', 'a2']));
      await store.append('order-2', 1, sampleBatch('order-2', 1, ['b2']));
      expect(await store.listAggregates()).toEqual(['order-2', 'pay-1', 'order-1']);
      expect(await store.listAggregates('@order')).toEqual(['order-2', 'order-1']);
      expect(await store.listAggregates('@payment')).toEqual(['pay-1']);
      expect(await store.listAggregates('@shipping')).toEqual([]);
      expect((await store.read('order-2')).map((r) => r.event_id)).toEqual(['b1', 'b2']);
      expect(await store.read('pay-1')).toEqual([payment]);
    });

    storeTest(suite, 'findByEventId returns the record that processed an event', async (store) => {
      const records = sampleBatch('order-1', 0, ['e1', 'e2']);
      await store.append('order-1', 0, records);
      expect(await store.findByEventId('e2')).toEqual(records[1]);
      expect(await store.findByEventId('e3')).toBeUndefined();
    });
  });
}
