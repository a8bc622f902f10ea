// A store that keeps no record, only each aggregate's last seq: for measuring the runtime's own share
// of a throughput figure (what event sourcing in the memory store adds is the rest). Never a real store:
// it cannot rebuild, detect a redelivery or keep an outbox.
import type { AppendResult, EventStore, StoredRecord } from '@eventflow/core';

export function forgetfulStore(): EventStore {
  const lastSeqs = new Map<string, number>();
  return {
    append(aggregateId: string, _expectedSeq: number, records: readonly StoredRecord[]): AppendResult {
      const lastSeq = (lastSeqs.get(aggregateId) ?? 0) + records.length;
      lastSeqs.set(aggregateId, lastSeq);
      return { status: 'appended', lastSeq };
    },
    read: async () => [],
    lastSeq: (aggregateId) => lastSeqs.get(aggregateId) ?? 0,
    listAggregates: async () => [...lastSeqs.keys()],
    findByEventId: () => undefined,
    undispatched: async () => [],
    markDispatched: () => undefined,
    close: async () => undefined,
  };
}
