// 5. MongoDB store: records/s of `@eventflow/mongodb`'s append (one single-record commit per call,
// as the runtime appends, to many aggregates at once) against the raw `mongodb` driver inserting the
// same documents (`insertOne`, same write concern, same indexes, no checks), on the real server of
// EVENTFLOW_MONGO_URL (FerretDB 1.24 here). Both sides write exactly the same number of commits per
// phase (fixed iterations), so their collections grow alike.
import type { StoredRecord } from '@eventflow/core';
import { createMongoEventStore, RECORD_INDEXES, SNAPSHOT_INDEXES, type CommitDocument, type MongoEventStore } from '@eventflow/mongodb';
import { MongoClient, type Collection, type Db } from 'mongodb';
import { checkoutRecords } from './machine.ts';
import { startResult, statsOf, type BenchResult, type Row, type Scale } from './report.ts';
import { interleave, speedRatio, type Contender, type Measured, type RoundOptions } from './rounds.ts';
import { cpuSeconds, ferretDbPid, mongoUrl, runName } from './servers.ts';

export interface MongoStoreOptions extends RoundOptions {
  /** Checkouts per timed call; each is 3 single-record appends (order 1 and payment 1 at once, then order 2). */
  readonly batch: number;
  /** The "filled" pair: commits already stored, and its own rounds (its appends are slow on FerretDB). */
  readonly filled: { readonly commits: number } & RoundOptions;
}

// time 0: every phase runs exactly `iterations` calls, so subject and baseline write the same commits.
export const MONGO_STORE: Record<Scale, MongoStoreOptions> = {
  full: {
    rounds: 5, time: 0, warmupTime: 0, iterations: 4, warmupIterations: 1, batch: 10,
    filled: { commits: 400, rounds: 3, time: 0, warmupTime: 0, iterations: 2, warmupIterations: 0 },
  },
  quick: {
    rounds: 3, time: 0, warmupTime: 0, iterations: 2, warmupIterations: 1, batch: 10,
    filled: { commits: 100, rounds: 1, time: 0, warmupTime: 0, iterations: 2, warmupIterations: 0 },
  },
  tiny: {
    rounds: 1, time: 0, warmupTime: 0, iterations: 2, warmupIterations: 0, batch: 2,
    filled: { commits: 30, rounds: 1, time: 0, warmupTime: 0, iterations: 1, warmupIterations: 0 },
  },
};

export const APPENDS_PER_CHECKOUT = 3;

/** The adapter's write concern (packages/mongodb/src/append.ts DURABLE): the raw inserts use it too. */
const DURABLE = { writeConcern: { w: 'majority', j: true } } as const;
const PREFIX = 'eventflow_';
const RECORDS = `${PREFIX}records`;
const SNAPSHOTS = `${PREFIX}snapshots`;

// ---------------------------------------------------------------- the adapter's document, by hand

let lastPosition = 0;

/** packages/mongodb/src/position.ts: wall-clock µs, strictly increasing in this process. */
function nextPosition(nowMs: number): number {
  const candidate = Math.floor(nowMs) * 1000;
  lastPosition = candidate > lastPosition ? candidate : lastPosition + 1;
  return lastPosition;
}

/** packages/mongodb/src/codec.ts encodeCommit for a one-record commit (smoke-checked against the adapter's). */
export function commitDocument(record: StoredRecord, position = nextPosition(Date.now())): CommitDocument {
  const emits = record.outcome.emitted.length > 0;
  return {
    _id: `${record.aggregate_id}:${record.seq}`,
    aggregate_id: record.aggregate_id,
    machine: record.machine,
    first_seq: record.seq,
    last_seq: record.seq,
    records: [{ seq: record.seq, event_id: record.event_id, event_type: record.event_type, body: JSON.stringify(record) }],
    event_ids: [record.event_id],
    outbox_seqs: emits ? [record.seq] : [],
    dispatched: !emits,
    created_at: new Date(Math.floor(position / 1000)),
    position,
  };
}

/** The adapter's indexes (exported by @eventflow/mongodb), one createIndex at a time as it does. */
async function createAdapterIndexes(db: Db): Promise<void> {
  for (const { key, ...options } of RECORD_INDEXES) await db.collection(RECORDS).createIndex(key, options);
  for (const { key, ...options } of SNAPSHOT_INDEXES) await db.collection(SNAPSHOTS).createIndex(key, options);
}

// ---------------------------------------------------------------- contenders

/** One way of appending a record: the adapter or the raw driver. */
interface Side {
  readonly name: string;
  /** Untimed: a database ready for appends (indexes created, connected). */
  open(db: Db): Promise<void>;
  append(record: StoredRecord, expectedSeq: number): Promise<void>;
  close(): Promise<void>;
}

