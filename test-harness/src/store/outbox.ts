// The outbox: records whose emitted envelopes still have to be handed to the transport.
import type { StoredRecord } from '@eventflow/core';
import { describe, expect } from 'vitest';
import { sampleBatch } from '../arbitraries.ts';
import { notApplicable } from '../not-applicable.ts';
import { appendOne } from './outcome.ts';
import { storeTest, type StoreSuite } from './suite.ts';

export function outboxGroup(suite: StoreSuite): void {
  describe('outbox', () => {
    if (!suite.capabilities.outbox) {
      notApplicable('outbox', suite.capabilities.outbox, 'the store does not track dispatching of emitted envelopes');
      return;
    }
    const ids = async (records: Promise<{ event_id: string }[]>) => (await records).map((r) => r.event_id);

    storeTest(suite, 'records that emitted envelopes wait in the outbox, oldest first across aggregates', async (store) => {
      await appendOne(store, 'order-1', 0, sampleBatch('order-1', 0, ['a1', 'a2'], 1));
      await appendOne(store, 'order-2', 0, sampleBatch('order-2', 0, ['b1'], 2));
      await appendOne(store, 'order-1', 2, sampleBatch('order-1', 2, ['a3'], 1));
      expect(await ids(store.undispatched())).toEqual(['a1', 'a2', 'b1', 'a3']);
      expect((await store.undispatched())[2]).toEqual(sampleBatch('order-2', 0, ['b1'], 2)[0]);
    });

    storeTest(suite, 'an emitted envelope keeps its trace carrier (W3C traceparent, tracestate) in the outbox', async (store) => {
      const [record] = sampleBatch('order-1', 0, ['traced'], 1) as [StoredRecord];
      const trace = { traceparent: '00-4bf92f3577b34da6a3ce929d0e0e4736-00f067aa0ba902b7-01', tracestate: 'vendor=1' };
      const traced: StoredRecord = { ...record, outcome: { ...record.outcome, emitted: record.outcome.emitted.map((envelope) => ({ ...envelope, trace })) } };
      await appendOne(store, 'order-1', 0, [traced]);
      expect((await store.undispatched())[0]?.outcome.emitted[0]?.trace).toEqual(trace);
      expect((await store.read('order-1'))[0]).toEqual(traced);
    });

    storeTest(suite, 'records that emitted nothing are not in the outbox', async (store) => {
      await appendOne(store, 'order-1', 0, sampleBatch('order-1', 0, ['quiet']));
      await appendOne(store, 'order-1', 1, sampleBatch('order-1', 1, ['loud'], 1));
      expect(await ids(store.undispatched())).toEqual(['loud']);
    });

    storeTest(suite, 'markDispatched takes records out, several at once; marking again or an unknown seq changes nothing', async (store) => {
      await appendOne(store, 'order-1', 0, sampleBatch('order-1', 0, ['a1', 'a2', 'a3', 'a4'], 1));
      await appendOne(store, 'order-2', 0, sampleBatch('order-2', 0, ['b1'], 1));
      await store.markDispatched([{ aggregateId: 'order-1', seq: 2 }]);
      expect(await ids(store.undispatched())).toEqual(['a1', 'a3', 'a4', 'b1']);
      await store.markDispatched([
        { aggregateId: 'order-1', seq: 2 },
        { aggregateId: 'order-1', seq: 9 },
        { aggregateId: 'order-404', seq: 1 },
        { aggregateId: 'order-2', seq: 1 },
        { aggregateId: 'order-1', seq: 4 },
      ]);
      expect(await ids(store.undispatched())).toEqual(['a1', 'a3']);
      await store.markDispatched([]);
      expect(await store.read('order-1')).toHaveLength(4);
    });

    storeTest(suite, 'undispatched gives at most `limit` records, the oldest', async (store) => {
      await appendOne(store, 'order-1', 0, sampleBatch('order-1', 0, ['a1', 'a2', 'a3'], 1));
      expect(await ids(store.undispatched({ limit: 2 }))).toEqual(['a1', 'a2']);
    });

    storeTest(suite, 'a duplicate append does not put a record in the outbox twice', async (store) => {
      const batch = sampleBatch('order-1', 0, ['a1'], 1);
      await appendOne(store, 'order-1', 0, batch);
      await appendOne(store, 'order-1', 0, batch);
      expect(await ids(store.undispatched())).toEqual(['a1']);
      await store.markDispatched([{ aggregateId: 'order-1', seq: 1 }]);
      await appendOne(store, 'order-1', 0, batch);
      expect(await store.undispatched()).toEqual([]);
    });
  });
}
