import { isConcurrencyError, type AppendResult, type Maybe } from '@eventflow/core';

/** What an append did, as a value, so a check can compare it with what it should have done. */
export type AppendOutcome = AppendResult | { readonly status: 'rejected'; readonly error: unknown };

export async function attemptAppend(append: () => Maybe<AppendResult>): Promise<AppendOutcome> {
  try {
    return await append();
  } catch (error) {
    return { status: 'rejected', error };
  }
}

/** One line per outcome, e.g. `appended (lastSeq 3)`, `ConcurrencyError (expected 1, actual 2)`. */
export function showOutcome(outcome: AppendOutcome): string {
  if (outcome.status !== 'rejected') return `${outcome.status} (lastSeq ${outcome.lastSeq})`;
  const { error } = outcome;
  if (isConcurrencyError(error)) return `ConcurrencyError (expected ${error.expectedSeq}, actual ${error.actualSeq})`;
  return `rejected: ${error instanceof Error ? error.message : String(error)}`;
}

export function concurrencyOutcome(expectedSeq: number, actualSeq: number): string {
  return `ConcurrencyError (expected ${expectedSeq}, actual ${actualSeq})`;
}
