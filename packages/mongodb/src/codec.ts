// Documents as stored. Payloads (record data, context patches, envelopes, replies, snapshot context)
// are kept as JSON text in `body` fields, never as BSON sub-documents: MongoDB-wire servers refuse or
// restrict field names that start with `$` or contain `.` (FerretDB 1.24: `invalid key: "$set" (key
// must not start with '$' sign)`), and a payload is user data that may contain any key. JSON text
// round-trips every JSON value exactly (key order, `__proto__`, empty keys, number values) and keeps
// payloads out of every query. Only validated ids and integers are stored as queryable fields.
import { EventFlowError, type Snapshot, type StoredRecord } from '@eventflow/core';
import { invalidAppend } from './batch.ts';

/** One record inside a commit: its place, and the whole record as JSON text. */
export interface RecordEntry {
  readonly seq: number;
  readonly event_id: string;
  /** For people reading the collection; never queried. */
  readonly event_type?: string;
  /** `JSON.stringify(record)`. */
  readonly body: string;
}

/** One append = one document, so a multi-record append is atomic without transactions. */
export interface CommitDocument {
  /** `<aggregate_id>:<first_seq>`. */
  readonly _id: string;
  readonly aggregate_id: string;
  readonly machine: string;
  readonly first_seq: number;
  readonly last_seq: number;
  /** In seq order. */
  readonly records: readonly RecordEntry[];
  /** The records' event ids, sorted (unique index: idempotency). */
  readonly event_ids: readonly string[];
  /**
   * Legacy outbox, on commits written before the outbox collection (OutboxDocument): seqs of records
   * whose emitted envelopes still await dispatch, and `dispatched` true once none does. Commits
   * written since hold neither; the store still reads and marks old ones (legacy-outbox.ts).
   */
  readonly outbox_seqs?: readonly number[];
  readonly dispatched?: boolean;
  readonly created_at: Date;
  /** Creation order: strictly increasing within a process (see position.ts). */
  readonly position: number;
  /** The append call that wrote it (commits of one call share it): its outbox entries name the same call. */
  readonly append_call?: string | number;
}

/**
 * One record whose emitted envelopes await dispatch, in the outbox collection: written before its
 * commit, deleted when marked dispatched. Marking deletes this small document instead of rewriting
 * the commit (on FerretDB over PostgreSQL an update rewrites the whole row and every index entry of
 * it: ~1.4 ms of database CPU per commit, against ~0.3 ms for an insert and a delete here).
 * An entry counts only while the commit it names holds the same `call`: an entry whose commit was
 * refused, or never written because its writer died, is an orphan (outbox.ts).
 */
export interface OutboxDocument {
  /** `<call>/<seq>:<aggregate_id>`: one per attempt, so two writers racing for a slot never share one. */
  readonly _id: string;
  /** The append call that wrote it (the commit's `append_call`). */
  readonly call: string;
  /** The `_id` of the commit holding the record. */
  readonly commit: string;
  readonly aggregate_id: string;
  readonly seq: number;
  readonly written_at: Date;
}

/**
 * The claim of one event id by a multi-record commit, written before the commit in the same ordered
 * insert, on servers whose unique index on `event_ids` compares whole arrays (FerretDB 1.x): there,
 * a commit's own `event_ids` only collides with an identical list, while a claim (one id) collides
 * with every other claim or single-record commit of that id. Reads never return claims (they have
 * no `aggregate_id`); see claims.ts for claims whose commit was never written.
 */
export interface ClaimDocument {
  /** `$event:<event_id>` (aggregate ids never start with `$`, so no commit has such an `_id`). */
  readonly _id: string;
  /** The one claimed id (unique index `event_ids`). */
  readonly event_ids: readonly [string];
  /** The `_id` of the commit that claims it. */
  readonly claim_for: string;
  /** The claiming commit's `position`: tells this writer's claims from another's for the same commit. */
  readonly claimed_by: number;
  readonly claimed_at: Date;
}

