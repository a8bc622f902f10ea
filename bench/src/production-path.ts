// 10. Production path: the order -> payment -> bank -> payment -> order conversation end to end on
// Kafka + the Mongo-wire store (FerretDB here), in 1 and 2 worker processes, against a hand-written
// kafkajs + mongodb service doing the same durable work per event (production-path/raw.ts). Also:
// batched delivery against one envelope per handler call (the transport before batching), the run
// with many events already stored against the empty one, and the time from a kill -9 of one of two
// workers to the last conversation done.
import { MongoClient, type Collection, type Document } from 'mongodb';
import { EVENTS_PER_CONVERSATION, startEventFlowNode } from './production-path/eventflow.ts';
import { killWorker, startWorkers, stopWorkers, type WorkerProcess } from './production-path/processes.ts';
import { rawCheckouts, rawDocs } from './production-path/raw.ts';
import { seedRawStored, seedStored } from './production-path/seed.ts';
import { ferretdbPostgresUrl, indexCollection, indexEventFlowStore, vacuumAfterBulkLoad } from './postgres-indexes.ts';
import { kafkaClient, rawProducer } from './kafka-raw.ts';
import { startResult, type BenchResult, type Row, type Scale, type Stats } from './report.ts';
import { deleteTopics, GROUP_TUNING, mongoUrl, runName } from './servers.ts';

export interface ProductionPathOptions {
  readonly conversations: number;
  readonly rounds: number;
  /** Events stored before the "filled" run. */
  readonly stored: number;
}

export const PRODUCTION_PATH: Record<Scale, ProductionPathOptions> = {
  full: { conversations: 1_000, rounds: 3, stored: 1_000_000 },
  quick: { conversations: 200, rounds: 1, stored: 50_000 },
  tiny: { conversations: 8, rounds: 1, stored: 500 },
};

const DONE_TIMEOUT_MS = 600_000;
const FAILOVER_TARGET_S = 15;
/** Sends of one moment: the ingress sends this many checkouts at once. */
const SEND_CHUNK = 50;

interface Setup {
  readonly name: string;
  readonly namespace: string;
  readonly workers: WorkerProcess[];
  /** Sends `count` conversations and resolves with the seconds until the last one is done. */
  run(count: number): Promise<number>;
  close(): Promise<void>;
}

async function eventFlowSetup(name: string, workerCount: number, maxBatchSize?: number): Promise<Setup> {
  const namespace = runName('path');
  const workers = await startWorkers('eventflow', namespace, workerCount, maxBatchSize);
  const ingress = await startEventFlowNode(namespace, { consume: false });
  await indexEventFlowStore(namespace);
  const client = new MongoClient(mongoUrl());
  const records = client.db(namespace).collection('eventflow_records');
  let round = 0;
  return {
    name,
    namespace,
    workers,
    run: async (count) => {
      round++;
      const started = performance.now();
      const orders: string[] = [];
      for (let i = 0; i < count; i += SEND_CHUNK) {
        const sends = Array.from({ length: Math.min(SEND_CHUNK, count - i) }, (_, j) =>
          ingress.runtime.send({ event: ':checkout', to: '@order', from: '@customer', data: { total: round * 100_000 + i + j } }),
        );
        orders.push(...(await Promise.all(sends)).map((sent) => sent.aggregate_id));
      }
      await allDone(records, orders, name);
      return (performance.now() - started) / 1000;
    },
    close: async () => {
      await stopWorkers(workers);
      await ingress.close();
      await client.db(namespace).dropDatabase();
      await client.close();
    },
  };
}

async function rawSetup(name: string, workerCount: number): Promise<Setup> {
  const namespace = runName('pathraw');
  const workers = await startWorkers('raw', namespace, workerCount);
  // What it queries by: each aggregate's documents, and the benchmark's check for done orders.
  await indexCollection(namespace, 'raw_docs', ['aggregate_id', '_id']);
  const kafka = kafkaClient(`${namespace}-ingress`);
  const producer = await rawProducer(kafka);
  const client = new MongoClient(mongoUrl());
  const docs = rawDocs(client, namespace);
  let round = 0;
  return {
    name,
    namespace,
    workers,
    run: async (count) => {
      round++;
      const started = performance.now();
      const orders = Array.from({ length: count }, (_, i) => `order-${round}-${i}`);
      await rawCheckouts(producer, docs, namespace, orders, SEND_CHUNK);
      await allDone(docs as unknown as Collection<Document>, orders, name);
      return (performance.now() - started) / 1000;
    },
    close: async () => {
      await stopWorkers(workers);
      await producer.disconnect();
      await client.db(namespace).dropDatabase();
      await client.close();
      await deleteTopics(kafka, ['order', 'payment', 'bank'].map((m) => `${namespace}-raw.${m}`));
    },
  };
}

/**
 * Waits until every order's second document (`<order>:2`, the same `_id` on both sides) exists,
 * looking each up by `_id` (served by an index on every server: on FerretDB 1.x over PostgreSQL by
 * the PostgreSQL-side one), in order: a query scanning the collection while it fills would load the
 * server being measured.
 */
