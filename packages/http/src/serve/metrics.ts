// The service's metrics (@opentelemetry/api; no-op without an SDK): events handled, counted as
// their records commit, and the outbox entries not yet dispatched. Handler latency and conflicts
// happen inside the runtime: the core records them (`eventflow.handler.duration`, `eventflow.conflicts`).
import { metrics } from '@opentelemetry/api';
import type { EventStore, StoredRecord } from '@eventflow/core';
import { ATTRIBUTES } from '../attributes.ts';

export interface ServiceMetrics {
  /** For the runtime's `observe`: one committed record. */
  handled(record: StoredRecord): void;
  /** Stops observing the outbox (the store is closing). */
  close(): void;
}

export function serviceMetrics(store: EventStore): ServiceMetrics {
  const meter = metrics.getMeter('@eventflow/http/serve', '0.1.0');
  const handled = meter.createCounter('eventflow.events.handled', { description: 'Events whose handler committed a record' });
  const outbox = meter.createObservableGauge('eventflow.outbox.pending', { description: 'Stored records whose emitted events are not dispatched yet' });
  const observeOutbox = async (result: { observe(value: number): void }) => result.observe((await store.undispatched()).length);
  outbox.addCallback(observeOutbox);
  return {
    handled: (record) => handled.add(1, { [ATTRIBUTES.machine]: record.machine, [ATTRIBUTES.event]: record.event_type }),
    close: () => outbox.removeCallback(observeOutbox),
  };
}
