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
import { asTransportSubject, exampleTests, propertyTest, settleMs, type TransportExample, type TransportSuite } from './suite.ts';

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

export const redeliveryExamples: readonly TransportExample[] = [
  {
    name: 'an envelope rejected twice comes a third time, unchanged',
    run: async (transport, settle) => {
      const log = new DeliveryLog({ failTimes: new Map([['e1', 2]]) });
      const subscription = await transport.subscribe(TARGET, log.handler());
      await transport.publish([sampleEnvelope('e1', TARGET, 'agg-1')]);
      await log.until(() => log.acked('e1'), settle);
      await subscription.unsubscribe();
      const attempts = log.calls.map((c) => [c.attempt, c.acked]);
      expect(attempts.slice(0, 3)).toEqual([
        [1, false],
        [2, false],
        [3, true],
      ]);
      // At least once: after the acknowledgement the envelope may come again.
      expect(log.calls.slice(3).filter((c) => !c.acked), 'deliveries after the acknowledgement').toEqual([]);
      for (const call of log.calls) expect(call.envelope).toEqual(sampleEnvelope('e1', TARGET, 'agg-1'));
    },
  },
  {
    name: 'a handler that throws synchronously is treated as a rejection',
    run: async (transport, settle) => {
      let calls = 0;
      let done!: () => void;
      const acked = new Promise<void>((resolve) => (done = resolve));
      const subscription = await transport.subscribe(TARGET, ((_batch: unknown) => {
        calls++;
        if (calls === 1) throw new Error('conformance: synchronous throw');
        done();
        return Promise.resolve();
      }) as never);
      await transport.publish([sampleEnvelope('e1', TARGET, 'agg-1')]);
      const redelivered = await Promise.race([acked.then(() => true), sleep(4 * settle).then(() => false)]);
      await subscription.unsubscribe();
      expect(redelivered, 'the envelope came again after the handler threw').toBe(true);
      expect(calls, 'deliveries of an envelope whose handler threw once').toBeGreaterThanOrEqual(2);
    },
  },
];

export function redeliveryGroup(suite: TransportSuite): void {
  describe('redelivery', () => {
    if (!suite.capabilities.redelivery) {
      notApplicable('redelivery', suite.capabilities.redelivery, 'a rejected delivery is not retried by the transport');
      return;
    }
    exampleTests(suite, redeliveryExamples);
    propertyTest(suite, 'every envelope is acknowledged although some first deliveries are rejected', checkAtLeastOnce);
  });
}
