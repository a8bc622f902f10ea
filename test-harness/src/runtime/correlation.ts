// Property: in generated topologies (fan-out, nesting several levels deep, many originators of one
// machine at once, optionally a shared responder instance) under a transport that delays,
// reorders and duplicates deliveries, every reply reaches exactly the instance that started its
// conversation, no instance processes a reply meant for another, each conversation has one
// originator, and duplicates never apply twice.
import { createIds, createRuntime, type Envelope, type Transport } from '@eventflow/core';
import fc from 'fast-check';
import { assertProperty } from '../fc-settings.ts';
import { faultyTransport } from '../faulty-transport.ts';
import { withStore, withTransport } from '../lifecycle.ts';
import type { CheckOptions } from '../options.ts';
import { correlationFlow, levelMachine, topology, type Topology } from './generate.ts';
import type { RuntimeSubject } from './replay-determinism.ts';

export interface CorrelationOptions extends CheckOptions {
  /** Wrap the transport in `faultyTransport` (default true). */
  readonly faults?: boolean;
  /** How long one case may take to settle (default 20 s). */
  readonly settleTimeoutMs?: number;
}

function tap(inner: Transport, seen: Envelope[]): Transport {
  return {
    durable: inner.durable,
    publish: async (envelopes) => {
      seen.push(...envelopes);
      await inner.publish(envelopes);
    },
    subscribe: (machine, handler, options) => inner.subscribe(machine, handler, options),
    close: () => inner.close(),
  };
}

/** Runs one generated topology of nested conversations and checks every reply reached its originator. */
export async function runCorrelationCase(subject: RuntimeSubject, t: Topology, seed: number, options: CorrelationOptions = {}): Promise<void> {
  await withStore(subject.store, (store) =>
    withTransport(subject.transport, async (inner) => {
      const seen: Envelope[] = [];
      const faulty = options.faults === false ? inner : faultyTransport(inner, { seed, delayMs: 3, duplicateRate: 0.3, reorder: true });
      const errors: unknown[] = [];
      const runtime = await createRuntime({
        flows: [{ name: 'topology.flow', source: correlationFlow(t) }],
        store,
        transport: tap(faulty, seen),
        ids: createIds({ seed }),
        onError: (error) => errors.push(error),
        settleTimeoutMs: options.settleTimeoutMs ?? 20_000,
      });
      try {
        const started = await Promise.all(
          Array.from({ length: t.originators }, (_, i) => runtime.send({ event: ':start', to: '@origin', from: '@client', data: { token: `t${i}` } })),
        );
        await runtime.settle();
        const unexpected = errors.filter((e) => (e as { code?: string }).code !== 'UNHANDLED_EVENT');
        if (unexpected.length > 0) throw new Error(`Runtime errors: ${unexpected.map(String).join('; ')}`);
        for (const [i, { aggregate_id }] of started.entries()) {
          const view = await runtime.state(aggregate_id);
          const got = (view.context['got'] ?? []) as unknown[];
          if (view.context['mine'] !== `t${i}`) throw new Error(`${aggregate_id} lost its own token: ${JSON.stringify(view.context)}`);
          if (got.length !== t.fanout || got.some((token) => token !== `t${i}`)) {
            throw new Error(`${aggregate_id} (token t${i}) expected ${t.fanout} replies carrying t${i}, got ${JSON.stringify(got)}`);
          }
        }
        checkConversations(seen, t);
      } finally {
        await runtime.close();
      }
    }),
  );
}

/** Every conversation opened by an originator has that one originator, and its reply goes back to it. */
function checkConversations(seen: readonly Envelope[], t: Topology): void {
  const opener = new Map<string, string>();
  const firstLevel = new Set(Array.from({ length: t.fanout }, (_, b) => levelMachine(b, 1)));
  for (const envelope of seen) {
    if (envelope.event !== ':req' || envelope.from.machine !== '@origin' || !firstLevel.has(envelope.to.machine)) continue;
    const known = opener.get(envelope.conversation_id);
    const from = envelope.from.aggregate_id as string;
    if (known !== undefined && known !== from) throw new Error(`Conversation ${envelope.conversation_id} was opened by ${known} and ${from}`);
    opener.set(envelope.conversation_id, from);
  }
  for (const envelope of seen) {
    if (envelope.event !== ':res' || envelope.to.machine !== '@origin') continue;
    const expected = opener.get(envelope.conversation_id);
    if (expected === undefined) throw new Error(`A reply to @origin travels in conversation ${envelope.conversation_id}, which no originator opened`);
    if (envelope.to.aggregate_id !== expected) {
      throw new Error(`Reply in ${envelope.conversation_id} addressed to ${envelope.to.aggregate_id}, but ${expected} opened it`);
    }
  }
}

/** Property: replies find their way back through nested conversations, whatever the topology. */
export async function checkCorrelation(subject: RuntimeSubject, options: CorrelationOptions = {}): Promise<void> {
  await assertProperty(
    fc.asyncProperty(topology, fc.integer({ min: 1, max: 2 ** 30 }), (t, seed) => runCorrelationCase(subject, t, seed, options)),
    options,
    10,
  );
}
