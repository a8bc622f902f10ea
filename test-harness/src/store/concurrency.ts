// Optimistic concurrency: a commit names the seq it expects the stream to be at. Property (b): N
// writers racing with the same expected seq: exactly one wins, the others get `conflict`.
import fc from 'fast-check';
import { describe, expect, test } from 'vitest';
import { sampleBatch } from '../arbitraries.ts';
import { assertProperty } from '../fc-settings.ts';
import { withStore } from '../lifecycle.ts';
import type { CheckOptions, StoreFactory, StoreSubject } from '../options.ts';
import { appendOne, attemptAppend, lastSeqOf, showOutcome } from './outcome.ts';
import { asStoreSubject, storeTest, type StoreSuite } from './suite.ts';

/** Property (b): of N racing appends with the same expected seq exactly one is stored. Throws on failure. */
export async function checkRacingAppends(subject: StoreSubject | StoreFactory, options: CheckOptions = {}): Promise<void> {
  const adapter = asStoreSubject(subject);
  const scenario = fc.record({
    prior: fc.nat(3),
    writers: fc.array(fc.integer({ min: 1, max: 3 }), { minLength: 2, maxLength: 8 }),
  });
  await assertProperty(
    fc.asyncProperty(scenario, ({ prior, writers }) =>
      withStore(adapter, async (store) => {
        const id = 'order-race';
        if (prior > 0) await appendOne(store, id, 0, sampleBatch(id, 0, range(prior).map((i) => `prior-${i}`)));
        const batches = writers.map((size, w) => sampleBatch(id, prior, range(size).map((i) => `w${w}-${i}`)));
        const outcomes = await Promise.all(batches.map((batch) => attemptAppend(() => appendOne(store, id, prior, batch))));

        const winners = outcomes.flatMap((outcome, w) => (outcome.status === 'appended' ? [w] : []));
        expect(winners, 'exactly one racing append succeeds').toHaveLength(1);
        const winner = winners[0]!;
        expect(outcomes[winner]).toEqual({ status: 'appended', lastSeq: prior + writers[winner]! });
        outcomes.forEach((outcome, w) => {
          if (w === winner) return;
          expect(showOutcome(outcome), `writer ${w}`).toBe(`conflict (lastSeq ${prior + writers[winner]!})`);
        });
        expect(await lastSeqOf(store, id)).toBe(prior + writers[winner]!);
        expect((await store.read(id, { fromSeq: prior + 1 })).map((r) => r.event_id)).toEqual(
          batches[winner]!.map((r) => r.event_id),
        );
        for (const [w, batch] of batches.entries()) {
          if (w !== winner) expect(await store.findByEventId(batch[0]!.event_id), `loser ${w} left a record`).toBeUndefined();
        }
      }),
    ),
    options,
    25,
  );
}

export function concurrencyGroup(suite: StoreSuite): void {
  describe('concurrency', () => {
    storeTest(suite, 'a new stream is appended with expected seq 0', async (store) => {
      expect(await appendOne(store, 'order-1', 0, sampleBatch('order-1', 0, ['e1']))).toEqual({ status: 'appended', lastSeq: 1 });
    });

    storeTest(suite, 'an expected seq behind or ahead of the stream is a conflict, with the seq the stream is at', async (store) => {
      await appendOne(store, 'order-1', 0, sampleBatch('order-1', 0, ['e1', 'e2']));
      for (const expectedSeq of [0, 1, 3, 7]) {
        const outcome = await attemptAppend(() => appendOne(store, 'order-1', expectedSeq, sampleBatch('order-1', expectedSeq, ['e3'])));
        expect(showOutcome(outcome), `expected seq ${expectedSeq}`).toBe('conflict (lastSeq 2)');
      }
      expect(await lastSeqOf(store, 'order-1')).toBe(2);
      expect(await store.findByEventId('e3')).toBeUndefined();
    });

    storeTest(suite, 'a conflict on one aggregate does not affect another', async (store) => {
      await appendOne(store, 'order-1', 0, sampleBatch('order-1', 0, ['a1']));
      expect(await appendOne(store, 'order-1', 0, sampleBatch('order-1', 0, ['a2']))).toEqual({ status: 'conflict', lastSeq: 1 });
      expect(await appendOne(store, 'order-2', 0, sampleBatch('order-2', 0, ['b1']))).toEqual({ status: 'appended', lastSeq: 1 });
    });

    storeTest(suite, 'a commit whose seqs do not follow the expected seq is rejected (INVALID_APPEND), not a conflict', async (store) => {
      await appendOne(store, 'order-1', 0, sampleBatch('order-1', 0, ['e1']));
      const gap = sampleBatch('order-1', 2, ['e2']);
      const outcome = await attemptAppend(() => appendOne(store, 'order-1', 1, gap));
      expect(outcome.status, 'seq 3 after seq 1 leaves a gap').toBe('rejected');
      expect(outcome.status === 'rejected' && (outcome.error as { code?: string }).code).toBe('INVALID_APPEND');
      expect(await lastSeqOf(store, 'order-1')).toBe(1);
    });

    test(
      'property: N racing appends with the same expected seq, exactly one wins',
      () => checkRacingAppends(suite.subject, suite.check),
      suite.timeoutMs,
    );
  });
}

function range(n: number): number[] {
  return Array.from({ length: n }, (_, i) => i);
}
