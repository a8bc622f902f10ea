// Batched delivery against a real broker: what one fetch brings from a partition is one handler
// call, the batches of a partition come one after the other, and each batch is committed once.
import { orderingKey } from '@eventflow/core';
import { afterEach, expect, test } from 'vitest';
import { committedOffsets, envelope, eventually, probeAdmin, testTransport } from './test-support/kafka.ts';

const MACHINE = '@ledger';
const cleanups: (() => Promise<void>)[] = [];
afterEach(async () => {
  for (const cleanup of cleanups.splice(0).reverse()) await cleanup();
});

test('envelopes published together arrive as batches, in publish order per key, split at maxBatchSize; every offset committed', async () => {
  const { transport, topicPrefix, groupId } = testTransport({ partitions: 2, maxBatchSize: 50 });
  cleanups.push(() => transport.close());
  const admin = await probeAdmin();
  cleanups.push(() => admin.disconnect());
  const batches: string[][] = [];
  let running = 0;
  let overlapping = 0;
  const keysBusy = new Set<string>();
  const subscription = await transport.subscribe(MACHINE, async (batch) => {
    running++;
    const keys = new Set(batch.map(orderingKey));
    for (const key of keys) if (keysBusy.has(key)) overlapping++;
    for (const key of keys) keysBusy.add(key);
    await new Promise((resolve) => setTimeout(resolve, 20));
    batches.push(batch.map((e) => e.id));
    for (const key of keys) keysBusy.delete(key);
    running--;
  });
  cleanups.push(() => subscription.unsubscribe());
  const published = Array.from({ length: 300 }, (_, i) => envelope(`e${i}`, MACHINE, `agg-${i % 6}`));
  await transport.publish(published);
  await eventually(() => batches.flat().length >= 300, 'all 300 envelopes delivered', 60_000);

  const delivered = batches.flat();
  expect(new Set(delivered).size, 'each envelope once').toBe(300);
  expect(Math.max(...batches.map((b) => b.length)), 'a batch holds many envelopes').toBeGreaterThan(1);
  expect(Math.max(...batches.map((b) => b.length)), 'maxBatchSize').toBeLessThanOrEqual(50);
  expect(batches.length, 'fewer handler calls than envelopes').toBeLessThan(300);
  expect(overlapping, 'one key is never in two running batches').toBe(0);
  for (let agg = 0; agg < 6; agg++) {
    const ids = published.filter((e) => e.to.aggregate_id === `agg-${agg}`).map((e) => e.id);
    expect(delivered.filter((id) => ids.includes(id)), `order of agg-${agg}`).toEqual(ids);
  }
  const topic = `${topicPrefix}ledger`;
  const group = `${groupId}.default.ledger`;
  const sum = async () => [...(await committedOffsets(admin, group, topic)).values()].reduce((s, o) => s + Math.max(0, o), 0);
  await eventually(async () => (await sum()) === 300, 'all offsets committed', 10_000);
  expect(running).toBe(0);
});
