// Starts the checkout system (memory adapters by default, or MongoDB + Kafka): reads system.flow, follows its `uses:` lines, and
// records every envelope the system sends (in order) so the trail can be shown afterwards.
import { readFileSync } from 'node:fs';
import { dirname, join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { createIds, createRuntime, steppingClock, type Envelope, type EventStore, type Runtime } from '@eventflow/core';
import { parseOrThrow } from '@eventflow/language';
import { createAdapters, type AdapterKind } from './adapters.ts';
import bindings from '../flows/checkout.bindings.ts';

export const FLOWS_DIR = join(dirname(fileURLToPath(import.meta.url)), '..', 'flows');

export interface CheckoutSystem {
  readonly runtime: Runtime;
  /** Every envelope sent inside the system or to an outside actor, in send order. */
  readonly sent: Envelope[];
  /** Failures of events delivered by the transport (they have no caller to throw to). */
  readonly errors: unknown[];
  readonly store: EventStore;
  /** Which adapters it runs on, in words. */
  readonly adapters: string;
  /** Closes the runtime and the adapters. */
  close(): Promise<void>;
}

/** The system file and every machine file it imports, as `{name, source}` pairs. */
export function readSystemFlows(systemFile = join(FLOWS_DIR, 'system.flow')): { name: string; source: string }[] {
  const read = (path: string) => ({ name: path.slice(FLOWS_DIR.length + 1), source: readFileSync(path, 'utf8') });
  const system = read(systemFile);
  const uses = parseOrThrow(system.source, system.name).system?.uses ?? [];
  return [system, ...uses.map((u) => read(join(dirname(systemFile), u.path)))];
}

export async function startCheckout(seed = 7, kind: AdapterKind = 'memory'): Promise<CheckoutSystem> {
  const sent: Envelope[] = [];
  const errors: unknown[] = [];
  const adapters = createAdapters(kind);
  const { store, transport } = adapters;
  const runtime = await createRuntime({
    flows: readSystemFlows(),
    store,
    transport: {
      durable: transport.durable,
      publish: async (envelopes) => {
        sent.push(...envelopes);
        await transport.publish(envelopes);
      },
      subscribe: (machine, handler, options) => transport.subscribe(machine, handler, options),
      close: () => transport.close(),
    },
    bindings,
    ids: createIds({ seed }),
    clock: steppingClock('2026-03-01T09:00:00.000Z', 1000),
    onExternal: (envelope) => sent.push(envelope),
    onError: (error) => errors.push(error),
  });
  const close = async () => {
    await runtime.close();
    await adapters.close();
  };
  return { runtime, sent, errors, store, adapters: adapters.describe, close };
}
