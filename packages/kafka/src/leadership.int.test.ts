// Transient partition-leadership errors against the real broker: right after a topic with many
// partitions is created, the broker answers "This server does not host this topic-partition" or
// "not the leader" until it has taken up every partition. Subscribing to (or publishing to) several
// such machines at once hits that reliably; the transport retries until its deadline instead of failing.
import { Kafka, logLevel, type LogEntry } from 'kafkajs';
import { afterEach, expect, test } from 'vitest';
import { brokers, envelope, eventually, probeAdmin, Recorder, testTransport, unique } from './test-support/kafka.ts';

/** Enough partitions that the broker takes a moment to serve a new topic (4 are served almost at once). */
const PARTITIONS = 48;
const MACHINES = ['@alpha', '@beta', '@gamma'];
const ROUNDS = 3;

const cleanups: (() => Promise<void>)[] = [];
afterEach(async () => {
  for (const cleanup of cleanups.splice(0).reverse()) await cleanup();
});

/** A kafkajs client whose log keeps the transport's "trying again" warnings (what was retried, and why). */
function loggingClient(): { kafka: Kafka; retries: string[] } {
  const retries: string[] = [];
  const kafka = new Kafka({
    clientId: unique('leadership'),
    brokers: brokers(),
    logLevel: logLevel.WARN,
    retry: { initialRetryTime: 100, maxRetryTime: 2_000, retries: 5 },
    logCreator:
      () =>
      ({ log }: LogEntry) => {
        if (log.message.startsWith('EventFlow: could not')) retries.push(`${log.message}: ${String(log['error'])}`);
      },
  });
  return { kafka, retries };
}

async function deleteTopics(topics: string[]): Promise<void> {
  const admin = await probeAdmin();
  try {
    await admin.deleteTopics({ topics });
  } catch {
    // best effort: the broker drops them with its data dir anyway
  } finally {
    await admin.disconnect();
  }
}

test(`subscribing to ${MACHINES.length} machines at once, right after their ${PARTITIONS}-partition topics are created, rides out the broker not serving them yet`, async () => {
  const { kafka, retries } = loggingClient();
  for (let round = 0; round < ROUNDS; round++) {
    const { transport, topicPrefix } = testTransport({ kafka, partitions: PARTITIONS });
    cleanups.push(() => deleteTopics(MACHINES.map((m) => `${topicPrefix}${m.slice(1)}`)));
    cleanups.push(() => transport.close());
    const recorder = new Recorder();
    // Each subscribe creates its topic and joins at once; before the fix one of them failed with
    // TRANSPORT_UNAVAILABLE (KafkaJSProtocolError: This server does not host this topic-partition).
    await Promise.all(MACHINES.map((machine) => transport.subscribe(machine, recorder.handler(machine))));
    const sent = MACHINES.map((machine, i) => envelope(`r${round}-${i}`, machine, `agg-${i}`));
    await transport.publish(sent);
    await eventually(() => sent.every((e) => recorder.ackedSet().has(e.id)), `round ${round}: one envelope delivered to each machine`, 60_000);
  }
  expect(retries.length, 'subscribes that met a transient error and tried again (the path under test)').toBeGreaterThan(0);
  for (const retry of retries) expect(retry).toMatch(/^EventFlow: could not subscribe to .* yet, trying again in \d+ ms: KafkaJS\w+: /);
}, 240_000);

test(`publishing to ${MACHINES.length} new machines at once, right after their ${PARTITIONS}-partition topics are created, resolves once the brokers hold every envelope`, async () => {
  const { kafka, retries } = loggingClient();
  for (let round = 0; round < ROUNDS; round++) {
    const { transport, topicPrefix } = testTransport({ kafka, partitions: PARTITIONS });
    const topics = MACHINES.map((m) => `${topicPrefix}${m.slice(1)}`);
    cleanups.push(() => deleteTopics(topics));
    cleanups.push(() => transport.close());
    // One publish call per machine, all at once: each creates its topic and sends right away.
    await Promise.all(MACHINES.map((machine, i) => transport.publish([envelope(`p${round}-${i}`, machine, `agg-${i}`)])));
    // Second channel: the broker's own offsets say each topic holds exactly the one envelope.
    const admin = await probeAdmin();
    try {
      for (const topic of topics) {
        const offsets = await admin.fetchTopicOffsets(topic);
        expect(offsets, `partitions of ${topic}`).toHaveLength(PARTITIONS);
        expect(offsets.reduce((sum, p) => sum + Number(p.high), 0), `envelopes stored in ${topic}`).toBe(1);
      }
    } finally {
      await admin.disconnect();
    }
  }
  expect(retries.length, 'publishes that met a transient error and tried again (the path under test)').toBeGreaterThan(0);
  for (const retry of retries) expect(retry).toMatch(/^EventFlow: could not publish 1 envelope\(s\) to .* yet, trying again in \d+ ms: KafkaJS\w+: /);
}, 240_000);
