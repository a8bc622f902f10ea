import { EventFlowError, type StoredRecord } from '@eventflow/core';

/** A caller bug in an append (not a race): retrying the same batch can never succeed. */
export function invalidAppend(aggregateId: string, problem: string): EventFlowError {
  return new EventFlowError('INVALID_APPEND', `Cannot append to ${aggregateId}: ${problem}`, {
    hint: 'Records must belong to the aggregate, carry seq expectedSeq+1, +2, ... and distinct event ids.',
  });
}

/** Checks what can be checked without the stream: non-empty, one aggregate, consecutive seqs, distinct ids. */
export function validateBatch(aggregateId: string, expectedSeq: number, records: readonly StoredRecord[]): void {
  if (!Number.isInteger(expectedSeq) || expectedSeq < 0) {
    throw invalidAppend(aggregateId, `expectedSeq must be a non-negative integer, got ${expectedSeq}`);
  }
  if (records.length === 0) throw invalidAppend(aggregateId, 'the batch is empty');
  const only = records[0];
  if (records.length === 1 && only !== undefined && only.aggregate_id === aggregateId && only.seq === expectedSeq + 1) return;
  const ids = new Set<string>();
  records.forEach((record, index) => {
    if (record.aggregate_id !== aggregateId) {
      throw invalidAppend(aggregateId, `record ${index} belongs to ${record.aggregate_id}`);
    }
    if (record.seq !== expectedSeq + index + 1) {
      throw invalidAppend(aggregateId, `record ${index} has seq ${record.seq}, expected ${expectedSeq + index + 1}`);
    }
    if (ids.has(record.event_id)) throw invalidAppend(aggregateId, `event id ${record.event_id} appears twice`);
    ids.add(record.event_id);
  });
}
