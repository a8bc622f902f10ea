// Deliberately broken event stores (wrappers around the memory store) that the suite must catch.
import type { CommitResult, EventStore, Snapshot, StoredRecord } from '@eventflow/core';
import { override } from '../wrap.ts';
import { mangleRecord, mangleSnapshot, withoutRules, type Mangle } from './payloads.ts';

/** `read` leaves out the last record it should return. */
export function dropsLastRecord(inner: EventStore): EventStore {
  return override(inner, {
    read: async (aggregateId, options) => (await inner.read(aggregateId, options)).slice(0, -1),
  });
}

/** `read` swaps the first two records. */
export function reordersStream(inner: EventStore): EventStore {
  return override(inner, {
    read: async (aggregateId, options) => {
      const records = await inner.read(aggregateId, options);
      return records.length < 2 ? records : [records[1]!, records[0]!, ...records.slice(2)];
    },
  });
}

/** Appends at the end of each stream whatever the caller expected (last writer wins). */
export function ignoresExpectedSeq(inner: EventStore): EventStore {
  return override(inner, {
    append: async (commits) => {
      const results: CommitResult[] = [];
      for (const { aggregateId, records } of commits) {
        for (;;) {
          const last = (await inner.read(aggregateId)).length;
          const renumbered = records.map((record, i) => ({ ...record, seq: last + i + 1 }));
          const [result] = await inner.append([{ aggregateId, expectedSeq: last, records: renumbered }]);
          if (result?.status !== 'conflict') {
            results.push(result as CommitResult);
            break;
          }
        }
      }
      return results;
    },
  });
}

/** Stores a redelivered event again: event ids are made unique before they reach the inner store. */
export function ignoresIdempotency(inner: EventStore): EventStore {
  let counter = 0;
  const original = (record: StoredRecord): StoredRecord => ({ ...record, event_id: record.event_id.replace(/~\d+$/, '') });
  const firstById = new Map<string, StoredRecord>();
  return override(inner, {
    append: async (commits) => {
      const renamed = commits.map((commit) => ({ ...commit, records: commit.records.map((record) => ({ ...record, event_id: `${record.event_id}~${counter++}` })) }));
      const results = await inner.append(renamed);
      for (const record of commits.flatMap((commit) => commit.records)) if (!firstById.has(record.event_id)) firstById.set(record.event_id, record);
      return results;
    },
    read: async (aggregateId, options) => (await inner.read(aggregateId, options)).map(original),
    findByEventId: async (eventId) => firstById.get(eventId),
    undispatched: async () => (await inner.undispatched()).map(original),
  });
}

/** Stores payloads through a lossy codec (see payloads.ts). */
export function lossyPayloads(mangle: Mangle): (inner: EventStore) => EventStore {
  return (inner) =>
    override(inner, {
      append: (commits) => inner.append(commits.map((commit) => ({ ...commit, records: commit.records.map((record) => mangleRecord(record, mangle)) }))),
      saveSnapshot: (snapshot) => inner.saveSnapshot!(mangleSnapshot(snapshot, mangle)),
    });
}

/** Finds snapshots by aggregate id prefix: `order-1` also matches `order-10`'s snapshots. */
export function snapshotByPrefix(inner: EventStore): EventStore {
  const ids = new Set<string>();
  return override(inner, {
    saveSnapshot: async (snapshot) => {
      ids.add(snapshot.aggregate_id);
      await inner.saveSnapshot!(snapshot);
    },
    loadSnapshot: async (aggregateId, maxSeq) => {
      const found = await Promise.all([...ids].filter((id) => id.startsWith(aggregateId)).map((id) => inner.loadSnapshot!(id, maxSeq)));
      return found.reduce<Snapshot | undefined>((best, one) => (one !== undefined && (best === undefined || one.seq > best.seq) ? one : best), undefined);
    },
  });
}

/** The outbox copy of a record loses the `rules` of its emitted envelopes (`read` keeps them). */
export function outboxDropsRules(inner: EventStore): EventStore {
  return override(inner, {
    undispatched: async (options) =>
      (await inner.undispatched(options)).map((record) => ({ ...record, outcome: { ...record.outcome, emitted: record.outcome.emitted.map(withoutRules) } })),
  });
}
