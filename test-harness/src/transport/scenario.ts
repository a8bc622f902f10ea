// The generated workload of the transport properties: envelopes over a few ordering keys (some keyed
// by aggregate, some by conversation), published in batches, with noise for another machine, replies
// (a peer's answer to the target's request), and a handler that rejects some first deliveries.
import fc from 'fast-check';
import { orderingKey, type Envelope, type Transport } from '@eventflow/core';
import { envelopeContent, type EnvelopeContent } from '../arbitraries.ts';
import type { AdapterContext } from '../options.ts';
import { DeliveryLog } from './delivery-log.ts';

export const TARGET = '@conformance-target';
export const OTHER = '@conformance-other';

export interface EnvelopePlan {
  readonly key: number;
  /** Addressed without an aggregate id: ordered by conversation instead. */
  readonly byConversation: boolean;
  /** Addressed to another machine: must never reach the target's subscribers. */
  readonly noise: boolean;
  readonly failFirst: boolean;
  readonly slow: boolean;
  /** A reply: from the peer the target asked, back to the target on the same conversation, caused by the request. */
  readonly reply: boolean;
  readonly content: EnvelopeContent;
}

export interface Scenario {
  readonly plans: readonly EnvelopePlan[];
  /** Sizes of the successive `publish` calls. */
  readonly chunks: readonly number[];
  readonly subscribeFirst: boolean;
}

export function scenarioArbitrary(options: { failures: boolean; noise?: boolean; maxEnvelopes?: number }): fc.Arbitrary<Scenario> {
  const plan = fc.record({
    key: fc.nat(3),
    byConversation: fc.boolean(),
    noise: options.noise ? fc.nat(4).map((n) => n === 0) : fc.constant(false),
    failFirst: options.failures ? fc.boolean() : fc.constant(false),
    slow: fc.boolean(),
    reply: fc.nat(4).map((n) => n === 0),
    content: envelopeContent,
  });
  return fc.record({
    plans: fc.array(plan, { minLength: 1, maxLength: options.maxEnvelopes ?? 24 }),
    chunks: fc.array(fc.integer({ min: 1, max: 6 }), { maxLength: 8 }),
    subscribeFirst: fc.boolean(),
  });
}

export interface Workload {
  /** Envelopes for the target machine, in publish order. */
  readonly target: readonly Envelope[];
  readonly byId: ReadonlyMap<string, Envelope>;
  /** Every envelope (target and noise) cut into publish calls. */
  readonly batches: readonly (readonly Envelope[])[];
  readonly failFirst: ReadonlySet<string>;
  readonly slow: ReadonlySet<string>;
}

export function workload(scenario: Scenario, context: AdapterContext): Workload {
  const all = scenario.plans.flatMap((plan, i) => envelopesOf(plan, `${context.namespace}-${i}`));
  const batches: Envelope[][] = [];
  let at = 0;
  for (const size of scenario.chunks) {
    if (at >= all.length) break;
    batches.push(all.slice(at, at + size));
    at += size;
  }
  if (at < all.length) batches.push(all.slice(at));
  const target = all.filter((envelope) => envelope.to.machine === TARGET);
  const ids = (pick: (plan: EnvelopePlan) => boolean) =>
    new Set(scenario.plans.flatMap((plan, i) => (pick(plan) ? [`${context.namespace}-${i}`] : [])));
  return {
    target,
    byId: new Map(all.map((envelope) => [envelope.id, envelope])),
    batches,
    failFirst: ids((plan) => plan.failFirst),
    slow: ids((plan) => plan.slow),
  };
}

/**
 * The plan's envelope (id `id`). A reply comes from the peer the target instance asked: addressed
 * back to the target on the request's conversation, `causation_id` naming the request. The request
 * itself went out on another topic and is not published here (a fresh topic per case costs brokers).
 */
function envelopesOf(plan: EnvelopePlan, id: string): Envelope[] {
  const conversation = plan.byConversation ? `conv-k${plan.key}` : plan.content.conversation_id;
  const address = (machine: string): Envelope['to'] => (plan.byConversation ? { machine } : { machine, aggregate_id: `agg-k${plan.key}` });
  if (!plan.reply) {
    return [{ ...plan.content, id, conversation_id: conversation, to: address(plan.noise ? OTHER : TARGET) }];
  }
  const peer = { machine: OTHER, aggregate_id: `peer-${id}` };
  return [{ ...plan.content, id, conversation_id: conversation, from: peer, to: address(TARGET), causation_id: `${id}-request` }];
}

/** Subscribes to the target (before or after publishing), publishes, waits for every acknowledgement. */
export async function runWorkload(
  transport: Transport,
  scenario: Scenario,
  load: Workload,
  settleMs: number,
): Promise<DeliveryLog> {
  const log = new DeliveryLog({ failFirst: load.failFirst, slow: load.slow });
  const subscribe = () => transport.subscribe(TARGET, log.handler());
  const early = scenario.subscribeFirst ? await subscribe() : undefined;
  for (const batch of load.batches) await transport.publish(batch);
  const subscription = early ?? (await subscribe());
  await log.until(() => load.target.every((envelope) => log.acked(envelope.id)), settleMs);
  await subscription.unsubscribe();
  return log;
}

/** Envelope ids per ordering key, in the given order. */
export function idsByKey(envelopes: readonly Envelope[]): Map<string, string[]> {
  const byKey = new Map<string, string[]>();
  for (const envelope of envelopes) {
    const key = orderingKey(envelope);
    byKey.set(key, [...(byKey.get(key) ?? []), envelope.id]);
  }
  return byKey;
}

export function missing(load: Workload, log: DeliveryLog): string[] {
  return load.target.filter((envelope) => !log.acked(envelope.id)).map((envelope) => envelope.id);
}
