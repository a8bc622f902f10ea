import type { Envelope, Snapshot, StoredRecord } from '@eventflow/core';

/** A small valid record; `emits` adds that many outbox envelopes. */
export function record(aggregateId: string, seq: number, eventId: string, emits = 0): StoredRecord {
  return {
    aggregate_id: aggregateId,
    machine: '@order',
    seq,
    event_id: eventId,
    event_type: ':placed',
    data: { n: seq },
    timestamp: '2025-01-01T00:00:00.000Z',
    outcome: {
      state_after: '#placed',
      context_patch: { set: { n: seq }, unset: [] },
      states_entered: ['#placed'],
      emitted: Array.from({ length: emits }, (_, i) => envelope(`${eventId}-out-${i}`, 'pay-1')),
    },
  };
}

export function envelope(id: string, aggregateId?: string, machine = '@payment'): Envelope {
  return {
    id,
    event: ':pay',
    conversation_id: `conv-${id}`,
    from: { machine: '@order' },
    to: aggregateId === undefined ? { machine } : { machine, aggregate_id: aggregateId },
    data: {},
    timestamp: '2025-01-01T00:00:00.000Z',
  };
}

export function snapshot(aggregateId: string, seq: number, state: string): Snapshot {
  return { aggregate_id: aggregateId, machine: '@order', state, context: {}, history: [], links: {}, conversations: [], seq };
}
