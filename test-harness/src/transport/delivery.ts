// Delivery: what is published to a machine reaches that machine's subscriber, and only it, whether
// it subscribed before or after the publish; unsubscribing stops delivery.
import fc from 'fast-check';
import { describe, expect } from 'vitest';
import { assertProperty } from '../fc-settings.ts';
import { withTransport } from '../lifecycle.ts';
import type { CheckOptions, TransportFactory, TransportSubject } from '../options.ts';
import { sampleEnvelope } from '../arbitraries.ts';
import { DeliveryLog, sleep } from './delivery-log.ts';
import { missing, runWorkload, scenarioArbitrary, TARGET, workload } from './scenario.ts';
import { asTransportSubject, propertyTest, settleMs, transportTest, type TransportSuite } from './suite.ts';

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

export function deliveryGroup(suite: TransportSuite): void {
  const settle = settleMs(suite.subject);
  describe('delivery', () => {
    transportTest(suite, 'an envelope published before anyone subscribed is delivered on subscribe', async (transport) => {
      await transport.publish([sampleEnvelope('e1', TARGET, 'agg-1')]);
      const log = new DeliveryLog();
      const subscription = await transport.subscribe(TARGET, log.handler());
      await log.until(() => log.acked('e1'), settle);
      await subscription.unsubscribe();
      expect(log.calls.map((call) => call.envelope)).toEqual([sampleEnvelope('e1', TARGET, 'agg-1')]);
    });

    transportTest(suite, 'after unsubscribe resolves the handler is not called again', async (transport) => {
      const log = new DeliveryLog();
      const subscription = await transport.subscribe(TARGET, log.handler());
      await transport.publish([sampleEnvelope('e1', TARGET, 'agg-1')]);
      await log.until(() => log.acked('e1'), settle);
      await subscription.unsubscribe();
      const started = log.started('main');
      await transport.publish([sampleEnvelope('e2', TARGET, 'agg-1'), sampleEnvelope('e3', TARGET, 'agg-2')]);
      await sleep(settle);
      expect(log.started('main'), 'handler calls after unsubscribe').toBe(started);
    });

    transportTest(suite, 'unsubscribe resolves only once the running handler call has finished', async (transport) => {
      let release!: () => void;
      let entered!: () => void;
      const inside = new Promise<void>((resolve) => (entered = resolve));
      const subscription = await transport.subscribe(TARGET, async () => {
        entered();
        await new Promise<void>((resolve) => (release = resolve));
      });
      await transport.publish([sampleEnvelope('e1', TARGET, 'agg-1')]);
      await inside;
      let stopped = false;
      const stopping = subscription.unsubscribe().then(() => (stopped = true));
      await sleep(20);
      expect(stopped, 'unsubscribe resolved while the handler was still running').toBe(false);
      release();
      await stopping;
    });

    transportTest(suite, 'says whether publish stores envelopes durably outside the process (a boolean)', async (transport) => {
      expect(typeof transport.durable).toBe('boolean');
    });

    propertyTest(suite, 'every envelope for the machine is delivered, nothing else is', checkDelivery);
  });
}
