import { describe, expect, test } from 'vitest';
import { createMemoryTransport } from '@eventflow/memory';
import type { Envelope } from '@eventflow/core';
import {
  checkAtLeastOnce,
  checkDelivery,
  checkEnvelopeRoundTrip,
  checkGroupFanOut,
  checkKeyOrder,
  checkSharedGroup,
  checkSubscriberRestart,
  checkVolume,
  faultyTransport,
  transportConformance,
  type CheckOptions,
  type TransportSubject,
} from './index.ts';
import { sampleEnvelope } from './arbitraries.ts';
import { withTransport } from './lifecycle.ts';
import { deliveryExamples } from './transport/delivery.ts';
import { envelopeExamples } from './transport/envelope.ts';
import { orderingExamples } from './transport/ordering.ts';
import { redeliveryExamples } from './transport/redelivery.ts';

// Delays, duplicates and cross-key reordering are all allowed by the port: the suite still passes.
transportConformance({
  name: 'faulty(memory)',
  create: () => faultyTransport(createMemoryTransport(), { seed: 7, delayMs: 2, duplicateRate: 0.2, reorder: true }),
  runs: 5,
  settleMs: 200,
});

test('faultyTransport duplicates, and reorders only across ordering keys', async () => {
  const inner = createMemoryTransport();
  const transport = faultyTransport(inner, { seed: 3, duplicateRate: 0.5, reorder: true });
  const seen: Envelope[] = [];
  await transport.subscribe('@m', async (batch) => void seen.push(...batch));
  const envelopes = Array.from({ length: 40 }, (_, i) => sampleEnvelope(`e${i}`, '@m', `a${i % 4}`));
  await transport.publish(envelopes);
  await transport.idle();
  const ids = seen.map((e) => e.id);
  expect(ids.length).toBeGreaterThan(40);
  expect(new Set(ids).size).toBe(40);
  expect(ids.filter((id, i) => id !== ids[i - 1])).not.toEqual(envelopes.map((e) => e.id));
  for (const key of ['a0', 'a1', 'a2', 'a3']) {
    const mine = [...new Set(seen.filter((e) => e.to.aggregate_id === key).map((e) => e.id))];
    expect(mine).toEqual(envelopes.filter((e) => e.to.aggregate_id === key).map((e) => e.id));
  }
  await transport.close();
});

// Every example and one case of every property, for fault seeds 1..100: the suite's checks tolerate
// what the port allows (late, duplicate and cross-key reordered deliveries). Seeds run one after the
// other: a busy process would hold the memory transport's timers back, which no adapter test should
// be about.
const SETTLE_MS = 60;
const properties: [string, (subject: TransportSubject, options: CheckOptions) => Promise<void>][] = [
  ['delivery', checkDelivery],
  ['key order', checkKeyOrder],
  ['at least once', checkAtLeastOnce],
  ['envelope round trip', checkEnvelopeRoundTrip],
  ['restart', checkSubscriberRestart],
  ['volume', checkVolume],
  ['shared group', (subject) => checkSharedGroup(subject)],
  ['group fan-out', (subject) => checkGroupFanOut(subject)],
];
const examples = [...deliveryExamples, ...orderingExamples(true), ...redeliveryExamples, ...envelopeExamples];

async function passesWithSeed(seed: number): Promise<void> {
  const subject: TransportSubject = {
    create: () => faultyTransport(createMemoryTransport(), { seed, delayMs: 2, duplicateRate: 0.2, reorder: true }),
    settleMs: SETTLE_MS,
  };
  const failed = (what: string) => (error: unknown) => {
    throw new Error(`faultyTransport(memory) with fault seed ${seed} fails ${what}:\n${String(error)}`, { cause: error });
  };
  for (const example of examples) await withTransport(subject, (transport) => example.run(transport, SETTLE_MS)).catch(failed(`the example "${example.name}"`));
  // The property's own seed is the fault seed too: its report's replay line names both.
  for (const [name, check] of properties) await check(subject, { seed, runs: 1, endOnFailure: true }).catch(failed(`the ${name} property`));
}

describe('faultyTransport over memory passes every example and one case of every property', () => {
  for (let first = 1; first <= 100; first += 10) {
    test(`fault seeds ${first}..${first + 9}`, async () => {
      for (let seed = first; seed < first + 10; seed++) await passesWithSeed(seed);
    }, 60_000);
  }
});
