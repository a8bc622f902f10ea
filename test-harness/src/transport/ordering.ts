// Ordering: per ordering key (target aggregate, else conversation), one envelope at a time and in
// publish order, a failed one blocking those behind it; different keys may interleave.
import fc from 'fast-check';
import { describe, expect } from 'vitest';
import { assertProperty } from '../fc-settings.ts';
import { withTransport } from '../lifecycle.ts';
import type { CheckOptions, TransportFactory, TransportSubject } from '../options.ts';
import { sampleEnvelope } from '../arbitraries.ts';
import { DeliveryLog } from './delivery-log.ts';
import { idsByKey, runWorkload, scenarioArbitrary, TARGET, workload } from './scenario.ts';
import { asTransportSubject, exampleTests, propertyTest, settleMs, transportCapabilities, type TransportExample, type TransportSuite } from './suite.ts';

/** Per key, first successful deliveries follow publish order and never overlap. Throws on failure. */
export async function checkKeyOrder(subject: TransportSubject | TransportFactory, options: CheckOptions = {}): Promise<void> {
  const adapter = asTransportSubject(subject);
  const failures = transportCapabilities(adapter).redelivery;
  await assertProperty(
    fc.asyncProperty(scenarioArbitrary({ failures }), (scenario) =>
      withTransport(adapter, async (transport, context) => {
        const load = workload(scenario, context);
        const log = await runWorkload(transport, scenario, load, settleMs(adapter));
        expect(log.overlaps, 'ordering keys handled twice at the same time').toEqual([]);
        const acked = idsByKey(log.firstAcks);
        for (const [key, published] of idsByKey(load.target)) {
          expect(acked.get(key) ?? [], `first successful deliveries for key ${key}`).toEqual(published);
        }
      }),
    ),
    options,
    10,
  );
}

export function orderingExamples(redelivery: boolean): readonly TransportExample[] {
  const examples: TransportExample[] = [
    {
      name: 'one aggregate: publish order, across publish calls',
      run: async (transport, settle) => {
        const log = new DeliveryLog();
        const subscription = await transport.subscribe(TARGET, log.handler());
        const envelopes = ['e1', 'e2', 'e3', 'e4', 'e5'].map((id) => sampleEnvelope(id, TARGET, 'agg-1'));
        await transport.publish(envelopes.slice(0, 2));
        await transport.publish(envelopes.slice(2));
        await log.until(() => log.ackedCount === 5, settle);
        await subscription.unsubscribe();
        expect(log.firstAcks.map((e) => e.id)).toEqual(['e1', 'e2', 'e3', 'e4', 'e5']);
      },
    },
    {
      name: 'without an aggregate id the conversation is the ordering key',
      run: async (transport, settle) => {
        const log = new DeliveryLog({ slow: new Set(['c1', 'c2', 'c3']) });
        const subscription = await transport.subscribe(TARGET, log.handler());
        const envelopes = ['c1', 'c2', 'c3'].map((id) => ({ ...sampleEnvelope(id, TARGET), conversation_id: 'conv-shared' }));
        await transport.publish(envelopes);
        await log.until(() => log.ackedCount === 3, settle);
        await subscription.unsubscribe();
        expect(log.overlaps).toEqual([]);
        expect(log.firstAcks.map((e) => e.id)).toEqual(['c1', 'c2', 'c3']);
      },
    },
  ];
  if (!redelivery) return examples;
  return [
    ...examples,
    {
      name: 'a rejected envelope holds back the ones behind it on its key',
      run: async (transport, settle) => {
        const log = new DeliveryLog({ failTimes: new Map([['e1', 2]]) });
        const subscription = await transport.subscribe(TARGET, log.handler());
        await transport.publish(['e1', 'e2', 'e3'].map((id) => sampleEnvelope(id, TARGET, 'agg-1')));
        await log.until(() => log.ackedCount === 3, settle);
        await subscription.unsubscribe();
        const e1Acked = log.calls.findIndex((c) => c.envelope.id === 'e1' && c.acked);
        const firstOther = log.calls.findIndex((c) => c.envelope.id !== 'e1');
        expect(firstOther, 'e2 was handled before e1 succeeded').toBeGreaterThan(e1Acked);
        expect(log.firstAcks.map((e) => e.id)).toEqual(['e1', 'e2', 'e3']);
      },
    },
  ];
}

export function orderingGroup(suite: TransportSuite): void {
  describe('ordering', () => {
    exampleTests(suite, orderingExamples(suite.capabilities.redelivery));
    propertyTest(suite, 'per ordering key, first successful deliveries follow publish order', checkKeyOrder);
  });
}
