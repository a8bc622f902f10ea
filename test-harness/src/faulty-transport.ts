// A transport wrapper that misbehaves only in ways the port allows: late deliveries, duplicate
// deliveries (at-least-once), and envelopes of different ordering keys published out of order. Use
// it to show that the runtime copes; a correct adapter wrapped in it still passes the conformance suite.
import { orderingKey, seededRandom, type BatchHandler, type Envelope, type Transport } from '@eventflow/core';
import { override } from './wrap.ts';

/** The faults `faultyTransport` injects, from a seed. */
export interface FaultOptions {
  /** Seeds every random decision. Deliveries run concurrently, so a seed fixes the faults, not the interleaving. */
  readonly seed: number;
  /** Each delivery waits up to this many ms first (default 0). */
  readonly delayMs?: number;
  /** Chance that an acknowledged envelope is delivered once more, in a batch after its own (default 0). */
  readonly duplicateRate?: number;
  /** Shuffle each publish call across ordering keys, keeping each key's own order (default false). */
  readonly reorder?: boolean;
}

/** Wraps a transport with seeded delays, duplicate deliveries and failed publishes, to test the runtime against them. */
export function faultyTransport<T extends Transport>(inner: T, options: FaultOptions): T {
  const random = seededRandom(options.seed);
  const delay = () => {
    const ms = Math.floor(random() * ((options.delayMs ?? 0) + 1));
    return ms === 0 ? Promise.resolve() : new Promise<void>((resolve) => setTimeout(resolve, ms));
  };
  const faulty = (handler: BatchHandler): BatchHandler => async (batch) => {
    await delay();
    await handler(batch);
    const again = batch.filter(() => random() < (options.duplicateRate ?? 0));
    if (again.length > 0) {
      await delay();
      await handler(again);
    }
  };
  const replaced: Partial<Transport> = {
    publish: (envelopes) => inner.publish(options.reorder ? interleave(envelopes, random) : envelopes),
    subscribe: (machine, handler, subscribeOptions) => inner.subscribe(machine, faulty(handler), subscribeOptions),
  };
  return override(inner, replaced as Partial<T>);
}

/** A random merge of the per-key queues: keys interleave differently, each key keeps its order. */
function interleave(envelopes: readonly Envelope[], random: () => number): Envelope[] {
  const queues = new Map<string, Envelope[]>();
  for (const envelope of envelopes) {
    const key = `${envelope.to.machine}\u0000${orderingKey(envelope)}`;
    queues.set(key, [...(queues.get(key) ?? []), envelope]);
  }
  const pending = [...queues.values()];
  const out: Envelope[] = [];
  while (pending.length > 0) {
    const at = Math.floor(random() * pending.length);
    const queue = pending[at]!;
    out.push(queue.shift()!);
    if (queue.length === 0) pending.splice(at, 1);
  }
  return out;
}