/** Everything in the records collection. */
export type RecordsDocument = CommitDocument | ClaimDocument;

/** A snapshot as stored in MongoDB. */
export interface SnapshotDocument {
  /** `<aggregate_id>:<seq>`. */
  readonly _id: string;
  readonly aggregate_id: string;
  readonly machine: string;
  readonly seq: number;
  /** `JSON.stringify(snapshot)`. */
  readonly body: string;
  readonly saved_at: Date;
}

export function commitId(aggregateId: string, firstSeq: number): string {
  return `${aggregateId}:${firstSeq}`;
}

export function claimId(eventId: string): string {
  return `$event:${eventId}`;
}

/** The claims of a commit's event ids (see ClaimDocument). */
export function encodeClaims(commit: CommitDocument): ClaimDocument[] {
  return commit.event_ids.map((id) => ({ _id: claimId(id), event_ids: [id], claim_for: commit._id, claimed_by: commit.position, claimed_at: commit.created_at }));
}

/** The commit document for a validated batch. */
export function encodeCommit(records: readonly StoredRecord[], createdAt: Date, position: number): CommitDocument {
  const first = records[0]!;
  const last = records[records.length - 1]!;
  return {
    _id: commitId(first.aggregate_id, first.seq),
    aggregate_id: first.aggregate_id,
    machine: first.machine,
    first_seq: first.seq,
    last_seq: last.seq,
    records: records.map((record) => ({
      seq: record.seq,
      event_id: record.event_id,
      ...(typeof record.event_type === 'string' ? { event_type: record.event_type } : {}),
      body: toJson(record, () => invalidAppend(first.aggregate_id, `record ${record.seq} is not JSON-serialisable`)),
    })),
    event_ids: records.map((record) => record.event_id).sort(),
    created_at: createdAt,
    position,
  };
}

/** The records of a commit, optionally only those whose seq passes `keep`. */
export function decodeCommit(commit: CommitDocument, keep: (seq: number) => boolean = () => true): StoredRecord[] {
  return commit.records.filter((entry) => keep(entry.seq)).map((entry) => decodeRecord(commit, entry));
}

export function decodeRecord(commit: Pick<CommitDocument, '_id'>, entry: RecordEntry): StoredRecord {
  return fromJson<StoredRecord>(entry.body, `record ${entry.seq} of commit ${commit._id}`);
}

export function encodeSnapshot(snapshot: Snapshot, savedAt: Date): SnapshotDocument {
  return {
    _id: `${snapshot.aggregate_id}:${snapshot.seq}`,
    aggregate_id: snapshot.aggregate_id,
    machine: snapshot.machine,
    seq: snapshot.seq,
    body: toJson(snapshot, () => new EventFlowError('INVALID_ARGUMENT', `Snapshot ${snapshot.aggregate_id}@${snapshot.seq} is not JSON-serialisable`)),
    saved_at: savedAt,
  };
}

export function decodeSnapshot(document: SnapshotDocument): Snapshot {
  return fromJson<Snapshot>(document.body, `snapshot ${document._id}`);
}

/** The seqs of the records whose emitted envelopes go through the outbox. */
export function outboxSeqs(records: readonly StoredRecord[]): number[] {
  return records.filter(emits).map((record) => record.seq);
}

function emits(record: StoredRecord): boolean {
  return Array.isArray(record.outcome?.emitted) && record.outcome.emitted.length > 0;
}

function toJson(value: unknown, failure: () => EventFlowError): string {
  let text: string | undefined;
  try {
    text = JSON.stringify(value);
  } catch (cause) {
    throw Object.assign(failure(), { cause });
  }
  if (text === undefined) throw failure();
  return text;
}

function fromJson<T>(text: unknown, what: string): T {
  try {
    if (typeof text !== 'string') throw new TypeError(`body is ${typeof text}, not a string`);
    return JSON.parse(text) as T;
  } catch (cause) {
    throw new EventFlowError('CORRUPT_DOCUMENT', `Cannot decode ${what}: ${(cause as Error).message}`, { cause });
  }
}
