// The MongoDB store's documents and indexes rebuilt by hand, for the raw-driver baselines and for
// filling a database without the store (mongo-store.ts). real-smoke.int.test.ts checks that they
// equal what the store writes.
import type { StoredRecord } from '@eventflow/core';
import { OUTBOX_INDEXES, RECORD_INDEXES, SNAPSHOT_INDEXES, type CommitDocument, type OutboxDocument } from '@eventflow/mongodb';
import type { Db } from 'mongodb';
import { checkoutRecords } from './machine.ts';
import { indexEventFlowStore } from './postgres-indexes.ts';

/** The store's write concern (packages/mongodb/src/insert.ts DURABLE): the raw inserts use it too. */
export const DURABLE = { writeConcern: { w: 'majority', j: true } } as const;
export const PREFIX = 'eventflow_';
export const RECORDS = `${PREFIX}records`;
export const OUTBOX = `${PREFIX}outbox`;
const SNAPSHOTS = `${PREFIX}snapshots`;

let lastPosition = 0;

/** packages/mongodb/src/position.ts: wall-clock µs, strictly increasing in this process. */
function nextPosition(nowMs: number): number {
  const candidate = Math.floor(nowMs) * 1000;
  lastPosition = candidate > lastPosition ? candidate : lastPosition + 1;
  return lastPosition;
}

/** packages/mongodb/src/codec.ts encodeCommit: one document for a commit of one aggregate's records. */
export function commitDocument(records: readonly StoredRecord[], position = nextPosition(Date.now())): CommitDocument {
  const first = records[0]!;
  const last = records[records.length - 1]!;
  return {
    _id: `${first.aggregate_id}:${first.seq}`,
    aggregate_id: first.aggregate_id,
    machine: first.machine,
    first_seq: first.seq,
    last_seq: last.seq,
    records: records.map((record) => ({ seq: record.seq, event_id: record.event_id, event_type: record.event_type, body: JSON.stringify(record) })),
    event_ids: records.map((record) => record.event_id).sort(),
    created_at: new Date(Math.floor(position / 1000)),
    position,
    append_call: `raw.${position}`,
  };
}

/** packages/mongodb/src/outbox.ts outboxEntries: the outbox entries of a commit's records that emit. */
export function outboxDocuments(commit: CommitDocument, records: readonly StoredRecord[]): OutboxDocument[] {
  const call = String(commit.append_call);
  return records
    .filter((record) => record.outcome.emitted.length > 0)
    .map((record) => ({ _id: `${call}/${record.seq}:${record.aggregate_id}`, call, commit: commit._id, aggregate_id: record.aggregate_id, seq: record.seq, written_at: commit.created_at }));
}

/** The store's indexes (exported by @eventflow/mongodb), one createIndex at a time as it does, and on FerretDB/PostgreSQL its PostgreSQL-side ones. */
export async function createAdapterIndexes(db: Db): Promise<void> {
  for (const { key, ...options } of RECORD_INDEXES) await db.collection(RECORDS).createIndex(key, options);
  for (const { key, ...options } of OUTBOX_INDEXES) await db.collection(OUTBOX).createIndex(key, options);
  for (const { key, ...options } of SNAPSHOT_INDEXES) await db.collection(SNAPSHOTS).createIndex(key, options);
  await indexEventFlowStore(db.databaseName, PREFIX);
}

/** Fills a database with `count` single-record commits of checkout records (written raw, untimed). */
export async function fill(db: Db, count: number, numbers: { next: number }): Promise<void> {
  await createAdapterIndexes(db);
  const records = db.collection<CommitDocument>(RECORDS);
  let written = 0;
  while (written < count) {
    const documents: CommitDocument[] = [];
    while (documents.length < 2_000 && written + documents.length < count) {
      for (const record of checkoutRecords(numbers.next)) if (written + documents.length < count) documents.push(commitDocument([record]));
      numbers.next++;
    }
    await records.insertMany(documents, { ordered: false, ...DURABLE });
    written += documents.length;
  }
}