async function allDone(collection: Collection<Document>, orders: readonly string[], what: string): Promise<void> {
  let next = 0;
  await until(
    async () => {
      while (next < orders.length && (await collection.findOne({ _id: `${orders[next]}:2` } as Document, { projection: { _id: 1 } }))) next++;
      return next;
    },
    orders.length,
    what,
  );
}

/** Polls `count` until it reaches `target`. */
async function until(count: () => Promise<number>, target: number, what: string): Promise<void> {
  const deadline = Date.now() + DONE_TIMEOUT_MS;
  for (;;) {
    const done = await count();
    if (done >= target) return;
    if (Date.now() > deadline) throw new Error(`production-path ${what}: ${done} of ${target} conversations done after ${DONE_TIMEOUT_MS} ms`);
    await new Promise((resolve) => setTimeout(resolve, 100));
  }
}

/** Progress on stderr: a full run takes minutes. */
const progress = (text: string) => process.stderr.write(`production-path: ${text}\n`);

const median = (values: readonly number[]) => [...values].sort((a, b) => a - b)[Math.floor(values.length / 2)] as number;

/** One call is one run of `conversations`: its median and slowest duration. */
function callStats(seconds: readonly number[], conversations: number, call: string): Stats {
  const ops_per_s = (conversations * EVENTS_PER_CONVERSATION) / median(seconds);
  return { ops_per_s, p50_ms: median(seconds) * 1000, p99_ms: Math.max(...seconds) * 1000, calls: seconds.length, call };
}

function throughputRow(subject: string, baseline: string, s: number[], b: number[], conversations: number, target?: string): Row {
  const perSecond = (seconds: number[]) => (conversations * EVENTS_PER_CONVERSATION) / median(seconds);
  const ratio = perSecond(s) / perSecond(b);
  const call = `${conversations} conversations (${conversations * EVENTS_PER_CONVERSATION} events), sent ${SEND_CHUNK} at a time, until the last is done`;
  return {
    subject,
    baseline,
    unit: 'events/s',
    subject_value: perSecond(s),
    baseline_value: perSecond(b),
    ratio,
    ratio_means: 'subject/baseline events/s end to end (higher is better)',
    subject_stats: callStats(s, conversations, call),
    baseline_stats: callStats(b, conversations, call),
    ...(target ? { target: { text: target, met: ratio >= 0.8 } } : {}),
  };
}

