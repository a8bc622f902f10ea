// What tests of `eventflow serve` on the real servers share: the environment that points a served
// process at MongoDB (FerretDB) and Kafka under one namespace, dropping that namespace afterwards,
// and waiting until a process is ready.
import { MongoClient } from 'mongodb';
import { expect } from 'vitest';
import type { ServeProcess } from './serve-process.ts';

/** Store, transport and consumer group of a served process, all named after `namespace`; HTTP on any free port. */
export function realServeEnv(namespace: string, partitions: number): Record<string, string> {
  return {
    EVENTFLOW_STORE_KIND: 'mongodb',
    EVENTFLOW_STORE_URL: required('EVENTFLOW_MONGO_URL'),
    EVENTFLOW_STORE_DATABASE: namespace,
    EVENTFLOW_TRANSPORT_KIND: 'kafka',
    EVENTFLOW_TRANSPORT_BROKERS: required('EVENTFLOW_KAFKA_BROKERS'),
    EVENTFLOW_TRANSPORT_TOPIC_PREFIX: `${namespace}.`,
    EVENTFLOW_TRANSPORT_PARTITIONS: String(partitions),
    EVENTFLOW_GROUP: namespace,
    EVENTFLOW_HTTP_PORT: '0',
  };
}

/** Drops the namespace's database (the Kafka topics stay: the broker is the test run's own). */
export async function dropNamespace(namespace: string): Promise<void> {
  const client = new MongoClient(required('EVENTFLOW_MONGO_URL'), { serverSelectionTimeoutMS: 10_000 });
  await client.db(namespace).dropDatabase().catch(() => undefined);
  await client.close();
}

/** The process's URL once `/readyz` answers 200 (store and transport reached, subscriptions joined). */
export async function ready(process: ServeProcess): Promise<string> {
  const url = await process.url;
  await expect.poll(async () => (await fetch(`${url}/readyz`)).status, { timeout: 90_000, interval: 250 }).toBe(200);
  return url;
}

function required(name: string): string {
  const value = process.env[name];
  if (!value) throw new Error(`${name} is not set: run through the vitest int project`);
  return value;
}
