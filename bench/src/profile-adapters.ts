// The adapter side of mongo-store / kafka-transport / kafka-round-trip alone, for `node --cpu-prof`
// (see README): `profile-adapters.ts mongo|kafka|rtt [seconds]`. Needs the servers (EVENTFLOW_*).
// For `mongo` it also reports the CPU the server (FerretDB and its PostgreSQL) spent per append,
// adapter vs raw insert, when scripts/services.sh started it (pids in EVENTFLOW_RUN_DIR).
import { createRuntime, type Envelope } from '@eventflow/core';
import { createKafkaTransport } from '@eventflow/kafka';
import { createMemoryStore } from '@eventflow/memory';
import { createMongoEventStore, RECORD_INDEXES, type CommitDocument } from '@eventflow/mongodb';
import { MongoClient } from 'mongodb';
import { checkoutRecords, flows } from './machine.ts';
import { commitDocument } from './mongo-documents.ts';
import { Counter, deleteTopics, GROUP_TUNING, KAFKA_LOG_LEVEL, kafkaBrokers, mongoServerCpuSeconds, mongoUrl, runName } from './servers.ts';
import { kafkaClient, PARTITIONS } from './kafka-raw.ts';

const mode = process.argv[2] ?? 'mongo';
const seconds = Number(process.argv[3] ?? 10);

async function profileMongo(): Promise<void> {
  const client = new MongoClient(mongoUrl(), { serverSelectionTimeoutMS: 10_000 });
  const database = runName('profile');
  try {
    const store = createMongoEventStore({ client, database });
    await store.read('warm-up');
    const measure = async (label: string, append: (n: number) => Promise<unknown>, budget: number) => {
      const cpu = mongoServerCpuSeconds();
      const started = performance.now();
      let appends = 0;
      for (let n = 0; performance.now() - started < budget * 1000; n++) {
        await Promise.all(Array.from({ length: 10 }, (_, i) => append(n * 10 + i)));
        appends += 10;
      }
      const elapsed = (performance.now() - started) / 1000;
      const spent = cpu === undefined ? undefined : (mongoServerCpuSeconds() as number) - cpu;
      console.log(
        `${label}: ${appends} appends in ${elapsed.toFixed(1)} s = ${Math.round(appends / elapsed)}/s` +
          (spent === undefined ? '' : `, server CPU (FerretDB + PostgreSQL) ${((spent * 1000) / appends).toFixed(2)} ms per append (${spent.toFixed(1)} s)`),
      );
    };
    // The first record of 10 new order aggregates at a time (expectedSeq 0), as a busy runtime creates them.
    await measure('adapter append', (n) => {
      const [order] = checkoutRecords(n);
      return store.append([{ aggregateId: order.aggregate_id, expectedSeq: 0, records: [order] }]);
    }, seconds * 0.8);
    const raw = client.db(`${database}_raw`).collection<CommitDocument>('eventflow_records');
    for (const { key, ...options } of RECORD_INDEXES) await raw.createIndex(key, options);
    await measure('raw insertOne', (n) => raw.insertOne(commitDocument([checkoutRecords(n)[0]]), { writeConcern: { w: 'majority', j: true } }), seconds * 0.2);
    await store.close();
  } finally {
    await client.db(database).dropDatabase().catch(() => undefined);
    await client.db(`${database}_raw`).dropDatabase().catch(() => undefined);
    await client.close();
  }
}

async function profileKafka(): Promise<void> {
  const namespace = runName('profile');
  const transport = createKafkaTransport({ brokers: kafkaBrokers(), clientId: namespace, topicPrefix: `${namespace}.`, groupId: namespace, partitions: PARTITIONS, consumer: GROUP_TUNING, logLevel: KAFKA_LOG_LEVEL });
  const received = new Counter();
  try {
    const subscription = await transport.subscribe('@payment', async (envelopes) => {
      for (let i = 0; i < envelopes.length; i++) received.add();
    });
    const started = performance.now();
    let published = 0;
    for (let n = 0; performance.now() - started < seconds * 1000; n += 100) {
      const batch = Array.from({ length: 100 }, (_, i) => checkoutRecords(n + i)[0].outcome.emitted[0] as Envelope);
      await transport.publish(batch);
      published += batch.length;
      if (published % 1_000 === 0) await received.reach(published, 60_000, 'profile');
    }
    await received.reach(published, 60_000, 'profile');
    const elapsed = (performance.now() - started) / 1000;
    console.log(`kafka transport: ${published} envelopes in ${elapsed.toFixed(1)} s = ${Math.round(published / elapsed)}/s`);
    await subscription.unsubscribe();
  } finally {
    await transport.close();
    await deleteTopics(kafkaClient(`${namespace}-admin`), [`${namespace}.payment`]);
  }
}

async function profileRoundTrip(): Promise<void> {
  const namespace = runName('profile');
  const transport = createKafkaTransport({ brokers: kafkaBrokers(), clientId: namespace, topicPrefix: `${namespace}.`, groupId: namespace, partitions: PARTITIONS, consumer: GROUP_TUNING, logLevel: KAFKA_LOG_LEVEL });
  const waiting = new Map<string, () => void>();
  const early = new Set<string>();
  try {
    const runtime = await createRuntime({
      flows: flows().checkout,
      store: createMemoryStore(),
      transport,
      observe: (record) => {
        if (record.event_type !== ':payment_success') return;
        const wake = waiting.get(record.aggregate_id);
        if (wake) wake();
        else early.add(record.aggregate_id);
      },
    });
    const started = performance.now();
    let trips = 0;
    while (performance.now() - started < seconds * 1000) {
      const sent = await runtime.send({ event: ':checkout', to: '@order', data: { total: 1 } });
      if (!early.delete(sent.aggregate_id)) await new Promise<void>((resolve) => waiting.set(sent.aggregate_id, resolve));
      trips++;
    }
    const elapsed = (performance.now() - started) / 1000;
    console.log(`round trips: ${trips} in ${elapsed.toFixed(1)} s, mean ${((elapsed * 1000) / trips).toFixed(2)} ms`);
    await runtime.close();
  } finally {
    await transport.close();
    await deleteTopics(kafkaClient(`${namespace}-admin`), [`${namespace}.order`, `${namespace}.payment`]);
  }
}

if (mode === 'mongo') await profileMongo();
else if (mode === 'kafka') await profileKafka();
else if (mode === 'rtt') await profileRoundTrip();
else throw new Error(`Unknown mode ${mode}: mongo | kafka | rtt`);
