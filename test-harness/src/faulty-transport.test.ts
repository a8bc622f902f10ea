import { expect, test } from 'vitest';
import { createMemoryTransport } from '@eventflow/memory';
import type { Envelope } from '@eventflow/core';
import { faultyTransport, transportConformance } from './index.ts';
import { sampleEnvelope } from './arbitraries.ts';

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
