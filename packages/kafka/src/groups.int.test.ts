// Consumer groups: members of one group share the partitions (each key goes to one member),
// different groups each get everything, and a new subscription resumes at the committed offsets.
import { afterEach, expect, test } from 'vitest';
import { committedOffsets, envelope, eventually, probeAdmin, Recorder, sleep, testTransport } from './test-support/kafka.ts';

const MACHINE = '@inventory';
const cleanups: (() => Promise<void>)[] = [];
afterEach(async () => {
  for (const cleanup of cleanups.splice(0).reverse()) await cleanup();
});

const batch = (prefix: string, count: number, keys: number) =>
  Array.from({ length: count }, (_, i) => envelope(`${prefix}${i}`, MACHINE, `agg-${i % keys}`));

test('two subscribers in one group split the work; each key goes to one of them', async () => {
  // Two transports with the same groupId and prefix: two processes of one service.
  const first = testTransport();
  const second = testTransport({ topicPrefix: first.topicPrefix, groupId: first.groupId });
  cleanups.push(() => first.transport.close(), () => second.transport.close());
  const recorder = new Recorder();
  await first.transport.subscribe(MACHINE, recorder.handler('a', 1), { group: 'workers' });
  await second.transport.subscribe(MACHINE, recorder.handler('b', 1), { group: 'workers' });
  const envelopes = batch('s', 64, 16);
  await first.transport.publish(envelopes);
  await eventually(() => recorder.acked().length === envelopes.length, 'every envelope handled by the group');

  expect(recorder.deliveries.length, 'each envelope handled once').toBe(envelopes.length);
  expect(recorder.overlaps).toEqual([]);
  const owners = new Map<string, Set<string>>();
  for (const d of recorder.deliveries) {
    const key = d.envelope.to.aggregate_id!;
    owners.set(key, (owners.get(key) ?? new Set()).add(d.subscriber));
  }
  expect([...owners].filter(([, who]) => who.size > 1).map(([key]) => key), 'keys handled by both').toEqual([]);
  const counts = ['a', 'b'].map((s) => recorder.deliveries.filter((d) => d.subscriber === s).length);
  expect(counts.every((n) => n > 0), `split ${counts.join('/')}`).toBe(true);
});

test('different groups each get every envelope', async () => {
  const { transport } = testTransport();
  cleanups.push(() => transport.close());
  const billing = new Recorder();
  const audit = new Recorder();
  await Promise.all([
    transport.subscribe(MACHINE, billing.handler(), { group: 'billing' }),
    transport.subscribe(MACHINE, audit.handler(), { group: 'audit' }),
  ]);
  const envelopes = batch('f', 20, 5);
  await transport.publish(envelopes);
  await eventually(() => billing.acked().length === 20 && audit.acked().length === 20, 'both groups got everything');
  expect(billing.ackedSet()).toEqual(new Set(envelopes.map((e) => e.id)));
  expect(audit.ackedSet()).toEqual(new Set(envelopes.map((e) => e.id)));
});

test('a new subscription (another process) continues where the committed offsets are', async () => {
  const before = testTransport();
  cleanups.push(() => before.transport.close());
  const admin = await probeAdmin();
  cleanups.push(() => admin.disconnect());
  const first = new Recorder();
  const subscription = await before.transport.subscribe(MACHINE, first.handler(), { group: 'resume' });
  const early = batch('r', 12, 4);
  await before.transport.publish(early);
  await eventually(() => first.acked().length === 12, 'first batch handled');
  await subscription.unsubscribe();
  const offsets = await committedOffsets(admin, `${before.groupId}.resume.inventory`, `${before.topicPrefix}inventory`);
  expect([...offsets.values()].reduce((sum, o) => sum + Math.max(0, o), 0), 'committed offsets').toBe(12);
  await before.transport.close();

  // Published while nobody listens, then read by a fresh transport in the same group.
  const after = testTransport({ topicPrefix: before.topicPrefix, groupId: before.groupId });
  cleanups.push(() => after.transport.close());
  const late = batch('l', 8, 4);
  await after.transport.publish(late);
  const second = new Recorder();
  await after.transport.subscribe(MACHINE, second.handler(), { group: 'resume' });
  await eventually(() => second.acked().length >= 8, 'second batch handled');
  await sleep(300); // anything already committed would show up now
  expect(second.acked().sort()).toEqual(late.map((e) => e.id).sort());
});
