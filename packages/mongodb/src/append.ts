// Appending one commit: check, write one document, and if a unique index refused it (a racing
// writer got there first), look again to tell which race was lost.
import type { Clock, CommitResult, StoredRecord } from '@eventflow/core';
import { MongoServerError, type Collection } from 'mongodb';
import { invalidAppend, validateBatch } from './batch.ts';
import { encodeCommit, type CommitDocument } from './codec.ts';
import { decideAppend, type AppendDecision } from './decide.ts';
import { nextPosition, positionTime } from './position.ts';

/** Acknowledged by a majority and journaled: an appended record survives a server restart. */
export const DURABLE = { writeConcern: { w: 'majority', j: true } } as const;

/**
 * Why the pre-check, when unique indexes guard both races anyway: an expected seq ahead of the
 * stream (append at 5 when 3 exist) collides with no index and would leave a gap; and FerretDB 1.x
 * enforces a unique index on an array field for the whole array, not per element (measured:
 * ["e1","e2"] stored, ["e2"] accepted), so only the pre-check sees an event id stored in another
 * commit with other ids. On MongoDB the multikey index closes that race; on FerretDB it still
 * catches identical id sets (sorted), which covers the runtime's one-record appends.
 */
/** A validated, encoded batch: everything an append can check without the server. */
export interface PreparedAppend {
  readonly aggregateId: string;
  readonly expectedSeq: number;
  readonly eventIds: readonly string[];
  /** The commit document but for `created_at`/`position`, taken just before the insert. */
  readonly draft: CommitDocument;
}

/** Validates and encodes a batch (no I/O): throws INVALID_ID / INVALID_ARGUMENT / INVALID_APPEND. */
export function prepareAppend(aggregateId: string, expectedSeq: number, batch: readonly StoredRecord[]): PreparedAppend {
  validateBatch(aggregateId, expectedSeq, batch);
  return { aggregateId, expectedSeq, eventIds: batch.map((record) => record.event_id), draft: encodeCommit(batch, new Date(0), 0) };
}

/**
 * `knownLastSeq`: the stream's last seq as this store last saw it. When it equals `expectedSeq`
 * (or the stream is new), the last-seq read is skipped: no gap is possible, and a racing writer
 * collides on the unique (aggregate_id, first_seq) index, which sends us to the full check. The
 * event-id read stays unless `idsIndexed`: the server's unique index rejects any stored id (MongoDB
 * does; FerretDB 1.x compares whole arrays), and then a known position needs no read at all.
 */
export async function appendCommit(
  records: Collection<CommitDocument>,
  clock: Clock,
  prepared: PreparedAppend,
  knownLastSeq?: number,
  idsIndexed = false,
): Promise<CommitResult> {
  const { aggregateId, expectedSeq, eventIds, draft } = prepared;
  const known = expectedSeq === 0 || knownLastSeq === expectedSeq ? expectedSeq : undefined;
  if (known === undefined || !idsIndexed) {
    const before = await inspect(records, aggregateId, expectedSeq, eventIds, known);
    if (before.decision.kind !== 'write') return settle(aggregateId, before);
  }

  const position = nextPosition(clock.now());
  try {
    await records.insertOne({ ...draft, created_at: positionTime(position), position }, DURABLE);
  } catch (error) {
    if (!isDuplicateKey(error)) throw error;
    const after = await inspect(records, aggregateId, expectedSeq, eventIds);
    if (after.decision.kind === 'write') throw error; // a duplicate key nothing explains: report it as is
    return settle(aggregateId, after);
  }
  return { status: 'appended', lastSeq: expectedSeq + eventIds.length };
}

interface Inspection {
  readonly decision: AppendDecision;
  readonly lastSeq: number;
}

async function inspect(
  records: Collection<CommitDocument>,
  aggregateId: string,
  expectedSeq: number,
  eventIds: readonly string[],
  knownLastSeq?: number,
): Promise<Inspection> {
  const [stored, lastSeq] = await Promise.all([
    storedEventIds(records, eventIds),
    knownLastSeq ?? readLastSeq(records, aggregateId),
  ]);
  const decision = decideAppend(expectedSeq, lastSeq, eventIds, stored);
  // Anything but a write reports the stream's real last seq: read it after all.
  if (knownLastSeq !== undefined && decision.kind !== 'write') return inspect(records, aggregateId, expectedSeq, eventIds);
  if (decision.kind !== 'conflict') return { decision, lastSeq };
  // The two reads ran side by side: the ids may have been read before a racing writer stored them
  // and the seq after. Duplicate wins over conflict, so read the ids again, now after the seq.
  const again = await storedEventIds(records, eventIds);
  return { decision: decideAppend(expectedSeq, lastSeq, eventIds, again), lastSeq };
}

function settle(aggregateId: string, { decision, lastSeq }: Inspection): CommitResult {
  switch (decision.kind) {
    case 'duplicate':
      return { status: 'duplicate', lastSeq };
    case 'conflict':
      return { status: 'conflict', lastSeq };
    case 'mixed':
      throw invalidAppend(aggregateId, `event ids ${decision.stored.join(', ')} are already stored while others are new`);
    case 'write':
      throw new Error('unreachable: settle() is only called for a decision other than write');
  }
}

/** Which of these event ids some commit already holds. */
export async function storedEventIds(records: Collection<CommitDocument>, eventIds: readonly string[]): Promise<Set<string>> {
  const wanted = new Set(eventIds);
  const stored = new Set<string>();
  const commits = records.find({ event_ids: { $in: [...eventIds] } }, { projection: { event_ids: 1 } });
  for await (const commit of commits) for (const id of commit.event_ids) if (wanted.has(id)) stored.add(id);
  return stored;
}

/** The last seq of a stream: the end of its commit with the highest first_seq; 0 when none. */
export async function readLastSeq(records: Collection<CommitDocument>, aggregateId: string): Promise<number> {
  const last = await records.findOne({ aggregate_id: aggregateId }, { sort: { first_seq: -1 }, projection: { last_seq: 1 } });
  return last?.last_seq ?? 0;
}

function isDuplicateKey(error: unknown): boolean {
  return error instanceof MongoServerError && error.code === 11000;
}
