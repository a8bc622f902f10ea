// Marking records dispatched: their outbox entries are deleted, one delete per append call that
// wrote them (a worker's batch is one call: one command), and any legacy outbox commit is updated.
import type { RecordRef } from '@eventflow/core';
import type { Collection } from 'mongodb';
import type { CommitDocument, OutboxDocument } from './codec.ts';
import { groupBy } from './group.ts';
import { DURABLE } from './insert.ts';
import { markLegacy } from './legacy-outbox.ts';
import { entryId, recordKey } from './outbox.ts';

/** How many outbox records the store remembers the append call of (the oldest are forgotten). */
const REMEMBERED = 10_000;

/**
 * The append call of the outbox records this store wrote or read from the outbox, until they are
 * marked: a mark then deletes its entry by `_id` within its call (an equality FerretDB 1.x evaluates
 * inside PostgreSQL, served by an index), not by looking the record up.
 */
export class OutboxCalls {
  readonly #calls = new Map<string, string>();

  /** Records of `aggregateId` at these seqs have outbox entries written by `call`. */
  note(aggregateId: string, seqs: Iterable<number>, call: string): void {
    for (const seq of seqs) this.#calls.set(recordKey(aggregateId, seq), call);
    for (const oldest of this.#calls.keys()) {
      if (this.#calls.size <= REMEMBERED) break;
      this.#calls.delete(oldest);
    }
  }

  callOf(mark: RecordRef): string | undefined {
    return this.#calls.get(recordKey(mark.aggregateId, mark.seq));
  }

  forget(marks: readonly RecordRef[]): void {
    for (const mark of marks) this.#calls.delete(recordKey(mark.aggregateId, mark.seq));
  }
}

export interface MarkTarget {
  readonly records: Collection<CommitDocument>;
  readonly outbox: Collection<OutboxDocument>;
}

/**
 * Deletes the marked records' outbox entries: one `deleteMany` per known append call (usually one).
 * Records whose call the store does not know (written by another store, unseen since) are deleted
 * one by one by aggregate and seq, and looked for in the legacy outbox.
 */
export async function markDispatched(target: MarkTarget, marks: readonly RecordRef[], calls: OutboxCalls): Promise<void> {
  const byCall = groupBy(marks, (mark) => calls.callOf(mark));
  const unknown = byCall.get(undefined) ?? [];
  byCall.delete(undefined);
  await Promise.all(
    [...byCall].map(([call, known]) => target.outbox.deleteMany({ call, _id: { $in: known.map((mark) => entryId(call as string, mark.aggregateId, mark.seq)) } }, DURABLE)),
  );
  for (const mark of unknown) await target.outbox.deleteMany({ aggregate_id: mark.aggregateId, seq: mark.seq }, DURABLE);
  if (unknown.length > 0) await markLegacy(target.records, unknown);
  calls.forget(marks);
}
