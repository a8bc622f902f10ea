// A store that keeps no record, only each aggregate's last seq: for measuring the runtime's own share
// of a throughput figure (what event sourcing in the memory store adds is the rest). Never a real store:
// it cannot rebuild, detect a redelivery or keep an outbox.
import type { EventStore } from '@eventflow/core';

export function forgetfulStore(): EventStore {
  const lastSeqs = new Map<string, number>();
  return {
    append: async (commits) =>
      commits.map(({ aggregateId, records }) => {
        const lastSeq = (lastSeqs.get(aggregateId) ?? 0) + records.length;
        lastSeqs.set(aggregateId, lastSeq);
        return { status: 'appended', lastSeq };
      }),
    read: async () => [],
    listAggregates: async () => [...lastSeqs.keys()],
    findByEventId: async () => undefined,
    undispatched: async () => [],
    markDispatched: async () => undefined,
    close: async () => undefined,
  };
}