function adapterSide(client: MongoClient, name: string): Side {
  let store: MongoEventStore | undefined;
  return {
    name,
    open: async (db) => {
      store = createMongoEventStore({ client, database: db.databaseName, collectionPrefix: PREFIX });
      await store.read('warm-up'); // connects and creates the indexes (once per store), untimed
    },
    append: async (record, expectedSeq) => {
      const [result] = await (store as MongoEventStore).append([{ aggregateId: record.aggregate_id, expectedSeq, records: [record] }]);
      if (result?.status !== 'appended') throw new Error(`${name}: ${record.aggregate_id}@${record.seq} came back ${result?.status}`);
    },
    close: async () => {
      await store?.close();
      store = undefined;
    },
  };
}

function rawSide(name: string): Side {
  let records: Collection<CommitDocument> | undefined;
  return {
    name,
    open: async (db) => {
      await createAdapterIndexes(db);
      records = db.collection<CommitDocument>(RECORDS, { readPreference: 'primary' });
    },
    append: async (record) => {
      await (records as Collection<CommitDocument>).insertOne(commitDocument(record), DURABLE);
    },
    close: async () => {
      records = undefined;
    },
  };
}

interface PhaseDb {
  /** The database of the next phase: a fresh one, or the pre-filled one kept across phases. */
  acquire(): Promise<Db>;
  release(db: Db): Promise<void>;
}

/** A fresh, empty database per phase (dropped after it). */
function freshDbs(client: MongoClient, base: string): PhaseDb {
  let n = 0;
  return {
    acquire: async () => client.db(`${base}_${n++}`),
    release: async (db) => void (await db.dropDatabase()),
  };
}

/** One pre-filled database for every phase (dropped at the end of the benchmark). */
function filledDb(db: Db): PhaseDb {
  return { acquire: async () => db, release: async () => undefined };
}

/** CPU the server process spent during a contender's timed calls (when it runs locally under a known pid). */
interface ServerCpu {
  seconds: number;
  appends: number;
}

function appendContender(side: Side, dbs: PhaseDb, options: { readonly batch: number }, numbers: { next: number }, server: { pid: number | undefined; cpu: ServerCpu }): Contender {
  let db: Db | undefined;
  let expected = 0;
  return {
    name: side.name,
    opsPerCall: options.batch * APPENDS_PER_CHECKOUT,
    beforeAll: async () => {
      db = await dbs.acquire();
      await side.open(db);
      expected = await db.collection(RECORDS).countDocuments();
    },
    fn: async () => {
      const cpuBefore = cpuSeconds(server.pid);
      const base = numbers.next;
      numbers.next += options.batch;
      const checkouts = [];
      for (let i = 0; i < options.batch; i++) {
        const [order1, payment1, order2] = checkoutRecords(base + i);
        checkouts.push(
          Promise.all([side.append(order1, 0), side.append(payment1, 0)]).then(() => side.append(order2, 1)),
        );
      }
      await Promise.all(checkouts);
      expected += options.batch * APPENDS_PER_CHECKOUT;
      const cpuAfter = cpuSeconds(server.pid);
      if (cpuBefore !== undefined && cpuAfter !== undefined) {
        server.cpu.seconds += cpuAfter - cpuBefore;
        server.cpu.appends += options.batch * APPENDS_PER_CHECKOUT;
      }
    },
    afterAll: async () => {
      const done = db as Db;
      db = undefined;
      // Untimed: every append of the phase is stored, one document each.
      const stored = await done.collection(RECORDS).countDocuments();
      await side.close();
      await dbs.release(done);
      if (stored !== expected) throw new Error(`${side.name}: ${stored} commits stored, expected ${expected}`);
    },
  };
}

// ---------------------------------------------------------------- checks (untimed)

interface Checks {
  readonly documents_match_adapter: boolean;
  readonly indexes_match_adapter: boolean;
  readonly commands_per_append: Record<string, number>;
  readonly commands_per_raw_insert: Record<string, number>;
}

