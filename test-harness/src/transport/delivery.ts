// Delivery: what is published to a machine reaches that machine's subscriber, and only it, whether
// it subscribed before or after the publish; unsubscribing stops delivery.
import fc from 'fast-check';
import { describe, expect } from 'vitest';
import { assertProperty } from '../fc-settings.ts';
import { withTransport } from '../lifecycle.ts';
import type { CheckOptions, TransportFactory, TransportSubject } from '../options.ts';
import { sampleEnvelope } from '../arbitraries.ts';
import { DeliveryLog, sleep, within } from './delivery-log.ts';
import { missing, runWorkload, scenarioArbitrary, TARGET, workload } from './scenario.ts';
import { asTransportSubject, exampleTests, propertyTest, settleMs, type TransportExample, type TransportSuite } from './suite.ts';

/** Every envelope for the subscribed machine is delivered; none for another machine is. Throws on failure. */
export async function checkDelivery(subject: TransportSubject | TransportFactory, options: CheckOptions = {}): Promise<void> {
  const adapter = asTransportSubject(subject);
  await assertProperty(
    fc.asyncProperty(scenarioArbitrary({ failures: false, noise: true }), (scenario) =>
      withTransport(adapter, async (transport, context) => {
        const load = workload(scenario, context);
        const log = await runWorkload(transport, scenario, load, settleMs(adapter));
        expect(missing(load, log), 'published but never delivered').toEqual([]);
        const strays = log.calls.filter((call) => call.envelope.to.machine !== TARGET).map((call) => call.envelope.id);
        expect(strays, `delivered to the ${TARGET} subscriber but addressed elsewhere`).toEqual([]);
      }),
    ),
    options,
    10,
  );
}

export const deliveryExamples: readonly TransportExample[] = [
  {
    name: 'an envelope published before anyone subscribed is delivered on subscribe',
    run: async (transport, settle) => {
      await transport.publish([sampleEnvelope('e1', TARGET, 'agg-1')]);
      const log = new DeliveryLog();
      const subscription = await transport.subscribe(TARGET, log.handler());
      await log.until(() => log.acked('e1'), settle);
      await subscription.unsubscribe();
      expect(log.firstAcks).toEqual([sampleEnvelope('e1', TARGET, 'agg-1')]);
      // At least once: a delivery may come again, always unchanged.
      for (const call of log.calls) expect(call.envelope).toEqual(sampleEnvelope('e1', TARGET, 'agg-1'));
    },
  },
  {
    name: 'after unsubscribe resolves the handler is not called again',
    run: async (transport, settle) => {
      const log = new DeliveryLog();
      const subscription = await transport.subscribe(TARGET, log.handler());
      await transport.publish([sampleEnvelope('e1', TARGET, 'agg-1')]);
      await log.until(() => log.acked('e1'), settle);
      await subscription.unsubscribe();
      const started = log.started('main');
      await transport.publish([sampleEnvelope('e2', TARGET, 'agg-1'), sampleEnvelope('e3', TARGET, 'agg-2')]);
      await sleep(settle);
      expect(log.started('main'), 'handler calls after unsubscribe').toBe(started);
    },
  },
  {
    name: 'unsubscribe resolves only once the running handler call has finished',
    run: async (transport, settle) => {
      let release!: () => void;
      let entered!: () => void;
      const inside = new Promise<void>((resolve) => (entered = resolve));
      const blocked = new Promise<void>((resolve) => (release = resolve));
      let calls = 0;
      // Only the first call blocks: a redelivered duplicate returns at once.
      const subscription = await transport.subscribe(TARGET, async () => {
        if (calls++ > 0) return;
        entered();
        await blocked;
      });
      try {
        await transport.publish([sampleEnvelope('e1', TARGET, 'agg-1')]);
        await within(inside, Math.max(20 * settle, 10_000), 'the handler was never called');
        let stopped = false;
        const stopping = subscription.unsubscribe().then(() => (stopped = true));
        await sleep(20);
        expect(stopped, 'unsubscribe resolved while the handler was still running').toBe(false);
        release();
        await stopping;
      } finally {
        // Whatever failed above, the handler must not stay blocked (the test would end as a timeout).
        release();
      }
    },
  },
  {
    name: 'says whether publish stores envelopes durably outside the process (a boolean)',
    run: async (transport) => {
      expect(typeof transport.durable).toBe('boolean');
    },
  },
];

export function deliveryGroup(suite: TransportSuite): void {
  describe('delivery', () => {
    exampleTests(suite, deliveryExamples);
    propertyTest(suite, 'every envelope for the machine is delivered, nothing else is', checkDelivery);
  });
}
