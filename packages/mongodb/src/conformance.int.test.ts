// The shared EventStore conformance suite (@eventflow/conformance), one fresh database per store.
// The probe reads the commits with the raw driver, not through the adapter.
import { MongoClient } from 'mongodb';
import { afterAll } from 'vitest';
import type { StoredRecord } from '@eventflow/core';
import { storeConformance, type AdapterContext } from '@eventflow/conformance';
import type { CommitDocument } from './codec.ts';
import { createMongoEventStore } from './index.ts';
import { mongoUrl } from './test-support/mongo.ts';

let shared: MongoClient | undefined;
const client = () => (shared ??= new MongoClient(mongoUrl(), { serverSelectionTimeoutMS: 10_000 }));
afterAll(async () => {
  await shared?.close();
});

/** `conformance_store_<run>_<n>` is unique per test and property run, and a valid database name. */
const databaseOf = ({ namespace }: AdapterContext) => `ef_${namespace}`;

storeConformance({
  name: 'mongodb',
  create: (context) => createMongoEventStore({ client: client(), database: databaseOf(context) }),
  teardown: async (store, context) => {
    await store.close();
    await client().db(databaseOf(context)).dropDatabase();
  },
  capabilities: { snapshots: true, outbox: true, durable: true },
  probe: (_store, context) => ({
    records: async (aggregateId) => {
      const commits = client().db(databaseOf(context)).collection<CommitDocument>('eventflow_records');
      const found = await commits.find({ aggregate_id: aggregateId }, { sort: { first_seq: 1 } }).toArray();
      return found.flatMap((commit) => commit.records.map((entry) => JSON.parse(entry.body) as StoredRecord));
    },
  }),
});
