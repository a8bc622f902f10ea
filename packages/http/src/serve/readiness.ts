// /readyz of a service: the store and the transport answer (each within a time limit) and every
// subscription has joined its consumer group. Counts joins by wrapping the transport's subscribe.
import type { Transport } from '@eventflow/core';
import type { Readiness } from '../health.ts';

const PROBE_TIMEOUT_MS = 2_000;

export interface JoinCount {
  joined: number;
}

/** The transport as given, counting the subscriptions that joined and are not yet left. */
export function countingJoins(transport: Transport, count: JoinCount): Transport {
  const port = transport as Transport & { readonly durable?: boolean };
  return {
    ...(port.durable !== undefined ? { durable: port.durable } : {}),
    publish: (...args: Parameters<Transport['publish']>) => port.publish(...args),
    subscribe: async (...args: Parameters<Transport['subscribe']>) => {
      const subscription = await port.subscribe(...args);
      count.joined++;
      return {
        unsubscribe: async () => {
          count.joined--;
          await subscription.unsubscribe();
        },
      };
    },
    close: () => port.close(),
  } as Transport;
}

export interface ReadinessProbes {
  readonly store: () => Promise<void>;
  readonly transport: () => Promise<void>;
  /** How many subscriptions must have joined (0 for an ingress, which consumes nothing). */
  readonly expected: number;
  readonly count: JoinCount;
}

export function readinessOf(probes: ReadinessProbes): () => Promise<Readiness> {
  return async () => {
    const [store, transport] = await Promise.all([check(probes.store), check(probes.transport)]);
    const joined = probes.count.joined;
    const subscriptions = probes.expected === 0 ? 'ok (consumes nothing)' : joined === probes.expected ? `ok (${joined} joined)` : `${joined} of ${probes.expected} joined`;
    const ready = store === 'ok' && transport === 'ok' && subscriptions.startsWith('ok');
    return { ready, checks: { store, transport, subscriptions } };
  };
}

async function check(probe: () => Promise<void>): Promise<string> {
  let timer: ReturnType<typeof setTimeout> | undefined;
  const timeout = new Promise<string>((resolve) => (timer = setTimeout(() => resolve(`no answer within ${PROBE_TIMEOUT_MS} ms`), PROBE_TIMEOUT_MS)));
  try {
    return await Promise.race([probe().then(() => 'ok', (error: unknown) => `unreachable: ${error instanceof Error ? error.message : String(error)}`), timeout]);
  } finally {
    clearTimeout(timer);
  }
}
