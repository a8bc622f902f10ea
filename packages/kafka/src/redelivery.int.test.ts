// At-least-once: a rejected delivery comes again, offsets are committed only after the handler
// resolved, and an envelope that keeps failing goes to onError (never silently dropped).
import { Kafka, logLevel, Partitioners } from 'kafkajs';
import { afterEach, expect, test } from 'vitest';
import type { KafkaDeadLetter } from './index.ts';
import { brokers, committedOffsets, envelope, eventually, probeAdmin, Recorder, testTransport, unique } from './test-support/kafka.ts';

const MACHINE = '@shipping';
const cleanups: (() => Promise<void>)[] = [];
afterEach(async () => {
  for (const cleanup of cleanups.splice(0).reverse()) await cleanup();
});

const total = (offsets: Map<number, number>) => [...offsets.values()].reduce((sum, o) => sum + Math.max(0, o), 0);

test('a rejected envelope is redelivered until it succeeds; its offset is committed only then', async () => {
  const { transport, topicPrefix, groupId } = testTransport();
  cleanups.push(() => transport.close());
  const admin = await probeAdmin();
  cleanups.push(() => admin.disconnect());
  let release!: () => void;
  const gate = new Promise<void>((resolve) => (release = resolve));
  let calls = 0;
  const seen: string[] = [];
  const subscription = await transport.subscribe(MACHINE, async (batch) => {
    for (const e of batch) {
      seen.push(e.id);
      if (e.id !== 'e1') continue;
      calls++;
      if (calls <= 2) throw new Error(`test: rejection ${calls}`);
      await gate; // the third delivery is held while we look at the committed offsets
    }
  });
  cleanups.push(() => subscription.unsubscribe());
  await transport.publish([envelope('e1', MACHINE, 'agg-1'), envelope('e2', MACHINE, 'agg-1')]);
  await eventually(() => calls === 3, 'third delivery of e1');
  const group = `${groupId}.default.shipping`;
  const topic = `${topicPrefix}shipping`;
  expect(total(await committedOffsets(admin, group, topic)), 'committed while the handler had not resolved').toBe(0);
  expect(seen, 'e2 must wait behind e1 on its key').toEqual(['e1', 'e1', 'e1']);
  release();
  await eventually(() => seen.includes('e2'), 'e2 delivered');
  await eventually(async () => total(await committedOffsets(admin, group, topic)) === 2, 'both offsets committed', 5_000);
  expect(seen).toEqual(['e1', 'e1', 'e1', 'e2']);
});

test('a failed batch is handed over one envelope at a time; after maxAttempts the envelope goes to onError, then the key moves on; a rejecting onError keeps it', async () => {
  const letters: KafkaDeadLetter[] = [];
  const { transport } = testTransport({
    maxAttempts: 2,
    onError: async (letter) => {
      letters.push(letter);
      if (letters.length === 1) throw new Error('test: not now');
    },
  });
  cleanups.push(() => transport.close());
  const recorder = new Recorder((e) => e.id === 'bad');
  const subscription = await transport.subscribe(MACHINE, recorder.handler());
  cleanups.push(() => subscription.unsubscribe());
  const bad = envelope('bad', MACHINE, 'agg-1');
  await transport.publish([bad, envelope('after', MACHINE, 'agg-1')]);
  await eventually(() => recorder.acked().includes('after'), 'the envelope behind the dead letter');
  // Both were published in one call, so they are fetched as one batch: one batch call (bad rejects
  // it), then bad alone: two rounds of maxAttempts, the first dead letter refused by onError.
  expect(recorder.deliveries.map((d) => [d.envelope.id, d.ok])).toEqual([
    ['bad', false],
    ['bad', false],
    ['bad', false],
    ['bad', false],
    ['bad', false],
    ['after', true],
  ]);
  expect(letters).toHaveLength(2);
  expect(letters[1]).toMatchObject({ machine: MACHINE, attempts: 2, envelope: bad, offset: '0' });
  expect(String(letters[1]?.error)).toContain('delivery 5 of bad rejected');
});

test('a message that is not an envelope is reported to onError and skipped', async () => {
  const letters: KafkaDeadLetter[] = [];
  const { transport, topicPrefix } = testTransport({ onError: (letter) => void letters.push(letter) });
  cleanups.push(() => transport.close());
  const recorder = new Recorder();
  const subscription = await transport.subscribe(MACHINE, recorder.handler());
  cleanups.push(() => subscription.unsubscribe());
  const producer = new Kafka({ clientId: unique('raw'), brokers: brokers(), logLevel: logLevel.NOTHING }).producer({
    createPartitioner: Partitioners.DefaultPartitioner,
  });
  await producer.connect();
  await producer.send({ topic: `${topicPrefix}shipping`, messages: [{ key: 'agg-1', value: 'not json' }] });
  await producer.disconnect();
  await transport.publish([envelope('fine', MACHINE, 'agg-1')]);
  await eventually(() => recorder.acked().includes('fine'), 'the envelope after the foreign message');
  expect(letters).toHaveLength(1);
  expect(letters[0]).toMatchObject({ envelope: undefined, attempts: 0 });
  expect(String(letters[0]?.error)).toContain("no 'id' header");
});
