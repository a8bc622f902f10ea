// Why a commit was not written, read back from what the server holds: the rare path of an append (a
// commit the unique indexes refused, or one at a stream position this store has not seen).
import { EventFlowError } from '@eventflow/core';
import type { Collection } from 'mongodb';
import { invalidAppend } from './batch.ts';
import { clearDeadClaims, dropOwnClaims } from './claims.ts';
import type { RecordsDocument } from './codec.ts';
import { appended, stamp, type AppendTarget, type CommitOutcome, type PreparedCommit, type Stamped } from './commit.ts';
import { decideAppend, type AppendDecision } from './decide.ts';
import { insertCommits } from './insert.ts';
import { readEventIds, readLastSeq } from './reads.ts';

/** How often a commit kept out only by claims of unfinished appends is tried again before it counts as a conflict. */
const ATTEMPTS = 3;

/** A commit at a position this store has not seen: undefined when the stream is at its expected seq (write it), else its outcome. */
export async function explainStale(records: Collection<RecordsDocument>, commit: PreparedCommit): Promise<CommitOutcome | undefined> {
  const lastSeq = await readLastSeq(records, commit.aggregateId);
  if (lastSeq === commit.expectedSeq) return undefined;
  const { stored } = await readEventIds(records, commit.eventIds);
  const decision = decideAppend(commit.expectedSeq, lastSeq, commit.eventIds, stored);
  return decision.kind === 'write' ? undefined : outcomeOf(commit, decision, lastSeq);
}

/**
 * A commit a unique index refused: a duplicate, a conflict or a mixed batch, as the stored commits
 * show. When none of them explains it, claims of appends whose commit is not stored stood in the way
 * (FerretDB only): dead ones are cleared and the commit is tried again.
 */
export async function settleRefused(target: AppendTarget, commit: PreparedCommit, sent: Stamped): Promise<CommitOutcome> {
  const attempts = [sent];
  for (;;) {
    const lastSeq = await readLastSeq(target.records, commit.aggregateId);
    // Read after the seq: a racing writer that stored these ids moved the seq first, and duplicate wins over conflict.
    const { stored, claims } = await readEventIds(target.records, commit.eventIds);
    const decision = decideAppend(commit.expectedSeq, lastSeq, commit.eventIds, stored);
    if (decision.kind !== 'write' || (claims.length > 0 && attempts.length === ATTEMPTS)) {
      for (const attempt of attempts) if (attempt.documents.length > 1) await dropOwnClaims(target.records, attempt.commit);
      return decision.kind === 'write' ? { status: 'conflict', lastSeq } : outcomeOf(commit, decision, lastSeq);
    }
    if (claims.length === 0) throw unexplained(sent.commit._id);
    const adopted = await clearDeadClaims(target.records, claims, sent.commit._id, target.clock.now());
    const attempt = stamp(target, commit, adopted);
    attempts.push(attempt);
    if ((await insertCommits(target.records, [attempt])).size === 0) return appended(commit);
  }
}

function outcomeOf(commit: PreparedCommit, decision: Exclude<AppendDecision, { kind: 'write' }>, lastSeq: number): CommitOutcome {
  switch (decision.kind) {
    case 'duplicate':
    case 'conflict':
      return { status: decision.kind, lastSeq };
    case 'mixed':
      return { status: 'invalid', error: invalidAppend(commit.aggregateId, `event ids ${decision.stored.join(', ')} are already stored while others are new`) };
  }
}

function unexplained(commitId: string): EventFlowError {
  return new EventFlowError('STORE_ERROR', `MongoDB refused commit ${commitId} with a duplicate key that no stored commit or claim explains`);
}
