// Optional snapshots: an optimisation only, so what matters is that the right one comes back.
import { describe, expect } from 'vitest';
import type { EventStore, Snapshot } from '@eventflow/core';
import { notApplicable } from '../not-applicable.ts';
import { storeTest, type StoreSuite } from './suite.ts';

export function sampleSnapshot(aggregateId: string, seq: number, state = `#s${seq}`): Snapshot {
  return {
    aggregate_id: aggregateId,
    machine: '@order',
    state,
    context: { total: seq * 10, items: ['a'], nested: { ok: true } },
    history: ['#idle', state],
    links: { '@payment': [{ aggregate_id: 'pay-1', conversation_id: 'conv-1' }] },
    conversations: [{ id: 'conv-1', peer: { machine: '@payment', aggregate_id: 'pay-1' } }],
    seq,
    definition_version: 'v1',
  };
}

function snapshots(store: EventStore): Required<Pick<EventStore, 'saveSnapshot' | 'loadSnapshot'>> {
  const { saveSnapshot, loadSnapshot } = store;
  expect(typeof saveSnapshot, 'capabilities.snapshots is true: saveSnapshot must exist').toBe('function');
  expect(typeof loadSnapshot, 'capabilities.snapshots is true: loadSnapshot must exist').toBe('function');
  return { saveSnapshot: saveSnapshot!.bind(store), loadSnapshot: loadSnapshot!.bind(store) };
}

export function snapshotsGroup(suite: StoreSuite): void {
  describe('snapshots', () => {
    if (!suite.capabilities.snapshots) {
      notApplicable('snapshots', suite.capabilities.snapshots, 'replay always starts from seq 1');
      return;
    }

    storeTest(suite, 'no snapshot yet: undefined', async (store) => {
      expect(await snapshots(store).loadSnapshot('order-1')).toBeUndefined();
    });

    storeTest(suite, 'a saved snapshot loads back deep-equal', async (store) => {
      const { saveSnapshot, loadSnapshot } = snapshots(store);
      await saveSnapshot(sampleSnapshot('order-1', 3));
      expect(await loadSnapshot('order-1')).toEqual(sampleSnapshot('order-1', 3));
    });

    storeTest(suite, 'the latest snapshot at or below maxSeq is returned', async (store) => {
      const { saveSnapshot, loadSnapshot } = snapshots(store);
      for (const seq of [5, 2, 9]) await saveSnapshot(sampleSnapshot('order-1', seq));
      expect((await loadSnapshot('order-1'))?.seq).toBe(9);
      expect((await loadSnapshot('order-1', 9))?.seq).toBe(9);
      expect((await loadSnapshot('order-1', 8))?.seq).toBe(5);
      expect((await loadSnapshot('order-1', 4))?.seq).toBe(2);
      expect(await loadSnapshot('order-1', 1)).toBeUndefined();
    });

    storeTest(suite, 'snapshots are per aggregate; saving a seq again replaces it', async (store) => {
      const { saveSnapshot, loadSnapshot } = snapshots(store);
      await saveSnapshot(sampleSnapshot('order-1', 4, '#first'));
      await saveSnapshot(sampleSnapshot('order-1', 4, '#second'));
      expect((await loadSnapshot('order-1'))?.state).toBe('#second');
      expect(await loadSnapshot('order-2')).toBeUndefined();
    });

    storeTest(suite, 'an aggregate id that is a prefix of another finds only its own snapshots', async (store) => {
      const { saveSnapshot, loadSnapshot } = snapshots(store);
      await saveSnapshot(sampleSnapshot('order-10', 7, '#ten'));
      expect(await loadSnapshot('order-1'), 'order-1 has no snapshot; order-10 has').toBeUndefined();
      await saveSnapshot(sampleSnapshot('order-1', 2, '#one'));
      expect((await loadSnapshot('order-1'))?.state).toBe('#one');
      expect((await loadSnapshot('order-10'))?.state).toBe('#ten');
    });
  });
}
