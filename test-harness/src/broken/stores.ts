// Deliberately broken event stores (wrappers around the memory store) that the suite must catch.
import { isConcurrencyError, type EventStore, type StoredRecord } from '@eventflow/core';
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

/** Appends at the end of the stream whatever the caller expected (last writer wins). */
export function ignoresExpectedSeq(inner: EventStore): EventStore {
  return override(inner, {
    append: async (aggregateId, _expectedSeq, records) => {
      for (;;) {
        const last = await inner.lastSeq(aggregateId);
        const renumbered = records.map((record, i) => ({ ...record, seq: last + i + 1 }));
        try {
          return await inner.append(aggregateId, last, renumbered);
        } catch (error) {
          if (!isConcurrencyError(error)) throw error;
        }
      }
    },
  });
}

/** Stores a redelivered event again: event ids are made unique before they reach the inner store. */
export function ignoresIdempotency(inner: EventStore): EventStore {
  let counter = 0;
  const original = (record: StoredRecord): StoredRecord => ({ ...record, event_id: record.event_id.replace(/~\d+$/, '') });
  const firstById = new Map<string, StoredRecord>();
  return override(inner, {
    append: async (aggregateId, expectedSeq, records) => {
      const renamed = records.map((record) => ({ ...record, event_id: `${record.event_id}~${counter++}` }));
      const result = await inner.append(aggregateId, expectedSeq, renamed);
      for (const record of records) if (!firstById.has(record.event_id)) firstById.set(record.event_id, record);
      return result;
    },
    read: async (aggregateId, options) => (await inner.read(aggregateId, options)).map(original),
    findByEventId: async (eventId) => firstById.get(eventId),
    undispatched: async () => (await inner.undispatched()).map(original),
  });
}
