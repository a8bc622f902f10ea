// Adapters that break what the runtime relies on; the runtime suite must catch each.
import type { Envelope, EventStore, StoredRecord, Transport } from '@eventflow/core';
import { override } from '../wrap.ts';

/**
 * Reads return outcomes with fresh binding values, exactly what a runtime that re-ran its bindings
 * on replay would produce: `roll` comes back different from what was decided live.
 */
export function rerunsBindingsOnReplay<T extends EventStore>(inner: T): T {
  let counter = 0;
  const reroll = (record: StoredRecord): StoredRecord => {
    const set = record.outcome.context_patch.set;
    if (!('roll' in set)) return record;
    counter += 1;
    return { ...record, outcome: { ...record.outcome, context_patch: { ...record.outcome.context_patch, set: { ...set, roll: 1000 + counter } } } };
  };
  const replaced: Partial<EventStore> = {
    read: async (aggregateId, options) => (await inner.read(aggregateId, options)).map(reroll),
  };
  return override(inner, replaced as Partial<T>);
}

/** Replies are delivered to another instance of the target machine than the one addressed. */
export function deliversToWrongInstance<T extends Transport>(inner: T): T {
  const seen = new Map<string, Set<string>>();
  const replaced: Partial<Transport> = {
    publish: (envelopes) => {
      const rerouted = envelopes.map((envelope): Envelope => {
        const to = envelope.to;
        if (!to.aggregate_id) return envelope;
        const known = seen.get(to.machine) ?? new Set<string>();
        known.add(to.aggregate_id);
        seen.set(to.machine, known);
        const other = [...known].find((id) => id !== to.aggregate_id);
        return other ? { ...envelope, to: { ...to, aggregate_id: other } } : envelope;
      });
      return inner.publish(rerouted);
    },
  };
  return override(inner, replaced as Partial<T>);
}
