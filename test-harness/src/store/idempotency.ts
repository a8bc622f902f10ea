// Idempotency on event id: a redelivered event is recognised and never stored twice.
import { describe, expect } from 'vitest';
import { sampleBatch } from '../arbitraries.ts';
import { appendOne, attemptAppend, lastSeqOf, showOutcome } from './outcome.ts';
import { storeTest, type StoreSuite } from './suite.ts';

export function idempotencyGroup(suite: StoreSuite): void {
  describe('idempotency', () => {
    storeTest(suite, 'appending the same batch again is a no-op duplicate', async (store) => {
      const batch = sampleBatch('order-1', 0, ['e1', 'e2']);
      await appendOne(store, 'order-1', 0, batch);
      expect(await appendOne(store, 'order-1', 0, batch)).toEqual({ status: 'duplicate', lastSeq: 2 });
      expect(await store.read('order-1')).toEqual(batch);
    });

    storeTest(suite, 'a redelivered event is a duplicate even after the stream moved on (not a conflict)', async (store) => {
      await appendOne(store, 'order-1', 0, sampleBatch('order-1', 0, ['e1']));
      await appendOne(store, 'order-1', 1, sampleBatch('order-1', 1, ['e2', 'e3']));
      // A worker that loaded the stream at seq 1 and processed e2 again:
      expect(await appendOne(store, 'order-1', 1, sampleBatch('order-1', 1, ['e2']))).toEqual({ status: 'duplicate', lastSeq: 3 });
      // ... or loaded it afresh and computed the next seq:
      expect(await appendOne(store, 'order-1', 3, sampleBatch('order-1', 3, ['e1']))).toEqual({ status: 'duplicate', lastSeq: 3 });
      expect(await lastSeqOf(store, 'order-1')).toBe(3);
    });

    storeTest(suite, 'a batch whose later event id is already stored is rejected whole', async (store) => {
      await appendOne(store, 'order-1', 0, sampleBatch('order-1', 0, ['e1']));
      const outcome = await attemptAppend(() => appendOne(store, 'order-1', 1, sampleBatch('order-1', 1, ['e2', 'e1'])));
      expect(showOutcome(outcome)).toMatch(/^rejected/);
      expect(await lastSeqOf(store, 'order-1')).toBe(1);
      expect(await store.findByEventId('e2')).toBeUndefined();
    });

    storeTest(suite, 'a batch starting with a stored event id followed by new ones writes nothing', async (store) => {
      await appendOne(store, 'order-1', 0, sampleBatch('order-1', 0, ['e1']));
      const outcome = await attemptAppend(() => appendOne(store, 'order-1', 1, sampleBatch('order-1', 1, ['e1', 'e2'])));
      expect(outcome.status, 'duplicate or rejected, as the adapter documents').not.toBe('appended');
      expect(await lastSeqOf(store, 'order-1')).toBe(1);
      expect(await store.findByEventId('e2')).toBeUndefined();
    });

    storeTest(suite, 'a batch repeating an event id is rejected and writes nothing', async (store) => {
      const [first] = sampleBatch('order-1', 0, ['e1']);
      const [again] = sampleBatch('order-1', 1, ['e1']);
      const outcome = await attemptAppend(() => appendOne(store, 'order-1', 0, [first!, again!]));
      expect(outcome.status).toBe('rejected');
      expect(await lastSeqOf(store, 'order-1')).toBe(0);
    });

    storeTest(suite, 'event ids are unique per store, across aggregates', async (store) => {
      await appendOne(store, 'order-1', 0, sampleBatch('order-1', 0, ['e1']));
      expect(await appendOne(store, 'order-2', 0, sampleBatch('order-2', 0, ['e1']))).toEqual({ status: 'duplicate', lastSeq: 0 });
      expect(await store.listAggregates()).toEqual(['order-1']);
    });

    storeTest(suite, 'a commit mixing stored and new event ids writes nothing and fails the call, after the other commits are written', async (store) => {
      await appendOne(store, 'order-1', 0, sampleBatch('order-1', 0, ['e1']));
      const outcome = await attemptAppend(async () =>
        (
          await store.append([
            { aggregateId: 'order-2', expectedSeq: 0, records: sampleBatch('order-2', 0, ['b1']) },
            { aggregateId: 'order-1', expectedSeq: 1, records: sampleBatch('order-1', 1, ['e2', 'e1']) },
          ])
        )[0]!,
      );
      expect(outcome.status === 'rejected' && (outcome.error as { code?: string }).code).toBe('INVALID_APPEND');
      expect((await store.read('order-2')).map((record) => record.event_id)).toEqual(['b1']);
      expect(await store.findByEventId('e2')).toBeUndefined();
      expect(await lastSeqOf(store, 'order-1')).toBe(1);
    });
  });
}
