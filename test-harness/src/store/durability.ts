// Durability: everything survives closing the store and opening it again on the same namespace.
import { describe, expect, test } from 'vitest';
import { sampleBatch } from '../arbitraries.ts';
import { newContext } from '../lifecycle.ts';
import { notApplicable } from '../not-applicable.ts';
import { sampleSnapshot } from './snapshots.ts';
import { appendOne, lastSeqOf } from './outcome.ts';
import type { StoreSuite } from './suite.ts';

export function durabilityGroup(suite: StoreSuite): void {
  describe('durability', () => {
    if (!suite.capabilities.durable) {
      notApplicable('durable', suite.capabilities.durable, 'data lives as long as the store object');
      return;
    }

    test(
      'records, outbox marks, snapshots and idempotency survive a restart',
      async () => {
        const { subject, capabilities } = suite;
        const context = newContext('store');
        const before = await subject.create(context);
        await appendOne(before, 'order-1', 0, sampleBatch('order-1', 0, ['a1', 'a2'], 1));
        await appendOne(before, 'order-2', 0, sampleBatch('order-2', 0, ['b1'], 1));
        if (capabilities.outbox) await before.markDispatched([{ aggregateId: 'order-1', seq: 1 }]);
        if (capabilities.snapshots) await before.saveSnapshot!(sampleSnapshot('order-1', 2));
        await before.close();

        const after = await subject.create(context);
        try {
          expect(await after.read('order-1')).toEqual(sampleBatch('order-1', 0, ['a1', 'a2'], 1));
          expect(await lastSeqOf(after, 'order-2')).toBe(1);
          expect(await after.listAggregates()).toEqual(['order-1', 'order-2']);
          expect(await after.findByEventId('b1')).toEqual(sampleBatch('order-2', 0, ['b1'], 1)[0]);
          if (capabilities.outbox) expect((await after.undispatched()).map((r) => r.event_id)).toEqual(['a2', 'b1']);
          if (capabilities.snapshots) expect(await after.loadSnapshot!('order-1')).toEqual(sampleSnapshot('order-1', 2));
          expect(await appendOne(after, 'order-1', 0, sampleBatch('order-1', 0, ['a1']))).toEqual({ status: 'duplicate', lastSeq: 2 });
          expect(await appendOne(after, 'order-1', 1, sampleBatch('order-1', 1, ['a9']))).toEqual({ status: 'conflict', lastSeq: 2 });
          expect(await appendOne(after, 'order-1', 2, sampleBatch('order-1', 2, ['a3']))).toEqual({ status: 'appended', lastSeq: 3 });
        } finally {
          await (subject.teardown ? subject.teardown(after, context) : after.close());
        }
      },
      suite.timeoutMs,
    );
  });
}
