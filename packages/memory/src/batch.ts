// What an append can check before looking at the store: every commit well-formed, and no aggregate or
// event id in two commits of one call. A failure is a caller bug (retrying cannot help): INVALID_APPEND.
import { EventFlowError, type Commit } from '@eventflow/core';

export function invalidAppend(aggregateId: string, problem: string): EventFlowError {
  return new EventFlowError('INVALID_APPEND', `Cannot append to ${aggregateId}: ${problem}`, {
    hint: 'Records must belong to the aggregate, carry seq expectedSeq+1, +2, ... and distinct event ids.',
  });
}

export function validateCommits(commits: readonly Commit[]): void {
  for (const commit of commits) validateCommit(commit);
  if (commits.length > 1 || (commits[0]?.records.length ?? 0) > 1) noRepeats(commits);
}

function validateCommit({ aggregateId, expectedSeq, records }: Commit): void {
  if (!Number.isInteger(expectedSeq) || expectedSeq < 0) throw invalidAppend(aggregateId, `expectedSeq must be a non-negative integer, got ${expectedSeq}`);
  if (records.length === 0) throw invalidAppend(aggregateId, 'the commit is empty');
  records.forEach((record, index) => {
    if (record.aggregate_id !== aggregateId) throw invalidAppend(aggregateId, `record ${index} belongs to ${record.aggregate_id}`);
    if (record.seq !== expectedSeq + index + 1) throw invalidAppend(aggregateId, `record ${index} has seq ${record.seq}, expected ${expectedSeq + index + 1}`);
  });
}

/** No aggregate in two commits, no event id twice. */
function noRepeats(commits: readonly Commit[]): void {
  const aggregates = new Set<string>();
  const ids = new Set<string>();
  for (const { aggregateId, records } of commits) {
    if (aggregates.has(aggregateId)) throw invalidAppend(aggregateId, 'the aggregate appears in two commits of one append');
    aggregates.add(aggregateId);
    for (const record of records) {
      if (ids.has(record.event_id)) throw invalidAppend(aggregateId, `event id ${record.event_id} appears twice`);
      ids.add(record.event_id);
    }
  }
}
