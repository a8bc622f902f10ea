import type { Envelope, Snapshot, StoredRecord } from '@eventflow/core';

/** A small valid record; `emits` adds that many outbox envelopes; `data` replaces the payload. */
export function record(
  aggregateId: string,
  seq: number,
  eventId: string,
  options: { emits?: number; machine?: string; data?: Record<string, unknown> } = {},
): StoredRecord {
  return {
    aggregate_id: aggregateId,
    machine: options.machine ?? '@order',
    seq,
    event_id: eventId,
    event_type: ':placed',
    data: options.data ?? { n: seq, items: ['a', 'b'], nested: { ok: true, none: null } },
    conversation_id: `conv-${eventId}`,
    timestamp: '2025-01-01T00:00:00.000Z',
    outcome: {
      state_after: '#placed',
      context_patch: { set: { n: seq }, unset: ['draft'] },
      states_entered: ['#placed'],
      emitted: Array.from({ length: options.emits ?? 0 }, (_, i) => envelope(`${eventId}-out-${i}`, 'pay-1')),
    },
  };
}

/** Records seq expectedSeq+1.. for a list of event ids. */
export function batch(aggregateId: string, expectedSeq: number, eventIds: readonly string[], emits = 0): StoredRecord[] {
  return eventIds.map((eventId, i) => record(aggregateId, expectedSeq + i + 1, eventId, { emits }));
}

export function envelope(id: string, aggregateId?: string, machine = '@payment'): Envelope {
  return {
    id,
    event: ':pay',
    conversation_id: `conv-${id}`,
    from: { machine: '@order' },
    to: aggregateId === undefined ? { machine } : { machine, aggregate_id: aggregateId },
    data: { amount: 10 },
    timestamp: '2025-01-01T00:00:00.000Z',
  };
}

export function snapshot(aggregateId: string, seq: number, state = `#s${seq}`): Snapshot {
  return {
    aggregate_id: aggregateId,
    machine: '@order',
    state,
    context: { total: seq * 10, nested: { ok: true } },
    history: ['#idle', state],
    links: {},
    conversations: [],
    seq,
  };
}
