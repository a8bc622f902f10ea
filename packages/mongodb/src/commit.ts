// One commit on its way to the server: validated and encoded before any I/O, stamped with its
// creation position just before the insert, and what became of it.
import type { Clock, EventFlowError, StoredRecord } from '@eventflow/core';
import type { Collection } from 'mongodb';
import { validateBatch } from './batch.ts';
import { encodeClaims, encodeCommit, outboxSeqs, type CommitDocument, type OutboxDocument, type RecordsDocument } from './codec.ts';
import { nextPosition, positionTime } from './position.ts';

/** A validated, encoded commit: everything an append can check without the server. */
export interface PreparedCommit {
  readonly aggregateId: string;
  readonly expectedSeq: number;
  readonly eventIds: readonly string[];
  /** The seqs of its records that emit: each gets an outbox entry. */
  readonly outboxSeqs: readonly number[];
  /** The commit document but for `created_at`/`position`, taken just before the insert. */
  readonly draft: CommitDocument;
}

/** What became of one commit; `invalid` is a caller bug (a batch mixing stored and new event ids). */
export type CommitOutcome =
  | { readonly status: 'appended' | 'duplicate' | 'conflict'; readonly lastSeq: number }
  | { readonly status: 'invalid'; readonly error: EventFlowError };

/** What appending needs from the store. */
export interface AppendTarget {
  readonly records: Collection<RecordsDocument>;
  readonly outbox: Collection<OutboxDocument>;
  readonly clock: Clock;
  /** The stream's last seq as this store last wrote or read it, if it did. */
  readonly knownLastSeq: (aggregateId: string) => number | undefined;
  /** The server's unique index on `event_ids` holds per element (MongoDB does; FerretDB 1.x compares whole arrays). */
  readonly perElement: boolean;
  /** Written into every commit and outbox entry of this append call (`append_call`, `call`). */
  readonly call: string;
}

/** A commit as sent: its document, preceded by its claims where the server needs them. */
export interface Stamped {
  readonly commit: CommitDocument;
  readonly documents: readonly RecordsDocument[];
}

/** Validates and encodes a commit (no I/O): throws INVALID_ID / INVALID_ARGUMENT / INVALID_APPEND. */
export function prepareCommit(aggregateId: string, expectedSeq: number, records: readonly StoredRecord[]): PreparedCommit {
  validateBatch(aggregateId, expectedSeq, records);
  return { aggregateId, expectedSeq, eventIds: records.map((record) => record.event_id), outboxSeqs: outboxSeqs(records), draft: encodeCommit(records, new Date(0), 0) };
}

/**
 * The commit with its creation time and position, preceded by the claims of its event ids unless
 * the server's index holds per element or there is one id (see ClaimDocument). `adopted`: ids
 * already claimed for this very commit slot by an earlier attempt.
 */
export function stamp(target: AppendTarget, prepared: PreparedCommit, adopted: ReadonlySet<string> = new Set()): Stamped {
  const position = nextPosition(target.clock.now());
  const commit: CommitDocument = { ...prepared.draft, created_at: positionTime(position), position, append_call: target.call };
  if (target.perElement || commit.event_ids.length === 1) return { commit, documents: [commit] };
  const claims = encodeClaims(commit).filter((claim) => !adopted.has(claim.event_ids[0]));
  return { commit, documents: [...claims, commit] };
}

export function appended(commit: PreparedCommit): CommitOutcome {
  return { status: 'appended', lastSeq: commit.expectedSeq + commit.eventIds.length };
}
