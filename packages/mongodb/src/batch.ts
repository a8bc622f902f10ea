import { EventFlowError, type StoredRecord } from '@eventflow/core';
import { checkId, checkSeq } from './validate.ts';

/** A caller bug in an append (not a race): retrying the same batch can never succeed. */
export function invalidAppend(aggregateId: string, problem: string): EventFlowError {
  return new EventFlowError('INVALID_APPEND', `Cannot append to ${aggregateId}: ${problem}`, {
    hint: 'Records must belong to the aggregate and one machine, carry seq expectedSeq+1, +2, ... and distinct event ids.',
  });
}

/**
 * Checks what can be checked without the server (the same rules as the memory store): ids are safe,
 * the batch is non-empty, of one aggregate and machine, with consecutive seqs and distinct event ids.
 */
export function validateBatch(aggregateId: unknown, expectedSeq: unknown, records: readonly StoredRecord[]): void {
  const id = checkId('aggregateId', aggregateId);
  if (typeof expectedSeq !== 'number' || !Number.isSafeInteger(expectedSeq) || expectedSeq < 0) {
    throw invalidAppend(id, `expectedSeq must be a non-negative integer, got ${String(expectedSeq)}`);
  }
  if (!Array.isArray(records) || records.length === 0) throw invalidAppend(id, 'the batch is empty');
  const ids = new Set<string>();
  records.forEach((record, index) => {
    if (record.aggregate_id !== id) throw invalidAppend(id, `record ${index} belongs to ${String(record.aggregate_id)}`);
    checkId(`records[${index}].machine`, record.machine);
    if (record.machine !== records[0]!.machine) {
      throw invalidAppend(id, `record ${index} is of machine ${record.machine}, record 0 of ${records[0]!.machine}`);
    }
    checkSeq(`records[${index}].seq`, record.seq);
    if (record.seq !== expectedSeq + index + 1) {
      throw invalidAppend(id, `record ${index} has seq ${record.seq}, expected ${expectedSeq + index + 1}`);
    }
    const eventId = checkId(`records[${index}].event_id`, record.event_id);
    if (ids.has(eventId)) throw invalidAppend(id, `event id ${eventId} appears twice`);
    ids.add(eventId);
  });
}
