// One-commit helpers over the batch port, and what an append came to as a value a check can compare.
import type { CommitResult, EventStore, StoredRecord } from '@eventflow/core';

/** Appends one commit; its result. */
export async function appendOne(store: EventStore, aggregateId: string, expectedSeq: number, records: readonly StoredRecord[]): Promise<CommitResult> {
  const results = await store.append([{ aggregateId, expectedSeq, records }]);
  if (results.length !== 1) throw new Error(`append of one commit returned ${results.length} results`);
  return results[0] as CommitResult;
}

/** The stream's last seq, read through the port (0 when it has none). */
export async function lastSeqOf(store: EventStore, aggregateId: string): Promise<number> {
  return (await store.read(aggregateId)).at(-1)?.seq ?? 0;
}

/** What an append did, as a value, so a check can compare it with what it should have done. */
export type AppendOutcome = CommitResult | { readonly status: 'rejected'; readonly error: unknown };

export async function attemptAppend(append: () => Promise<CommitResult>): Promise<AppendOutcome> {
  try {
    return await append();
  } catch (error) {
    return { status: 'rejected', error };
  }
}

/** One line per outcome, e.g. `appended (lastSeq 3)`, `conflict (lastSeq 2)`, `rejected: ...`. */
export function showOutcome(outcome: AppendOutcome): string {
  if (outcome.status !== 'rejected') return `${outcome.status} (lastSeq ${outcome.lastSeq})`;
  const { error } = outcome;
  return `rejected: ${error instanceof Error ? error.message : String(error)}`;
}
