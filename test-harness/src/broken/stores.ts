// Deliberately broken event stores (wrappers around the memory store) that the suite must catch.
import type { CommitResult, EventStore, StoredRecord } from '@eventflow/core';
import { override } from '../wrap.ts';

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
