// The outbox collection (codec.ts OutboxDocument): an entry per record whose envelopes await
// dispatch, written before its commit by the same append call and deleted once marked dispatched.
// An entry counts once the commit it names was written by its call; others are orphans.
import type { Collection } from 'mongodb';
import { CLAIM_TTL_MS } from './claims.ts';
import type { CommitDocument, OutboxDocument } from './codec.ts';
import type { PreparedCommit } from './commit.ts';
import { groupBy } from './group.ts';
import { DURABLE, isDuplicateKey, onlyDuplicateKeys } from './insert.ts';
import type { Waiting } from './waiting.ts';

/** Longer than any append takes: an entry this old whose commit is not stored belongs to an append that failed. */
export const ORPHAN_AFTER_MS = CLAIM_TTL_MS;

/** One record of one aggregate, as a string. Seqs are digits: the first colon ends it, whatever the aggregate id holds. */
export function recordKey(aggregateId: string, seq: number): string {
  return `${seq}:${aggregateId}`;
}

/** The `_id` of the entry `call` wrote for a record. */
export function entryId(call: string, aggregateId: string, seq: number): string {
  return `${call}/${recordKey(aggregateId, seq)}`;
}

/** The entries of the records that emit, in the commits an append call is about to write. */
export function outboxEntries(call: string, commits: readonly PreparedCommit[], writtenAt: Date): OutboxDocument[] {
  return commits.flatMap(({ aggregateId, outboxSeqs, draft }) =>
    outboxSeqs.map((seq) => ({ _id: entryId(call, aggregateId, seq), call, commit: draft._id, aggregate_id: aggregateId, seq, written_at: writtenAt })),
  );
}

/** Writes entries in one unordered insert; entries already there (written again after a slow append) are fine. */
export async function writeEntries(outbox: Collection<OutboxDocument>, entries: readonly OutboxDocument[]): Promise<void> {
  if (entries.length === 0) return;
  try {
    await outbox.insertMany(entries, { ordered: false, ...DURABLE });
  } catch (error) {
    if (!isDuplicateKey(error) && !onlyDuplicateKeys(error)) throw error;
  }
}

/** Deletes the entries `call` wrote for commits it did not write (refused: a conflict, a duplicate). */
export async function dropEntries(outbox: Collection<OutboxDocument>, call: string, commitIds: readonly string[]): Promise<void> {
  if (commitIds.length > 0) await outbox.deleteMany({ call, commit: { $in: [...commitIds] } }, DURABLE);
}

const COMMIT_PROJECTION = { aggregate_id: 1, first_seq: 1, position: 1, records: 1, append_call: 1 } as const;

/**
 * The commits with records awaiting dispatch, as the outbox collection lists them. One read of the
 * collection (it holds only what awaits dispatch), then the commits of each append call named
 * there, by `append_call` (a worker's batch is one call: one query, not one per commit). An entry
 * counts once its call's commits include its commit. One whose commit is still not stored after
 * ORPHAN_AFTER_MS is an orphan (its append failed: refused, or its writer died) and is deleted;
 * a younger one belongs to an append in flight and is left alone.
 */
export async function readEntries(records: Collection<CommitDocument>, outbox: Collection<OutboxDocument>, now: number): Promise<Waiting[]> {
  const byCall = groupBy(await outbox.find({}).toArray(), (entry) => entry.call);
  const waiting: Waiting[] = [];
  const orphans: string[] = [];
  await Promise.all(
    [...byCall].map(async ([call, listed]) => {
      const commits = new Map((await records.find({ append_call: call }, { projection: COMMIT_PROJECTION }).toArray()).map((commit) => [commit._id, commit]));
      const stored = groupBy(listed.filter((entry) => commits.has(entry.commit)), (entry) => entry.commit, (entry) => entry.seq);
      for (const [id, seqs] of stored) waiting.push({ commit: commits.get(id)!, seqs: new Set(seqs), call });
      for (const entry of listed) {
        if (!commits.has(entry.commit) && now - new Date(entry.written_at).getTime() > ORPHAN_AFTER_MS) orphans.push(entry._id);
      }
    }),
  );
  if (orphans.length > 0) await outbox.deleteMany({ _id: { $in: orphans } }, DURABLE);
  return waiting;
}
