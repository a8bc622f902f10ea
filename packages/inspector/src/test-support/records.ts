// Stored records for the index tests, shaped as the runtime writes them, appended to a real memory store.
import type { StoredRecord } from '@eventflow/core';
import type { MemoryStore } from '@eventflow/memory';

export interface RecordInput {
  readonly id: string;
  readonly machine: string;
  readonly seq: number;
  readonly state: string;
  readonly conversation?: string;
  readonly event?: string;
  /** Seconds after a fixed start: the record's timestamp. */
  readonly at?: number;
  readonly emitted?: readonly { readonly event: string; readonly conversation: string; readonly to: string; readonly toId?: string }[];
  readonly from?: { readonly machine: string; readonly aggregate_id?: string };
}

const START = Date.parse('2026-03-01T09:00:00.000Z');

export function record(input: RecordInput): StoredRecord {
  const timestamp = new Date(START + (input.at ?? input.seq) * 1000).toISOString();
  return {
    aggregate_id: input.id,
    machine: input.machine,
    seq: input.seq,
    event_id: `evt-${input.id}-${input.seq}`,
    event_type: input.event ?? `:e${input.seq}`,
    data: {},
    ...(input.conversation !== undefined ? { conversation_id: input.conversation } : {}),
    from: input.from ?? { machine: '@user' },
    timestamp,
    outcome: {
      state_after: input.state,
      context_patch: { set: { step: input.seq }, unset: [] },
      states_entered: [input.state],
      emitted: (input.emitted ?? []).map((e, i) => ({
        id: `evt-${input.id}-${input.seq}-out${i}`,
        event: e.event,
        conversation_id: e.conversation,
        from: { machine: input.machine, aggregate_id: input.id },
        to: { machine: e.to, ...(e.toId !== undefined ? { aggregate_id: e.toId } : {}) },
        data: {},
        timestamp,
      })),
    },
  };
}

export async function appendAll(store: MemoryStore, records: readonly StoredRecord[]): Promise<void> {
  for (const r of records) await store.append([{ aggregateId: r.aggregate_id, expectedSeq: r.seq - 1, records: [r] }]);
}