export async function runProductionPath(scale: Scale = 'full'): Promise<BenchResult> {
  const options = PRODUCTION_PATH[scale];
  const finish = startResult('production-path', 'Production path: conversation on Kafka + Mongo-wire store, EventFlow workers vs hand-written kafkajs + mongodb', scale, {
    ...options,
    events_per_conversation: EVENTS_PER_CONVERSATION,
    send_chunk: SEND_CHUNK,
    consumer: GROUP_TUNING,
  });
  const setups: Setup[] = [];
  try {
    const one = await eventFlowSetup('EventFlow, 1 worker', 1);
    const two = await eventFlowSetup('EventFlow, 2 workers', 2);
    const single = await eventFlowSetup('EventFlow, 1 worker, one envelope per handler call (maxBatchSize 1)', 1, 1);
    const rawOne = await rawSetup('hand-written kafkajs + mongodb, 1 worker', 1);
    const rawTwo = await rawSetup('hand-written kafkajs + mongodb, 2 workers', 2);
    setups.push(one, two, single, rawOne, rawTwo);
    progress('workers ready; warm-up');
    // Untimed warm-up: topics, groups, connections.
    for (const setup of setups) await setup.run(Math.min(4, options.conversations));
    const seconds = new Map<Setup, number[]>(setups.map((setup) => [setup, []]));
    for (let round = 0; round < options.rounds; round++) {
      // Alternate the order, so drift of the machine hits every setup alike.
      const order = round % 2 === 0 ? setups : [...setups].reverse();
      for (const setup of order) {
        seconds.get(setup)?.push(await setup.run(options.conversations));
        progress(`round ${round + 1}: ${setup.name} ${seconds.get(setup)?.at(-1)?.toFixed(1)} s`);
      }
    }
    const rows: Row[] = [
      throughputRow(one.name, rawOne.name, seconds.get(one) as number[], seconds.get(rawOne) as number[], options.conversations, '>= 0.8 of hand-written'),
      throughputRow(two.name, rawTwo.name, seconds.get(two) as number[], seconds.get(rawTwo) as number[], options.conversations, '>= 0.8 of hand-written'),
      throughputRow(one.name, single.name, seconds.get(one) as number[], seconds.get(single) as number[], options.conversations),
    ];
    for (const setup of [two, single, rawTwo]) {
      await setup.close();
      setups.splice(setups.indexOf(setup), 1);
    }

    const client = new MongoClient(mongoUrl());
    progress(`seeding ${options.stored} events`);
    const seeded = await seedStored(client.db(one.namespace).collection('eventflow_records'), options.stored);
    await client.close();
    const rawClient = new MongoClient(mongoUrl());
    await seedRawStored(rawDocs(rawClient, rawOne.namespace) as unknown as Collection<Document>, options.stored);
    await rawClient.close();
    const vacuumed = (await vacuumAfterBulkLoad(one.namespace)) && (await vacuumAfterBulkLoad(rawOne.namespace));
    const filled: number[] = [];
    const rawFilled: number[] = [];
    for (let round = 0; round < options.rounds; round++) {
      filled.push(await one.run(options.conversations));
      rawFilled.push(await rawOne.run(options.conversations));
    }
    const stored = `${seeded.events.toLocaleString('en-US')} events stored`;
    const filledTarget = `>= 0.8 of the empty figure with ${options.stored.toLocaleString('en-US')} events stored`;
    rows.push(throughputRow(`${one.name}, ${stored}`, `${one.name}, empty store`, filled, seconds.get(one) as number[], options.conversations, filledTarget));
    // What the same number of stored events costs the hand-written service on this server (no target):
    // tells the server's share of the drop from EventFlow's.
    rows.push(throughputRow(`${rawOne.name}, ${stored}`, `${rawOne.name}, empty store`, rawFilled, seconds.get(rawOne) as number[], options.conversations));
    await rawOne.close();
    setups.splice(setups.indexOf(rawOne), 1);

    progress(`seeded in ${seeded.seconds.toFixed(0)} s; filled runs ${filled.map((f) => f.toFixed(1)).join(', ')} s; failover`);
    const failover = await measureFailover(options.conversations);
    rows.push({
      subject: 'kill -9 of one of two EventFlow workers mid-run: to the last conversation done',
      baseline: 'the target',
      unit: 's',
      subject_value: failover.seconds,
      baseline_value: FAILOVER_TARGET_S,
      ratio: failover.seconds / FAILOVER_TARGET_S,
      ratio_means: 'seconds from the kill to the last conversation done / 15 s (lower is better)',
      target: { text: `<= ${FAILOVER_TARGET_S} s from the kill`, met: failover.seconds <= FAILOVER_TARGET_S },
    });
    const checks = {
      seconds_per_round: Object.fromEntries([...seconds].map(([setup, list]) => [setup.name, list.map((s) => Math.round(s * 100) / 100)])),
      filled_seconds_per_round: filled.map((s) => Math.round(s * 100) / 100),
      raw_filled_seconds_per_round: rawFilled.map((s) => Math.round(s * 100) / 100),
      seeded_events: seeded.events,
      seed_seconds: Math.round(seeded.seconds),
      vacuumed_after_seeding: vacuumed,
      failover_done_at_kill: failover.doneAtKill,
    };
    const notes = [
      `${seeded.events.toLocaleString('en-US')} stored events were seeded by raw insertMany of copies of the runtime's own documents in ${Math.round(seeded.seconds)} s${vacuumed ? ', then both databases got VACUUM (ANALYZE) as after any bulk load (untimed; otherwise autovacuum catches up during the timed runs)' : ''}.`,
      'Both sides write with the same write concern; the hand-written service neither deduplicates nor keeps an outbox.',
      ferretdbPostgresUrl()
        ? "FerretDB on PostgreSQL: both sides have PostgreSQL-side GIN indexes on the fields they query (EventFlow: packages/mongodb/ferretdb/postgresql-indexes.sql; hand-written: aggregate_id and _id), so every read is served by an index."
        : 'No PostgreSQL-side indexes (the server is not FerretDB on PostgreSQL).',
    ];
    return finish(rows, checks, notes);
  } finally {
    for (const setup of setups) await setup.close().catch(() => undefined);
  }
}

/** Two workers; kill -9 one once a tenth of the conversations are done; seconds from the kill to the last done. */
async function measureFailover(conversations: number): Promise<{ seconds: number; doneAtKill: number }> {
  const setup = await eventFlowSetup('EventFlow, 2 workers, one killed', 2);
  const client = new MongoClient(mongoUrl());
  const records = client.db(setup.namespace).collection('eventflow_records');
  try {
    await setup.run(Math.min(4, conversations));
    const warm = await records.countDocuments({ first_seq: 2, 'records.event_type': ':payment_success' });
    const running = setup.run(conversations);
    running.catch(() => undefined);
    const killAfter = warm + Math.max(1, Math.floor(conversations / 10));
    await until(() => records.countDocuments({ first_seq: 2, 'records.event_type': ':payment_success' }), killAfter, 'failover (before the kill)');
    await killWorker(setup.workers[0] as WorkerProcess);
    const killedAt = performance.now();
    const doneAtKill = (await records.countDocuments({ first_seq: 2, 'records.event_type': ':payment_success' })) - warm;
    await running;
    return { seconds: (performance.now() - killedAt) / 1000, doneAtKill };
  } finally {
    await client.close();
    await setup.close();
  }
}
