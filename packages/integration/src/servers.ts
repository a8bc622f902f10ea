// The real servers the vitest `int` project started (or that EVENTFLOW_* point at), and adapters
// on them in fresh namespaces.
import { createKafkaTransport } from '@eventflow/kafka';
import { logLevel } from 'kafkajs';

export function kafkaBrokers(): string[] {
  const list = process.env['EVENTFLOW_KAFKA_BROKERS'];
  if (!list) throw new Error('EVENTFLOW_KAFKA_BROKERS is not set: run through the vitest `int` project');
  return list.split(',').map((b) => b.trim());
}

export function mongoUrl(): string {
  const url = process.env['EVENTFLOW_MONGO_URL'];
  if (!url) throw new Error('EVENTFLOW_MONGO_URL is not set: run through the vitest `int` project');
  return url;
}

/** Group timings that make joins and rebalances fast (the broker's minimum session timeout is 6 s). */
export const FAST_GROUPS = { sessionTimeout: 6_000, rebalanceTimeout: 5_000, heartbeatInterval: 500, maxWaitTimeInMs: 100 } as const;

export function kafkaTransport(namespace: string, extra: Partial<Parameters<typeof createKafkaTransport>[0]> = {}) {
  return createKafkaTransport({
    brokers: kafkaBrokers(),
    clientId: namespace,
    topicPrefix: `${namespace}.`,
    groupId: namespace,
    logLevel: logLevel.NOTHING,
    consumer: FAST_GROUPS,
    partitions: 2,
    backoff: (failures: number) => Math.min(20 * 2 ** failures, 200),
    ...extra,
  });
}

import { createMongoEventStore } from '@eventflow/mongodb';
import { MongoClient } from 'mongodb';

let sharedClient: MongoClient | undefined;

/** One client for the whole test file; close it in afterAll with `closeMongo()`. */
export function mongoClient(): MongoClient {
  return (sharedClient ??= new MongoClient(mongoUrl(), { serverSelectionTimeoutMS: 10_000 }));
}

export async function closeMongo(): Promise<void> {
  await sharedClient?.close();
  sharedClient = undefined;
}

/** A store in its own database, and a teardown that drops it. */
export const mongoSubject = {
  create: ({ namespace }: { namespace: string }) => createMongoEventStore({ client: mongoClient(), database: `ef_${namespace}` }),
  teardown: async (store: { close(): Promise<void> }, { namespace }: { namespace: string }) => {
    await store.close();
    await mongoClient().db(`ef_${namespace}`).dropDatabase();
  },
  capabilities: { snapshots: true, outbox: true, durable: true },
};