/** Appends a few commits through the adapter on a monitored client and compares with the raw side. */
async function verify(url: string, base: string): Promise<Checks> {
  const client = new MongoClient(url, { serverSelectionTimeoutMS: 10_000, monitorCommands: true });
  const commands: Record<string, number> = {};
  client.on('commandStarted', (event) => {
    commands[event.commandName] = (commands[event.commandName] ?? 0) + 1;
  });
  const adapterDb = client.db(`${base}_check_adapter`);
  const rawDb = client.db(`${base}_check_raw`);
  try {
    const store = createMongoEventStore({ client, database: adapterDb.databaseName, collectionPrefix: PREFIX });
    await store.read('warm-up');
    await createAdapterIndexes(rawDb);
    const records = [0, 1, 2, 3].flatMap((n) => checkoutRecords(1_000_000_000 + n));
    for (const key of Object.keys(commands)) delete commands[key];
    for (const record of records) await store.append([{ aggregateId: record.aggregate_id, expectedSeq: record.seq - 1, records: [record] }]);
    const perAppend = Object.fromEntries(Object.entries(commands).map(([name, count]) => [name, count / records.length]));
    for (const key of Object.keys(commands)) delete commands[key];
    const raw = rawDb.collection<CommitDocument>(RECORDS);
    for (const record of records) await raw.insertOne(commitDocument(record), DURABLE);
    const perInsert = Object.fromEntries(Object.entries(commands).map(([name, count]) => [name, count / records.length]));
    // Same document but for the clock fields; same index definitions.
    const strip = ({ created_at: _c, position: _p, ...rest }: CommitDocument) => rest;
    const stored = (await adapterDb.collection<CommitDocument>(RECORDS).find({}, { sort: { _id: 1 } }).toArray()).map(strip);
    const written = (await raw.find({}, { sort: { _id: 1 } }).toArray()).map(strip);
    const indexes = async (db: Db) =>
      JSON.stringify(
        await Promise.all(
          [RECORDS, SNAPSHOTS].map(async (name) =>
            (await db.collection(name).listIndexes().toArray()).map(({ v: _v, ns: _ns, ...index }) => index).sort((a, b) => String(a['name']).localeCompare(String(b['name'])))),
        ),
      );
    await store.close();
    return {
      documents_match_adapter: stored.length === records.length && JSON.stringify(stored) === JSON.stringify(written),
      indexes_match_adapter: (await indexes(adapterDb)) === (await indexes(rawDb)),
      commands_per_append: perAppend,
      commands_per_raw_insert: perInsert,
    };
  } finally {
    await adapterDb.dropDatabase().catch(() => undefined);
    await rawDb.dropDatabase().catch(() => undefined);
    await client.close();
  }
}

/** Fills a database with `count` commits (the adapter's documents, written raw, untimed). */
async function fill(db: Db, count: number, numbers: { next: number }): Promise<void> {
  await createAdapterIndexes(db);
  const records = db.collection<CommitDocument>(RECORDS);
  let written = 0;
  while (written < count) {
    const docs: CommitDocument[] = [];
    while (docs.length < 1_000 && written + docs.length < count) {
      for (const record of checkoutRecords(numbers.next)) if (written + docs.length < count) docs.push(commitDocument(record));
      numbers.next++;
    }
    await records.insertMany(docs, { ordered: true, ...DURABLE });
    written += docs.length;
  }
}

