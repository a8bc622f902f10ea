// Where the checkout system keeps its events: memory (the embedded default) or MongoDB + Kafka
// (the production pair), each run in its own database and topic prefix.
import type { EventStore, Transport } from '@eventflow/core';
import { createKafkaTransport } from '@eventflow/kafka';
import { createMemoryStore, createMemoryTransport } from '@eventflow/memory';
import { createMongoEventStore } from '@eventflow/mongodb';
import { logLevel } from 'kafkajs';

export type AdapterKind = 'memory' | 'mongo-kafka';

export interface Adapters {
  readonly store: EventStore;
  readonly transport: Transport;
  readonly describe: string;
  close(): Promise<void>;
}

function required(name: string): string {
  const value = process.env[name];
  if (!value) throw new Error(`${name} is not set. Run \`npm run start:real\` (it starts Kafka and FerretDB), or set it to a running server.`);
  return value;
}

export function createAdapters(kind: AdapterKind): Adapters {
  if (kind === 'memory') {
    const store = createMemoryStore();
    const transport = createMemoryTransport();
    return { store, transport, describe: 'memory store + memory transport', close: async () => transport.close() };
  }
  const run = `checkout_${Date.now().toString(36)}`;
  const url = required('EVENTFLOW_MONGO_URL');
  const brokers = required('EVENTFLOW_KAFKA_BROKERS').split(',');
  const store = createMongoEventStore({ url, database: run });
  const transport = createKafkaTransport({ brokers, clientId: run, topicPrefix: `${run}.`, groupId: run, logLevel: logLevel.WARN });
  return {
    store,
    transport,
    describe: `MongoDB store (${url}, database ${run}) + Kafka transport (${brokers.join(',')}, topics ${run}.*)`,
    close: async () => {
      await transport.close();
      await store.close();
    },
  };
}

export function adapterKind(argv: readonly string[]): AdapterKind {
  const flag = argv.find((a) => a.startsWith('--adapters='))?.slice('--adapters='.length) ?? process.env['EVENTFLOW_ADAPTERS'] ?? 'memory';
  if (flag !== 'memory' && flag !== 'mongo-kafka') throw new Error(`--adapters must be memory or mongo-kafka, not '${flag}'`);
  return flag;
}
