// The raw kafkajs side of the Kafka benchmarks: the same client, producer and consumer settings as
// @eventflow/kafka (transport.ts, publisher.ts, subscriber.ts), and the same messages (codec.ts
// encodeEnvelope, re-built here; real-smoke.int.test.ts compares them with what the adapter wrote),
// without anything EventFlow adds (topic registry, publish queue, deadlines, retry policy, decoding).
// Like a careful hand-written service, it starts through transient broker errors (startRetrying).
import { orderingKey, type Envelope } from '@eventflow/core';
import { HEADERS } from '@eventflow/kafka';
import { Kafka, Partitioners, type Consumer, type EachMessagePayload, type Message, type Producer } from 'kafkajs';
import { GROUP_TUNING, KAFKA_LOG_LEVEL, kafkaBrokers } from './servers.ts';

/** Partitions of every topic in the Kafka benchmarks (the adapter's default). */
export const PARTITIONS = 4;

/** A kafkajs client configured as createKafkaTransport configures its own. */
export function kafkaClient(clientId: string): Kafka {
  return new Kafka({
    clientId,
    brokers: kafkaBrokers(),
    connectionTimeout: 3_000,
    retry: { initialRetryTime: 100, maxRetryTime: 2_000, retries: 5 },
    logLevel: KAFKA_LOG_LEVEL,
  });
}

/** The message the adapter publishes for an envelope: key = ordering key, value = JSON of data, the rest as headers. */
export function encodeMessage(envelope: Envelope): Message {
  const headers: Record<string, string> = {
    [HEADERS.id]: envelope.id,
    [HEADERS.event]: envelope.event,
    [HEADERS.conversationId]: envelope.conversation_id,
    [HEADERS.from]: JSON.stringify(envelope.from),
    [HEADERS.to]: JSON.stringify(envelope.to),
    [HEADERS.timestamp]: envelope.timestamp,
  };
  if (envelope.api !== undefined) headers[HEADERS.api] = String(envelope.api);
  if (envelope.not_before !== undefined) headers[HEADERS.notBefore] = envelope.not_before;
  if (envelope.causation_id !== undefined) headers[HEADERS.causationId] = envelope.causation_id;
  if (envelope.rules !== undefined) headers[HEADERS.rules] = JSON.stringify(envelope.rules);
  return { key: orderingKey(envelope), value: JSON.stringify(envelope.data), headers };
}

/** How long a hand-written service keeps starting through transient broker errors before it gives up. */
export const START_TIMEOUT_MS = 90_000;

/**
 * Runs `start` (which cleans up after itself when it fails) until it resolves, pausing 100 ms
 * doubling to 2 s after each failure kafkajs marks retriable (its own rule for restarting a crashed
 * consumer: the original cause's `retriable` flag, or its retries ran out), for at most `timeoutMs`.
 */
export async function startRetrying<T>(start: () => Promise<T>, timeoutMs = START_TIMEOUT_MS): Promise<T> {
  const deadline = Date.now() + timeoutMs;
  for (let pause = 100; ; pause = Math.min(pause * 2, 2_000)) {
    try {
      return await start();
    } catch (error) {
      if (!kafkajsRetriable(error) || Date.now() + pause > deadline) throw error;
      await new Promise((resolve) => setTimeout(resolve, pause));
    }
  }
}

function kafkajsRetriable(error: unknown): boolean {
  let original = error;
  while (original instanceof Error && original.cause instanceof Error) original = original.cause;
  return (error as Error | undefined)?.name === 'KafkaJSNumberOfRetriesExceeded' || (original as { retriable?: unknown } | undefined)?.retriable === true;
}

/**
 * Creates topics with PARTITIONS partitions and waits until every partition's leader answers an
 * offsets request (right after creation the broker may not host them yet), retrying as above.
 */
export async function createTopics(kafka: Kafka, topics: readonly string[]): Promise<void> {
  const admin = kafka.admin();
  await admin.connect();
  try {
    await startRetrying(async () => {
      await admin.createTopics({ topics: topics.map((topic) => ({ topic, numPartitions: PARTITIONS })), waitForLeaders: true });
      for (const topic of topics) await admin.fetchTopicOffsets(topic);
    });
  } finally {
    await admin.disconnect();
  }
}

/** Runs `start` on a new producer or consumer; one that fails to start is disconnected (no sockets left open). */
export async function started<T extends Producer | Consumer>(client: T, start: (client: T) => Promise<void>): Promise<T> {
  try {
    await start(client);
    return client;
  } catch (error) {
    await client.disconnect().catch(() => undefined);
    throw error;
  }
}

/** The adapter's producer: idempotent, one request in flight, default partitioner (sends use acks -1). */
export async function rawProducer(kafka: Kafka): Promise<Producer> {
  const options = { idempotent: true, maxInFlightRequests: 1, allowAutoTopicCreation: true, createPartitioner: Partitioners.DefaultPartitioner };
  return startRetrying(() => started(kafka.producer(options), (producer) => producer.connect()));
}

/**
 * The adapter's consumer: its group tuning, autoCommit off, partitions consumed concurrently, and
 * each message's offset committed right after `handle` resolved. Resolves once the group is joined
 * (a crash kafkajs restarts from is waited out; the start is retried as above).
 */
export async function rawConsumer(
  kafka: Kafka,
  groupId: string,
  topic: string,
  handle: (payload: EachMessagePayload) => Promise<void> | void,
): Promise<Consumer> {
  return startRetrying(() =>
    started(kafka.consumer({ groupId, ...GROUP_TUNING, allowAutoTopicCreation: false }), async (consumer) => {
      const joined = groupJoined(consumer, groupId);
      await consumer.connect();
      await consumer.subscribe({ topics: [topic], fromBeginning: true });
      await consumer.run({
        autoCommit: false,
        partitionsConsumedConcurrently: PARTITIONS,
        eachMessage: async (payload) => {
          await handle(payload);
          const { partition, message } = payload;
          await consumer.commitOffsets([{ topic, partition, offset: (BigInt(message.offset) + 1n).toString() }]);
        },
      });
      await joined;
    }),
  );
}

/** Resolves when `consumer` joins its group; rejects when kafkajs gives up on it or START_TIMEOUT_MS passes. */
function groupJoined(consumer: Consumer, groupId: string): Promise<void> {
  const joined = new Promise<void>((resolve, reject) => {
    consumer.on(consumer.events.GROUP_JOIN, () => resolve());
    consumer.on(consumer.events.CRASH, ({ payload }) => {
      if (!payload.restart) reject(payload.error);
    });
    setTimeout(() => reject(new Error(`consumer group ${groupId}: not joined within ${START_TIMEOUT_MS} ms`)), START_TIMEOUT_MS).unref();
  });
  joined.catch(() => undefined);
  return joined;
}

/** Deletes consumer groups, best effort (their consumers must be disconnected). */
export async function deleteGroups(kafka: Kafka, groups: readonly string[]): Promise<void> {
  const admin = kafka.admin();
  try {
    await admin.connect();
    await admin.deleteGroups([...groups]);
  } catch {
    // best effort
  } finally {
    await admin.disconnect().catch(() => undefined);
  }
}
