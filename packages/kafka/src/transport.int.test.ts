// Round trip and ordering against a real broker.
import { orderingKey, type Envelope } from '@eventflow/core';
import { Kafka, logLevel, type KafkaMessage } from 'kafkajs';
import { afterEach, expect, test } from 'vitest';
import { brokers, envelope, eventually, probeAdmin, Recorder, testTransport, unique } from './test-support/kafka.ts';

const MACHINE = '@payment';
const cleanups: (() => Promise<void>)[] = [];
afterEach(async () => {
  for (const cleanup of cleanups.splice(0).reverse()) await cleanup();
});

const FULL: Envelope = {
  id: 'env-full',
  event: ':payment_request',
  conversation_id: 'conv-42',
  from: { machine: '@order', aggregate_id: 'order-1', actor_id: 'clerk-7' },
  to: { machine: MACHINE, aggregate_id: 'pay-1', actor_id: 'gateway' },
  data: { amount: 19.99, currency: 'EUR', lines: [{ sku: 'a', qty: 2 }], note: null, paid: false, text: 'ünïcødé ✓' },
  timestamp: '2025-03-01T12:00:00.123Z',
  api: false,
  not_before: '2020-01-01T00:00:00.000Z',
  causation_id: 'env-0',
  rules: { amount: [{ name: 'between', args: [0, 100], text: 'between 0 and 100' }] },
};
const MINIMAL = envelope('env-min', MACHINE);

test('envelopes round-trip deep-equal; key, value and headers follow the documented layout', async () => {
  const { transport, topicPrefix } = testTransport();
  cleanups.push(() => transport.close());
  const recorder = new Recorder();
  const subscription = await transport.subscribe(MACHINE, recorder.handler());
  await transport.publish([FULL, MINIMAL]);
  await eventually(() => recorder.acked().length === 2, 'both envelopes delivered');
  await subscription.unsubscribe();
  // Different keys, different partitions: compare per id.
  const byId = new Map(recorder.deliveries.map((d) => [d.envelope.id, d.envelope]));
  expect(recorder.deliveries).toHaveLength(2);
  expect(byId.get(FULL.id)).toEqual(FULL);
  expect(byId.get(MINIMAL.id)).toEqual(MINIMAL);

  // Second channel: read the raw messages with a plain kafkajs consumer.
  const topic = `${topicPrefix}payment`;
  const raw = await readRaw(topic, 2);
  const full = raw.find((m) => m.key?.toString() === 'pay-1');
  const minimal = raw.find((m) => m.key?.toString() === 'conv-env-min');
  expect(JSON.parse(full!.value!.toString())).toEqual(FULL.data);
  expect(headers(full!)).toEqual({
    id: 'env-full',
    event: ':payment_request',
    conversation_id: 'conv-42',
    from: JSON.stringify(FULL.from),
    to: JSON.stringify(FULL.to),
    timestamp: '2025-03-01T12:00:00.123Z',
    api: 'false',
    not_before: '2020-01-01T00:00:00.000Z',
    causation_id: 'env-0',
    rules: JSON.stringify(FULL.rules),
  });
  expect(Object.keys(headers(minimal!)).sort()).toEqual(['conversation_id', 'event', 'from', 'id', 'timestamp', 'to']);

  const admin = await probeAdmin();
  try {
    const [metadata] = (await admin.fetchTopicMetadata({ topics: [topic] })).topics;
    expect(metadata?.partitions).toHaveLength(4);
  } finally {
    await admin.disconnect();
  }
});

test('per ordering key, envelopes arrive in publish order, one at a time, over every partition', async () => {
  const { transport, topicPrefix } = testTransport();
  cleanups.push(() => transport.close());
  const keys = 24;
  const perKey = 15;
  const all = Array.from({ length: keys * perKey }, (_, i) =>
    i % 3 === 0
      ? envelope(`o${i}`, MACHINE, undefined, { conversation_id: `conv-${i % keys}` }) // keyed by conversation
      : envelope(`o${i}`, MACHINE, `agg-${i % keys}`),
  );
  const recorder = new Recorder();
  const subscription = await transport.subscribe(MACHINE, recorder.handler('main', 1));
  // Several publish calls, one after the other.
  for (let at = 0; at < all.length; at += 40) await transport.publish(all.slice(at, at + 40));
  await eventually(() => recorder.acked().length === all.length, `${all.length} envelopes delivered`, 30_000);
  await subscription.unsubscribe();

  expect(recorder.overlaps, 'keys handled twice at the same time').toEqual([]);
  const expected = groupByKey(all);
  const got = groupByKey(recorder.deliveries.map((d) => d.envelope));
  for (const [key, ids] of expected) expect(got.get(key), `order of key ${key}`).toEqual(ids);
  const admin = await probeAdmin();
  try {
    const offsets = await admin.fetchTopicOffsets(`${topicPrefix}payment`);
    const used = offsets.filter((p) => Number(p.high) > 0).length;
    expect(used, 'partitions holding messages').toBe(4);
  } finally {
    await admin.disconnect();
  }
});

function groupByKey(envelopes: readonly Envelope[]): Map<string, string[]> {
  const byKey = new Map<string, string[]>();
  for (const e of envelopes) byKey.set(orderingKey(e), [...(byKey.get(orderingKey(e)) ?? []), e.id]);
  return byKey;
}

function headers(message: KafkaMessage): Record<string, string> {
  return Object.fromEntries(Object.entries(message.headers ?? {}).map(([k, v]) => [k, String(v)]));
}

async function readRaw(topic: string, count: number): Promise<KafkaMessage[]> {
  const kafka = new Kafka({ clientId: unique('raw'), brokers: brokers(), logLevel: logLevel.NOTHING });
  const consumer = kafka.consumer({ groupId: unique('raw'), maxWaitTimeInMs: 200 });
  const messages: KafkaMessage[] = [];
  await consumer.connect();
  try {
    await consumer.subscribe({ topics: [topic], fromBeginning: true });
    await consumer.run({ eachMessage: async ({ message }) => void messages.push(message) });
    await eventually(() => messages.length >= count, `${count} raw messages`);
  } finally {
    await consumer.disconnect();
  }
  return messages;
}
