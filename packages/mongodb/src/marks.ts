// Marking records dispatched: their seqs leave their commit's outbox (`outbox_seqs`), and a commit
// whose outbox is empty leaves the outbox query (`dispatched: true`). A worker's batch, whose every
// commit's whole outbox went out, costs one update command that touches only the batch's commits.
import type { RecordRef } from '@eventflow/core';
import type { Collection, Filter } from 'mongodb';
import type { CommitDocument } from './codec.ts';
import { DURABLE } from './insert.ts';

/** How many outbox records the store remembers the append call of (the oldest are forgotten). */
const REMEMBERED = 10_000;

/**
 * The append call (`append_call`) of the outbox records this store wrote, until they are marked.
 * Why: an update's filter is evaluated inside PostgreSQL by FerretDB 1.x only for top-level
 * equalities, and every row the evaluated part matches is locked for the update's duration. With
 * `append_call` the batch's marks lock only the batch's commits; with `dispatched: false` they lock
 * every commit in the outbox, so the concurrent batches of a worker's partitions mark one after the
 * other (12 concurrent marks of 10 commits: 60 ms each instead of 200 ms, measured on FerretDB 1.24).
 */
export class OutboxCalls {
  readonly #calls = new Map<string, number>();

  /** A commit of `call` was written with these seqs in its outbox. */
  note(aggregateId: string, seqs: readonly number[], call: number): void {
    for (const seq of seqs) this.#calls.set(key(aggregateId, seq), call);
    for (const oldest of this.#calls.keys()) {
      if (this.#calls.size <= REMEMBERED) break;
      this.#calls.delete(oldest);
    }
  }

  callOf(mark: RecordRef): number | undefined {
    return this.#calls.get(key(mark.aggregateId, mark.seq));
  }

  forget(marks: readonly RecordRef[]): void {
    for (const mark of marks) this.#calls.delete(key(mark.aggregateId, mark.seq));
  }
}

/** Seqs are digits: the first colon ends it, whatever the aggregate id holds. */
const key = (aggregateId: string, seq: number) => `${seq}:${aggregateId}`;

/** Marks the records, in one update per append call they came from (usually one); see `markCall`. */
export async function markDispatched(records: Collection<CommitDocument>, marks: readonly RecordRef[], calls: OutboxCalls): Promise<void> {
  const byCall = new Map<number | undefined, RecordRef[]>();
  for (const mark of marks) {
    const call = calls.callOf(mark);
    const group = byCall.get(call);
    if (group) group.push(mark);
    else byCall.set(call, [mark]);
  }
  await Promise.all([...byCall].map(([call, group]) => markCall(records, group, call)));
  calls.forget(marks);
}

/**
 * First, one update empties the outbox of the commits whose outbox is exactly the seqs marked for
 * their aggregate (a batch's commits: each the aggregate's one commit of the batch, all its records'
 * envelopes out), found by their append call when known, else among all undispatched commits. Each
 * aggregate matches at most one commit, so fewer matches than aggregates means some marks are of
 * another kind (a commit with seqs still waiting, an aggregate's marks spread over several commits,
 * a record marked before): then `pullEach` takes every mark out one seq at a time, a no-op for those
 * the first update did.
 */
async function markCall(records: Collection<CommitDocument>, marks: readonly RecordRef[], call: number | undefined): Promise<void> {
  const seqs = seqsByAggregate(marks);
  const whole = [...seqs].map(([aggregate_id, outbox]) => ({ aggregate_id, outbox_seqs: outbox }));
  const filter: Filter<CommitDocument> = call === undefined ? { dispatched: false, $or: whole } : { append_call: call, $or: whole };
  const emptied = await records.updateMany(filter, { $set: { outbox_seqs: [], dispatched: true } }, DURABLE);
  if (emptied.matchedCount < seqs.size) await pullEach(records, marks);
}

/**
 * One update per distinct seq takes that seq out of the outbox of every listed aggregate's commit
 * holding it (a batch's records share few seqs), then one update marks the commits whose outbox is
 * now empty. The last is unconditional, so calling again completes an interrupted call. Separate
 * commands, not one bulkWrite: FerretDB 1.24 on PostgreSQL hangs for good on an update command of
 * a few dozen statements (its goroutine dump shows the update waiting for a pool connection that
 * never frees; 20 passed, 50 hung).
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
  const byAggregate = new Map<string, Set<number>>();
  for (const { aggregateId, seq } of marks) byAggregate.set(aggregateId, (byAggregate.get(aggregateId) ?? new Set()).add(seq));
  return new Map([...byAggregate].map(([aggregateId, seqs]) => [aggregateId, [...seqs].sort((a, b) => a - b)]));
}

/** The marks grouped by seq: each seq with the aggregates whose record at that seq was dispatched. */
function aggregatesBySeq(marks: readonly RecordRef[]): Map<number, string[]> {
  const bySeq = new Map<number, string[]>();
  for (const { aggregateId, seq } of marks) {
    const list = bySeq.get(seq);
    if (list) list.push(aggregateId);
    else bySeq.set(seq, [aggregateId]);
  }
  return bySeq;
}
