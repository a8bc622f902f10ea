// The outbox as commits written before the outbox collection hold it: `outbox_seqs` lists their
// records awaiting dispatch and `dispatched: false` marks such a commit. Still read and marked, so
// that an upgrade loses no envelope a store holds; no commit is written this way any more.
import type { RecordRef } from '@eventflow/core';
import type { Collection } from 'mongodb';
import type { CommitDocument } from './codec.ts';
import { groupBy } from './group.ts';
import { DURABLE } from './insert.ts';
import type { Waiting } from './waiting.ts';

const PROJECTION = { aggregate_id: 1, first_seq: 1, position: 1, records: 1, outbox_seqs: 1 } as const;

export async function readLegacy(records: Collection<CommitDocument>): Promise<Waiting[]> {
  const commits = await records.find({ dispatched: false }, { projection: PROJECTION }).toArray();
  return commits.map((commit) => ({ commit, seqs: new Set(commit.outbox_seqs ?? []) }));
}

/**
 * Takes the marks out of the legacy outbox, when any marked aggregate has a commit there (one query,
 * served by the `dispatched` index). First one update empties the outbox of the commits whose outbox
 * is exactly the seqs marked for their aggregate; fewer matches than aggregates means some marks are
 * of another kind (part of a commit, marks spread over commits, a record marked before): then
 * `pullEach` takes every mark out one seq at a time, a no-op for those the first update did.
 */
export async function markLegacy(records: Collection<CommitDocument>, marks: readonly RecordRef[]): Promise<void> {
  const seqs = seqsByAggregate(marks);
  const any = await records.findOne({ dispatched: false, aggregate_id: { $in: [...seqs.keys()] } }, { projection: { _id: 1 } });
  if (any === null) return;
  const whole = [...seqs].map(([aggregate_id, outbox]) => ({ aggregate_id, outbox_seqs: outbox }));
  const emptied = await records.updateMany({ dispatched: false, $or: whole }, { $set: { outbox_seqs: [], dispatched: true } }, DURABLE);
  if (emptied.matchedCount < seqs.size) await pullEach(records, marks);
}

/**
 * One update per distinct seq takes that seq out of the outbox of every listed aggregate's commit
 * holding it, then one update marks the commits whose outbox is now empty. The last is unconditional,
 * so calling again completes an interrupted call. Separate commands, not one bulkWrite: FerretDB 1.24
 * on PostgreSQL hangs for good on an update command of a few dozen statements (its goroutine dump
 * shows the update waiting for a pool connection that never frees; 20 passed, 50 hung).
 */
async function pullEach(records: Collection<CommitDocument>, marks: readonly RecordRef[]): Promise<void> {
  for (const [seq, aggregateIds] of aggregatesBySeq(marks)) {
    const where = { aggregate_id: { $in: aggregateIds }, first_seq: { $lte: seq }, last_seq: { $gte: seq }, outbox_seqs: seq };
    await records.updateMany(where, { $pull: { outbox_seqs: seq } }, DURABLE);
  }
  const aggregateIds = [...new Set(marks.map((mark) => mark.aggregateId))];
  await records.updateMany({ aggregate_id: { $in: aggregateIds }, dispatched: false, outbox_seqs: { $size: 0 } }, { $set: { dispatched: true } }, DURABLE);
}

/** Each aggregate's marked seqs, ascending and distinct (as a commit's `outbox_seqs` lists them). */
function seqsByAggregate(marks: readonly RecordRef[]): Map<string, number[]> {
  const byAggregate = groupBy(marks, (mark) => mark.aggregateId, (mark) => mark.seq);
  return new Map([...byAggregate].map(([aggregateId, seqs]) => [aggregateId, [...new Set(seqs)].sort((a, b) => a - b)]));
}

/** The marks grouped by seq: each seq with the aggregates whose record at that seq was dispatched. */
function aggregatesBySeq(marks: readonly RecordRef[]): Map<number, string[]> {
  return groupBy(marks, (mark) => mark.seq, (mark) => mark.aggregateId);
}
