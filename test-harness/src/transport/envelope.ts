// Envelope round trip: every field a publisher set arrives unchanged, on every delivery.
import fc from 'fast-check';
import { describe, expect } from 'vitest';
import type { Envelope } from '@eventflow/core';
import { assertProperty } from '../fc-settings.ts';
import { jsonView } from '../json-data.ts';
import { withTransport } from '../lifecycle.ts';
import type { CheckOptions, TransportFactory, TransportSubject } from '../options.ts';
import { DeliveryLog } from './delivery-log.ts';
import { missing, runWorkload, scenarioArbitrary, TARGET, workload } from './scenario.ts';
import { asTransportSubject, exampleTests, propertyTest, settleMs, transportCapabilities, type TransportExample, type TransportSuite } from './suite.ts';

/** Delivered envelopes (redeliveries included) deep-equal the published ones. Throws on failure. */
export async function checkEnvelopeRoundTrip(subject: TransportSubject | TransportFactory, options: CheckOptions = {}): Promise<void> {
  const adapter = asTransportSubject(subject);
  const failures = transportCapabilities(adapter).redelivery;
  await assertProperty(
    fc.asyncProperty(scenarioArbitrary({ failures, maxEnvelopes: 12 }), (scenario) =>
      withTransport(adapter, async (transport, context) => {
        const load = workload(scenario, context);
        const log = await runWorkload(transport, scenario, load, settleMs(adapter));
        expect(missing(load, log), 'published but never delivered').toEqual([]);
        for (const call of log.calls) {
          expect(jsonView(call.envelope), `delivery ${call.attempt} of ${call.envelope.id}`).toEqual(jsonView(load.byId.get(call.envelope.id)));
        }
      }),
    ),
    options,
    10,
  );
}

const FULL: Envelope = {
  id: 'env-full',
  event: ':payment_request',
  conversation_id: 'conv-42',
  from: { machine: '@order', aggregate_id: 'order-1', actor_id: 'clerk-7' },
  to: { machine: TARGET, aggregate_id: 'pay-1', actor_id: 'gateway' },
  data: { amount: 19.99, currency: 'EUR', lines: [{ sku: 'a', qty: 2, tags: [[{ deep: ['ü'] }]] }], note: null, paid: false, big: 2 ** 53, huge: 1e21, tiny: 5e-324, text: '日本 😀 𝄞' },
  timestamp: '2025-03-01T12:00:00.123Z',
  api: true,
  not_before: '2020-01-01T00:00:00.000Z',
  rules: { amount: [{ name: 'between', args: [0, 1e21], text: 'between 0 and 1e21' }], note: [{ name: 'matches', args: ['^ü.*€$'], text: 'matches ^ü.*€$' }] },
  causation_id: 'env-0',
};

export const envelopeExamples: readonly TransportExample[] = [
  {
    name: 'an envelope with every optional field arrives deep-equal',
    run: async (transport, settle) => {
      const log = new DeliveryLog();
      const subscription = await transport.subscribe(TARGET, log.handler());
      await transport.publish([FULL]);
      await log.until(() => log.acked(FULL.id), settle);
      await subscription.unsubscribe();
      expect(log.firstAcks).toEqual([FULL]);
    },
  },
];

export function envelopeGroup(suite: TransportSuite): void {
  describe('envelope', () => {
    exampleTests(suite, envelopeExamples);
    propertyTest(suite, 'generated envelopes round-trip deep-equal (JSON view), replies and redeliveries included', checkEnvelopeRoundTrip);
  });
}
