// Property (d): a subscriber stopped mid-stream and started again loses nothing: envelopes not yet
// acknowledged (and those published while nobody listened) come to the new subscription, per-key
// order holds across the restart, and the old handler is never called after unsubscribe resolved.
import fc from 'fast-check';
import { describe, expect } from 'vitest';
import type { SubscribeOptions } from '@eventflow/core';
import { assertProperty } from '../fc-settings.ts';
import { withTransport } from '../lifecycle.ts';
import { notApplicable } from '../not-applicable.ts';
import type { CheckOptions, TransportFactory, TransportSubject } from '../options.ts';
import { DeliveryLog } from './delivery-log.ts';
import { idsByKey, missing, scenarioArbitrary, TARGET, workload } from './scenario.ts';
import { asTransportSubject, propertyTest, settleMs, transportCapabilities, type TransportSuite } from './suite.ts';

/** Unsubscribe after some acknowledgements, publish more, subscribe again: nothing is lost. Throws on failure. */
export async function checkSubscriberRestart(subject: TransportSubject | TransportFactory, options: CheckOptions = {}): Promise<void> {
  const adapter = asTransportSubject(subject);
  const capabilities = transportCapabilities(adapter);
  const subscribeOptions: SubscribeOptions = capabilities.groups ? { group: 'restart' } : {};
  const arbitrary = scenarioArbitrary({ failures: capabilities.redelivery }).chain((scenario) =>
    fc.record({
      scenario: fc.constant(scenario),
      /** Acknowledgements the first subscriber makes before it goes down. */
      cut: fc.nat(scenario.plans.length),
      /** Publish calls made before the restart; the rest while nobody is subscribed. */
      before: fc.nat(scenario.plans.length),
    }),
  );
  await assertProperty(
    fc.asyncProperty(arbitrary, ({ scenario, cut, before }) =>
      withTransport(adapter, async (transport, context) => {
        const load = workload(scenario, context);
        const log = new DeliveryLog({ failFirst: load.failFirst, slow: load.slow });
        const settle = settleMs(adapter);
        const early = load.batches.slice(0, before);
        const target = Math.min(cut, early.flat().length);
        // After `target` acknowledgements the first subscriber is going down: deliveries it still
        // gets hang until unsubscribe is called, then fail (or succeed, without redelivery).
        let release!: () => void;
        const goingDown = new Promise<void>((resolve) => (release = resolve));
        const recorded = log.handler('first');
        let firstCalls = 0;
        const first = await transport.subscribe(
          TARGET,
          async (envelope) => {
            firstCalls++;
            if (log.ackedCount < target) return recorded(envelope);
            await goingDown;
            if (capabilities.redelivery) throw new Error('conformance: subscriber going down');
            return recorded(envelope);
          },
          subscribeOptions,
        );
        for (const batch of early) await transport.publish(batch);
        await log.until(() => log.ackedCount >= target, settle);
        const stopping = first.unsubscribe();
        release();
        await stopping;
        const stoppedAt = firstCalls;
        for (const batch of load.batches.slice(before)) await transport.publish(batch);
        const second = await transport.subscribe(TARGET, log.handler('second'), subscribeOptions);
        await log.until(() => load.target.every((e) => log.acked(e.id)), settle);
        await second.unsubscribe();

        expect(firstCalls - stoppedAt, 'old handler calls after unsubscribe resolved').toBe(0);
        expect(missing(load, log), 'lost across the restart').toEqual([]);
        const acked = idsByKey(log.firstAcks);
        for (const [key, ids] of idsByKey(load.target)) expect(acked.get(key), `order of key ${key}`).toEqual(ids);
      }),
    ),
    options,
    10,
  );
}

export function restartGroup(suite: TransportSuite): void {
  describe('restart', () => {
    if (!suite.capabilities.restart) {
      notApplicable('restart', suite.capabilities.restart, 'a new subscription starts from new envelopes only');
      return;
    }
    propertyTest(suite, 'unsubscribe mid-stream, subscribe again: nothing is lost', checkSubscriberRestart);
  });
}
