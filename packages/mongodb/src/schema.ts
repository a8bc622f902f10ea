import type { Collection, Db, IndexDescription } from 'mongodb';
import type { CommitDocument, OutboxDocument, RecordsDocument, SnapshotDocument } from './codec.ts';

export interface Collections {
  /** The commits (what every read asks for). */
  readonly records: Collection<CommitDocument>;
  /** The same collection with the claims some servers need beside the commits (codec.ts ClaimDocument). */
  readonly documents: Collection<RecordsDocument>;
  /** The records awaiting dispatch (codec.ts OutboxDocument). */
  readonly outbox: Collection<OutboxDocument>;
  readonly snapshots: Collection<SnapshotDocument>;
}

/** Index names are part of the layout (README): tests and operators look them up by name. */
export const RECORD_INDEXES: readonly IndexDescription[] = [
  // Optimistic concurrency: one commit may start at each seq of a stream. Also serves read/lastSeq.
  { key: { aggregate_id: 1, first_seq: 1 }, name: 'stream', unique: true },
  // Idempotency: an event id is stored once per store (multikey: one key per array element).
  { key: { event_ids: 1 }, name: 'event_ids', unique: true },
  // listAggregates: first commits (first_seq 1) in creation order.
  { key: { first_seq: 1, position: 1 }, name: 'creation' },
  // undispatched: the legacy outbox (commits written before the outbox collection), oldest first.
  { key: { dispatched: 1, position: 1 }, name: 'outbox' },
  // undispatched: the commits of the append calls the outbox collection names.
  { key: { append_call: 1 }, name: 'append_call' },
];

/** The outbox collection's indexes: marks delete a call's entries by `_id`, or a record's by aggregate and seq. */
export const OUTBOX_INDEXES: readonly IndexDescription[] = [
  { key: { call: 1 }, name: 'call' },
  { key: { aggregate_id: 1, seq: 1 }, name: 'record' },
];

/** The index of the snapshots collection: one snapshot per aggregate and seq. */
export const SNAPSHOT_INDEXES: readonly IndexDescription[] = [
  { key: { aggregate_id: 1, seq: 1 }, name: 'aggregate_seq', unique: true },
];

export function collections(db: Db, prefix: string): Collections {
  const options = { readPreference: 'primary' } as const;
  return {
    records: db.collection<CommitDocument>(`${prefix}records`, options),
    documents: db.collection<RecordsDocument>(`${prefix}records`, options),
    outbox: db.collection<OutboxDocument>(`${prefix}outbox`, options),
    snapshots: db.collection<SnapshotDocument>(`${prefix}snapshots`, options),
  };
}

/**
 * Creates the collections' indexes (a no-op when they exist with the same definition), one command
 * per index: FerretDB 1.24 drops the connection when one `createIndexes` command names two or more
 * indexes that already exist (server log: `runtime error: slice bounds out of range [:3:2]`).
 */
export async function ensureIndexes(target: Collections): Promise<void> {
  for (const { key, ...options } of RECORD_INDEXES) await target.records.createIndex(key, options);
  for (const { key, ...options } of OUTBOX_INDEXES) await target.outbox.createIndex(key, options);
  for (const { key, ...options } of SNAPSHOT_INDEXES) await target.snapshots.createIndex(key, options);
}

/**
 * Does the server enforce a unique array index per element (MongoDB: yes; FerretDB 1.x: no, it
 * compares whole arrays)? Tried once per connection in a throwaway collection. When it does, an
 * append whose stream position is known needs no read at all: the index rejects a stored event id.
 */
export async function probeElementUniqueness(db: Db, prefix: string): Promise<boolean> {
  const probe = db.collection<{ ids: string[] }>(`${prefix}probe_${Math.random().toString(36).slice(2, 10)}`);
  try {
    await probe.createIndex({ ids: 1 }, { unique: true });
    await probe.insertOne({ ids: ['a', 'b'] });
    await probe.insertOne({ ids: ['b'] });
    return false;
  } catch (error) {
    if ((error as { code?: unknown }).code === 11000) return true;
    throw error;
  } finally {
    await probe.drop().catch(() => undefined);
  }
}
