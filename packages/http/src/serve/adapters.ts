// The store and transport a deployment asked for, each with a probe for /readyz and a close. The
// MongoDB and Kafka adapters are loaded only when configured (optional peer dependencies).
import { resolve } from 'node:path';
import type { EventStore, Transport } from '@eventflow/core';
import type { ServeConfig } from './config.ts';
import type { ServiceLogger } from './logger.ts';

export interface Adapter<T> {
  readonly port: T;
  /** In words, for the start-up log line. */
  readonly describe: string;
  /** Resolves when the server behind it answers; rejects with why not. */
  probe(): Promise<void>;
  close(): Promise<void>;
}

/** An aggregate id no instance has: reading it is one indexed round trip to the store. */
const PROBE_ID = 'eventflow-readiness-probe';

export async function createStore(config: ServeConfig, dir: string): Promise<Adapter<EventStore>> {
  const { store } = config;
  if (store.kind === 'mongodb') {
    const { createMongoEventStore } = await optional<typeof import('@eventflow/mongodb')>('@eventflow/mongodb', 'store.kind mongodb', 'mongodb');
    const port = createMongoEventStore({ url: store.url as string, database: store.database });
    return storeAdapter(port, `MongoDB store (database ${store.database})`);
  }
  const { createMemoryStore } = await import('@eventflow/memory');
  if (store.kind === 'file') {
    const file = resolve(dir, store.path);
    return storeAdapter(createMemoryStore({ file }), `file store (${file})`);
  }
  return storeAdapter(createMemoryStore(), 'memory store');
}

function storeAdapter(port: EventStore, describe: string): Adapter<EventStore> {
  return { port, describe, probe: async () => void (await port.read(PROBE_ID)), close: () => port.close() };
}

export async function createTransport(config: ServeConfig, logger: ServiceLogger): Promise<Adapter<Transport>> {
  const { transport } = config;
  if (transport.kind === 'memory') {
    const { createMemoryTransport } = await import('@eventflow/memory');
    const port = createMemoryTransport({ onError: (letter) => logger.error({ event: letter.envelope?.event, err: letter.error }, 'gave up on an envelope') });
    return { port, describe: 'memory transport', probe: async () => {}, close: () => port.close() };
  }
  const { createKafkaTransport } = await optional<typeof import('@eventflow/kafka')>('@eventflow/kafka', 'transport.kind kafka', 'kafkajs');
  const { Kafka, logLevel } = await optional<typeof import('kafkajs')>('kafkajs', 'transport.kind kafka', 'kafkajs');
  const brokers = [...(transport.brokers ?? [])];
  const kafka = new Kafka({
    clientId: transport.clientId,
    brokers,
    logLevel: logLevel.WARN,
    retry: { initialRetryTime: 100, maxRetryTime: 2_000, retries: 5 },
    logCreator: () => (entry) => logger.warn({ kafka: entry.log, namespace: entry.namespace }, `kafka: ${entry.log.message}`),
  });
  const port = createKafkaTransport({ brokers, clientId: transport.clientId, topicPrefix: transport.topicPrefix, groupId: config.group, partitions: transport.partitions, kafka });
  const admin = kafka.admin();
  let connected: Promise<void> | undefined;
  return {
    port,
    describe: `Kafka transport (${brokers.join(',')}, topics ${transport.topicPrefix}*)`,
    probe: async () => {
      connected ??= admin.connect().catch((error: unknown) => {
        connected = undefined;
        throw error;
      });
      await connected;
      await admin.describeCluster();
    },
    close: async () => {
      await port.close();
      await admin.disconnect().catch(() => undefined);
    },
  };
}

async function optional<T>(name: string, because: string, driver: string): Promise<T> {
  try {
    return (await import(name)) as T;
  } catch (error) {
    const reason = error instanceof Error ? error.message.split('\n')[0] : String(error);
    throw new Error(`${because} needs ${name}: npm install ${name}${driver !== name ? ` ${driver}` : ''} (${reason})`);
  }
}
