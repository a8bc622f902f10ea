// Helpers for the acceptance tests: a runtime on memory adapters with a tap on every envelope.
import { createMemoryStore, createMemoryTransport } from '@eventflow/memory';
import {
  createIds,
  createRuntime,
  steppingClock,
  type BindingSet,
  type Envelope,
  type EventStore,
  type Runtime,
  type RuntimeOptions,
  type Transport,
} from '@eventflow/core';

export interface TestSystem {
  readonly runtime: Runtime;
  readonly store: EventStore;
  /** Every envelope published to the transport, in order. */
  readonly published: Envelope[];
  readonly errors: unknown[];
}

/** Wraps a transport so tests can see what crossed it. */
export function tapTransport(inner: Transport, published: Envelope[]): Transport {
  return {
    durable: inner.durable,
    publish: async (envelopes) => {
      published.push(...envelopes);
      await inner.publish(envelopes);
    },
    subscribe: (machine, handler, options) => inner.subscribe(machine, handler, options),
    close: () => inner.close(),
  };
}

export async function startSystem(
  flows: Record<string, string>,
  bindings: readonly BindingSet[] = [],
  extra: Partial<RuntimeOptions> = {},
): Promise<TestSystem> {
  const store = extra.store ?? createMemoryStore();
  const published: Envelope[] = [];
  const errors: unknown[] = [];
  const runtime = await createRuntime({
    flows: Object.entries(flows).map(([name, source]) => ({ name, source })),
    store,
    transport: tapTransport(extra.transport ?? createMemoryTransport(), published),
    bindings,
    ids: createIds({ seed: 7 }),
    clock: steppingClock(),
    onError: (error) => errors.push(error),
    ...extra,
  });
  return { runtime, store, published, errors };
}
