// Redelivery: rejecting a delivery asks for it again (at-least-once), unchanged.
import fc from 'fast-check';
import { describe, expect } from 'vitest';
import { assertProperty } from '../fc-settings.ts';
import { withTransport } from '../lifecycle.ts';
import { notApplicable } from '../not-applicable.ts';
import type { CheckOptions, TransportFactory, TransportSubject } from '../options.ts';
import { sampleEnvelope } from '../arbitraries.ts';
import { DeliveryLog, sleep } from './delivery-log.ts';
import { missing, runWorkload, scenarioArbitrary, TARGET, workload } from './scenario.ts';
import { asTransportSubject, propertyTest, settleMs, transportTest, type TransportSuite } from './suite.ts';

/** With a handler that rejects some first deliveries, every envelope is still acknowledged. Throws on failure. */
export async function checkAtLeastOnce(subject: TransportSubject | TransportFactory, options: CheckOptions = {}): Promise<void> {
  const adapter = asTransportSubject(subject);
  await assertProperty(
    fc.asyncProperty(scenarioArbitrary({ failures: true }), (scenario) =>
      withTransport(adapter, async (transport, context) => {
        const load = workload(scenario, context);
        const log = await runWorkload(transport, scenario, load, settleMs(adapter));
        const lost = missing(load, log).map((id) => (load.failFirst.has(id) ? `${id} (first delivery rejected)` : id));
        expect(lost, 'never successfully delivered').toEqual([]);
      }),
    ),
    options,
    10,
  );
}

export function redeliveryGroup(suite: TransportSuite): void {
  describe('redelivery', () => {
    if (!suite.capabilities.redelivery) {
      notApplicable('redelivery', suite.capabilities.redelivery, 'a rejected delivery is not retried by the transport');
      return;
    }

    transportTest(suite, 'an envelope rejected twice comes a third time, unchanged', async (transport) => {
      const log = new DeliveryLog({ failTimes: new Map([['e1', 2]]) });
      const subscription = await transport.subscribe(TARGET, log.handler());
      await transport.publish([sampleEnvelope('e1', TARGET, 'agg-1')]);
      await log.until(() => log.acked('e1'), settleMs(suite.subject));
      await subscription.unsubscribe();
      expect(log.calls.map((c) => [c.attempt, c.acked])).toEqual([
        [1, false],
        [2, false],
        [3, true],
      ]);
      for (const call of log.calls) expect(call.envelope).toEqual(sampleEnvelope('e1', TARGET, 'agg-1'));
    });

    transportTest(suite, 'a handler that throws synchronously is treated as a rejection', async (transport) => {
      let calls = 0;
      let done!: () => void;
      const acked = new Promise<void>((resolve) => (done = resolve));
      const subscription = await transport.subscribe(TARGET, ((_envelope: unknown) => {
        calls++;
        if (calls === 1) throw new Error('conformance: synchronous throw');
        done();
        return Promise.resolve();
      }) as never);
      await transport.publish([sampleEnvelope('e1', TARGET, 'agg-1')]);
      await Promise.race([acked, sleep(4 * settleMs(suite.subject))]);
      await subscription.unsubscribe();
      expect(calls, 'deliveries of an envelope whose handler threw once').toBe(2);
    });

    propertyTest(suite, 'every envelope is acknowledged although some first deliveries are rejected', checkAtLeastOnce);
  });
}