export async function runMongoStore(scale: Scale = 'full'): Promise<BenchResult> {
  const options = MONGO_STORE[scale];
  const url = mongoUrl();
  const finish = startResult('mongo-store', 'MongoDB store append vs raw driver insertOne (real server)', scale, {
    ...options,
    appends_per_checkout: APPENDS_PER_CHECKOUT,
    write_concern: DURABLE.writeConcern,
  });
  const base = runName('mongo');
  // One client per side, same options; the store is given its client (`client:`), as an app that shares one would.
  const clientOptions = { serverSelectionTimeoutMS: 10_000, connectTimeoutMS: 10_000 };
  const adapterClient = new MongoClient(url, clientOptions);
  const rawClient = new MongoClient(url, clientOptions);
  const fillClient = new MongoClient(url, clientOptions);
  const filledDbs = { adapter: fillClient.db(`${base}_filled_adapter`), raw: fillClient.db(`${base}_filled_raw`) };
  try {
    await Promise.all([adapterClient.connect(), rawClient.connect(), fillClient.connect()]);
    const build = (await fillClient.db('admin').command({ buildInfo: 1 })) as { version?: string; ferretdbVersion?: string };
    const checks = await verify(url, base);

    // Each side has its own database and its own counter of checkout numbers starting at the same
    // value: after every phase both have written the same records.
    const pid = ferretDbPid();
    const cpu: Record<string, ServerCpu> = {};
    const server = (name: string) => ({ pid, cpu: (cpu[name] = { seconds: 0, appends: 0 }) });
    const empty: Contender[] = [
      appendContender(adapterSide(adapterClient, '@eventflow/mongodb append'), freshDbs(adapterClient, `${base}_a`), options, { next: 0 }, server('@eventflow/mongodb append')),
      appendContender(rawSide('raw insertOne'), freshDbs(rawClient, `${base}_r`), options, { next: 0 }, server('raw insertOne')),
    ];
    const pairs: { label: string; contenders: Contender[]; rounds: RoundOptions }[] = [{ label: 'empty collection per phase', contenders: empty, rounds: options }];
    let fillSeconds = 0;
    if (options.filled.commits > 0) {
      const started = performance.now();
      const fillNumbers = { next: 2_000_000_000 };
      await fill(filledDbs.adapter, options.filled.commits, { ...fillNumbers });
      await fill(filledDbs.raw, options.filled.commits, { ...fillNumbers });
      fillSeconds = (performance.now() - started) / 1000;
      const adapterNumbers = { next: 3_000_000_000 };
      const rawNumbers = { next: 3_000_000_000 };
      const label = `${options.filled.commits.toLocaleString('en-US')} commits stored`;
      pairs.push({
        label,
        rounds: options.filled,
        contenders: [
          appendContender(adapterSide(adapterClient, `@eventflow/mongodb append, ${label}`), filledDb(adapterClient.db(filledDbs.adapter.databaseName)), options, adapterNumbers, server(`@eventflow/mongodb append, ${label}`)),
          appendContender(rawSide(`raw insertOne, ${label}`), filledDb(rawClient.db(filledDbs.raw.databaseName)), options, rawNumbers, server(`raw insertOne, ${label}`)),
        ],
      });
    }

    const call = `${options.batch} checkouts = ${options.batch * APPENDS_PER_CHECKOUT} single-record appends, ${options.batch * 2} at once then ${options.batch}`;
    const rows: Row[] = [];
    const perRound: Record<string, number[]> = {};
    for (const pair of pairs) {
      const measured = await interleave(pair.contenders, pair.rounds);
      const [subject, baseline] = pair.contenders.map((c) => measured.get(c.name) as Measured) as [Measured, Measured];
      const ratio = speedRatio(subject, baseline);
      perRound[subject.name] = [...subject.per_round];
      perRound[baseline.name] = [...baseline.per_round];
      rows.push({
        subject: subject.name,
        baseline: baseline.name,
        unit: 'records/s',
        subject_value: subject.ops_per_s,
        baseline_value: baseline.ops_per_s,
        ratio,
        ratio_means: 'adapter/raw records/s (higher is better)',
        subject_stats: statsOf(subject, call),
        baseline_stats: statsOf(baseline, call),
        target: { text: `>= 0.8 of raw insertOne (${pair.label})`, met: ratio >= 0.8 },
      });
    }
    const reads = Object.entries(checks.commands_per_append)
      .filter(([name]) => name !== 'insert')
      .reduce((sum, [, count]) => sum + count, 0);
    return finish(
      rows,
      {
        server: build.ferretdbVersion ? `FerretDB ${build.ferretdbVersion} (MongoDB wire ${build.version ?? '?'})` : `MongoDB ${build.version ?? '?'}`,
        ...checks,
        fill_seconds: Math.round(fillSeconds * 10) / 10,
        server_cpu_ms_per_append:
          pid === undefined
            ? 'unknown: the server was not started by scripts/services.sh in this run (no EVENTFLOW_RUN_DIR)'
            : Object.fromEntries(Object.entries(cpu).map(([name, { seconds, appends }]) => [name, Math.round((seconds * 1000 * 100) / Math.max(1, appends)) / 100])),
        ops_per_s_per_round: perRound,
      },
      [
        `Each timed call runs ${call}; records are the runtime's checkout records (machine.ts), one per append, as the runtime appends them.`,
        `The raw side inserts the adapter's own document (codec.ts encodeCommit, re-built in mongo-store.ts; check documents_match_adapter) with the same write concern ${JSON.stringify(DURABLE.writeConcern)} into a collection with the same indexes (RECORD_INDEXES/SNAPSHOT_INDEXES; check indexes_match_adapter), and checks nothing.`,
        `Per append the adapter sends ${JSON.stringify(checks.commands_per_append)} commands (raw: ${JSON.stringify(checks.commands_per_raw_insert)}): ${reads} reads before the insert (stored event ids and the stream's last seq, side by side). The event-id read exists for FerretDB, whose unique index on an array compares the whole array (packages/mongodb/README.md); on FerretDB neither read uses an index (every query scans the collection), so their cost grows with the collection: compare the empty and filled rows.`,
        'Every phase writes exactly `iterations` calls (tinybench time 0), so subject and baseline collections hold the same number of commits; the empty pair uses a fresh database per phase, the filled pair one pre-filled database per side that grows by the appends of every phase.',
        'server_cpu_ms_per_append is the FerretDB process\'s user+system CPU (/proc) during each side\'s timed calls, per append: where the adapter\'s time goes (its own process is mostly idle; see README, profile-adapters.ts).',
        'Not measured: markDispatched (2 updates per record that emitted), which the runtime runs after publishing.',
      ],
    );
  } finally {
    await Promise.all([filledDbs.adapter.dropDatabase().catch(() => undefined), filledDbs.raw.dropDatabase().catch(() => undefined)]);
    await Promise.all([adapterClient.close(), rawClient.close(), fillClient.close()]);
  }
}
