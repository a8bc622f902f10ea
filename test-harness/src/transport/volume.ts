// Volume: hundreds of envelopes over 20-24 ordering keys, 10-20 per key, most published before
// anyone subscribes (long per-key queues), the rest while the subscriber runs. Checked duplicate-
// tolerantly: everything arrives at least once, first deliveries per key in publish order, every
// delivery deep-equal (JSON view) to what was published, nothing for another machine.
import fc from 'fast-check';
import { describe, expect, test } from 'vitest';
import { deepEqual } from '@eventflow/core';
import { envelopeContent } from '../arbitraries.ts';
import { assertProperty } from '../fc-settings.ts';
import { jsonView } from '../json-data.ts';
import { withTransport } from '../lifecycle.ts';
import type { CheckOptions, TransportFactory, TransportSubject } from '../options.ts';
import { DeliveryLog } from './delivery-log.ts';
import { idsByKey, missing, TARGET, workload, type EnvelopePlan, type Scenario } from './scenario.ts';
import { asTransportSubject, settleMs, transportCapabilities, type TransportSuite } from './suite.ts';

/** Share of the envelopes published before the subscription starts. */
const QUEUED_SHARE = 0.75;

function volumeScenario(failures: boolean): fc.Arbitrary<Scenario> {
  const sizes = fc.array(fc.integer({ min: 10, max: 20 }), { minLength: 20, maxLength: 24 });
  // Generating hundreds of deep payloads takes longer than delivering them: 16-32 contents are shared out.
  const contents = fc.array(envelopeContent, { minLength: 16, maxLength: 32 });
  return fc.tuple(sizes, contents).chain(([perKey, pool]) => {
    const keys = perKey.flatMap((count, key) => Array.from({ length: count }, () => key));
    const plan = (key: number): fc.Arbitrary<EnvelopePlan> =>
      fc.record({
        key: fc.constant(key),
        // Every fourth key is a conversation (no aggregate id): both kinds of ordering key see volume.
        byConversation: fc.constant(key % 4 === 3),
        noise: fc.nat(19).map((n) => n === 0),
        failFirst: failures ? fc.nat(49).map((n) => n === 0) : fc.constant(false),
        slow: fc.constant(false),
        reply: fc.nat(9).map((n) => n === 0),
        content: fc.constantFrom(...pool),
      });
    return fc
      .record({
        // Keys interleave at random; each key's envelopes keep their relative order by construction.
        plans: fc.shuffledSubarray(keys, { minLength: keys.length, maxLength: keys.length }).chain((order) => fc.tuple(...order.map(plan))),
        chunks: fc.array(fc.integer({ min: 1, max: 64 }), { minLength: 1, maxLength: 40 }),
        subscribeFirst: fc.constant(false),
      })
      .map((scenario) => ({ ...scenario, [fc.toStringMethod]: () => describeScenario(scenario) }));
  });
}

/** A counterexample of hundreds of envelopes is unreadable: its seed and path replay it, this says what it was. */
function describeScenario({ plans, chunks }: Scenario): string {
  const keys = new Set(plans.map((plan) => plan.key)).size;
  const count = (pick: (plan: EnvelopePlan) => boolean) => plans.filter(pick).length;
  return `{ ${plans.length} envelopes over ${keys} keys (${count((p) => p.reply)} replies, ${count((p) => p.noise)} for another machine, ${count((p) => p.failFirst)} first deliveries rejected), publish calls of ${chunks.join(', ')}... }`;
}

/** Hundreds of envelopes, long queues, subscribe after publish: at least once, in order per key, unchanged. Throws on failure. */
export async function checkVolume(subject: TransportSubject | TransportFactory, options: CheckOptions = {}): Promise<void> {
  const adapter = asTransportSubject(subject);
  const settle = settleMs(adapter);
  await assertProperty(
    fc.asyncProperty(volumeScenario(transportCapabilities(adapter).redelivery), (scenario) =>
      withTransport(adapter, async (transport, context) => {
        const load = workload(scenario, context);
        const log = new DeliveryLog({ failFirst: load.failFirst });
        const total = load.batches.flat().length;
        let published = 0;
        let at = 0;
        for (; at < load.batches.length && published < QUEUED_SHARE * total; at++) {
          await transport.publish(load.batches[at]!);
          published += load.batches[at]!.length;
        }
        const subscription = await transport.subscribe(TARGET, log.handler());
        for (; at < load.batches.length; at++) await transport.publish(load.batches[at]!);
        await log.until(() => load.target.every((envelope) => log.acked(envelope.id)), settle);
        await subscription.unsubscribe();

        expect(missing(load, log), `published (of ${load.target.length} for ${TARGET}) but never delivered`).toEqual([]);
        const strays = log.calls.filter((call) => call.envelope.to.machine !== TARGET).map((call) => call.envelope.id);
        expect(strays, `delivered to the ${TARGET} subscriber but addressed elsewhere`).toEqual([]);
        expect(log.overlaps, 'ordering keys handled twice at the same time').toEqual([]);
        const acked = idsByKey(log.firstAcks);
        for (const [key, ids] of idsByKey(load.target)) expect(acked.get(key), `first deliveries of key ${key}`).toEqual(ids);
        for (const call of log.calls) {
          const sent = load.byId.get(call.envelope.id);
          // deepEqual is quick and reads -0 as 0; the assertion only runs to describe a difference.
          if (!deepEqual(call.envelope, sent)) expect(jsonView(call.envelope), `delivery ${call.attempt} of ${call.envelope.id}`).toEqual(jsonView(sent));
        }
      }),
    ),
    // Shrinking hundreds of envelopes costs a transport per step and teaches little: the first failure is reported.
    { endOnFailure: true, ...options },
    3,
  );
}

export function volumeGroup(suite: TransportSuite): void {
  // A quarter of the other properties' runs: each case carries hundreds of envelopes.
  const runs = suite.check.runs === undefined ? undefined : Math.max(1, Math.ceil(suite.check.runs / 4));
  describe('volume', () => {
    test(
      'property: hundreds of envelopes, 10-20 per key, most queued before subscribe: at least once, in order per key, unchanged',
      () => checkVolume(suite.subject, { ...suite.check, ...(runs === undefined ? {} : { runs }) }),
      suite.timeoutMs,
    );
  });
}
