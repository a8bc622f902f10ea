// 5. MongoDB store: records/s of `@eventflow/mongodb` appending the runtime's checkout records against
// the raw `mongodb` driver inserting the same documents (same write concern, same indexes, no checks),
// on the real server of EVENTFLOW_MONGO_URL (FerretDB 1.24 on PostgreSQL here): one call per commit
// (`append` vs `insertOne`) on an empty collection and on collections holding 400 and 1,000,000
// records; many aggregates' commits in one call (`append` of many commits vs an unordered `insertMany`); and
// two-record commits, for which the store also writes claims on FerretDB (packages/mongodb README).
// Both sides of a pair write the same number of commits per phase (fixed iterations).
import { MongoClient } from 'mongodb';
import { verify } from './mongo-checks.ts';
import { DURABLE, fill } from './mongo-documents.ts';
import { adapterSide, appendContender, filledDb, freshDbs, rawSide, recordsPerCall, type Mode, type PhaseDb, type ServerCpu, type Shape, type Side } from './mongo-sides.ts';
import { startResult, statsOf, type BenchResult, type Row, type Scale } from './report.ts';
import { interleave, speedRatio, type Contender, type Measured, type RoundOptions } from './rounds.ts';
import { mongoServerCpuSeconds, mongoUrl, runName } from './servers.ts';

export interface MongoStoreOptions extends RoundOptions {
  /** Checkouts per timed call (see mongo-sides.ts callAppends). */
  readonly batch: number;
  /** Filled pairs, smallest first: one database is filled up to each size in turn, with its own rounds. */
  readonly filled: readonly ({ readonly records: number } & RoundOptions)[];
}

// time 0: every phase runs exactly `iterations` calls, so subject and baseline write the same commits.
// Many one-call rounds: on a shared machine the load moves within seconds, and each round pairs a
// subject call with a baseline call run right next to it (the ratio is the median over rounds).
const FILLED_ROUNDS = { time: 0, warmupTime: 0, iterations: 1, warmupIterations: 1 };
export const MONGO_STORE: Record<Scale, MongoStoreOptions> = {
  full: {
    rounds: 41, time: 0, warmupTime: 0, iterations: 1, warmupIterations: 1, batch: 10,
    filled: [{ records: 400, rounds: 21, ...FILLED_ROUNDS }, { records: 1_000_000, rounds: 41, ...FILLED_ROUNDS }],
  },
  quick: {
    rounds: 3, time: 0, warmupTime: 0, iterations: 2, warmupIterations: 1, batch: 10,
    filled: [{ records: 100, rounds: 1, ...FILLED_ROUNDS }, { records: 10_000, rounds: 2, ...FILLED_ROUNDS }],
  },
  tiny: {
    rounds: 1, time: 0, warmupTime: 0, iterations: 2, warmupIterations: 0, batch: 2,
    filled: [{ records: 30, rounds: 1, ...FILLED_ROUNDS, iterations: 1 }],
  },
};

interface Pair {
  readonly label: string;
  readonly baseline: string;
  readonly shape: Shape;
  readonly rounds: RoundOptions;
  readonly contenders: readonly [Contender, Contender];
}

export async function runMongoStore(scale: Scale = 'full'): Promise<BenchResult> {
  const options = MONGO_STORE[scale];
  const url = mongoUrl();
  const finish = startResult('mongo-store', 'MongoDB store append vs raw driver insertOne / insertMany (real server)', scale, { ...options, write_concern: DURABLE.writeConcern });
  const base = runName('mongo');
  // One client per side, same options; the store is given its client (`client:`), as an app that shares one would.
  const clientOptions = { serverSelectionTimeoutMS: 10_000, connectTimeoutMS: 10_000 };
  const adapterClient = new MongoClient(url, clientOptions);
  const rawClient = new MongoClient(url, clientOptions);
  const filledName = `${base}_filled`;
  const cpu: Record<string, ServerCpu> = {};
  const meter = (name: string) => ({ read: mongoServerCpuSeconds, spent: (cpu[name] = { seconds: 0, records: 0 }) });
  // Each side counts its own checkout numbers: in the empty pairs from the same value (separate
  // databases), in the filled pairs from different ones (they share the database).
  const pair = (label: string, baseline: string, shape: Shape, mode: Mode, dbs: [PhaseDb, PhaseDb], numbers: [number, number], rounds: RoundOptions): Pair => {
    const sides: [Side, Side] = [adapterSide(adapterClient, label, mode), rawSide(baseline, mode)];
    const contenders = sides.map((side, i) => appendContender(side, dbs[i]!, shape, options.batch, { next: numbers[i]! }, meter(side.name))) as [Contender, Contender];
    return { label, baseline, shape, rounds, contenders };
  };
  try {
    await Promise.all([adapterClient.connect(), rawClient.connect()]);
    const build = (await rawClient.db('admin').command({ buildInfo: 1 })) as { version?: string; ferretdbVersion?: string };
    const checks = await verify(url, base);
    const fresh = (tag: string): [PhaseDb, PhaseDb] => [freshDbs(adapterClient, `${base}_${tag}a`), freshDbs(rawClient, `${base}_${tag}r`)];
    const pairs: Pair[] = [
      pair('@eventflow/mongodb append', 'raw insertOne of the same documents', 'checkout', 'one', fresh('e'), [0, 0], options),
      pair('@eventflow/mongodb append of many commits', 'raw insertMany (unordered) of the same documents', 'checkout', 'many', fresh('b'), [0, 0], options),
      pair('@eventflow/mongodb append, two-record commits', 'raw insertOne of the same documents', 'two-record', 'one', fresh('t'), [0, 0], options),
    ];
    const rows: Row[] = [];
    const perRound: Record<string, number[]> = {};
    const measure = async (p: Pair, targetLabel: string) => {
      const measured = await interleave(p.contenders, p.rounds);
      const [subject, baseline] = p.contenders.map((c) => measured.get(c.name) as Measured) as [Measured, Measured];
      const ratio = speedRatio(subject, baseline);
      perRound[subject.name] = [...subject.per_round];
      perRound[baseline.name] = [...baseline.per_round];
      const call = describeCall(p.shape, options.batch, p.label.includes('many commits'));
      rows.push({
        subject: subject.name, baseline: baseline.name, unit: 'records/s', subject_value: subject.ops_per_s, baseline_value: baseline.ops_per_s, ratio,
        ratio_means: 'adapter/raw records/s (higher is better)', subject_stats: statsOf(subject, call), baseline_stats: statsOf(baseline, call),
        target: { text: `>= 0.8 of ${p.baseline} (${targetLabel})`, met: ratio >= 0.8 },
      });
    };
    for (const p of pairs) await measure(p, 'empty collection per phase');

    const fills: Record<string, number> = {};
    let filledTo = 0;
    for (const [k, size] of options.filled.entries()) {
      const started = performance.now();
      await fill(rawClient.db(filledName), size.records - filledTo, { next: 2_000_000_000 + filledTo });
      filledTo = size.records;
      const label = `${size.records.toLocaleString('en-US')} records stored`;
      fills[label] = Math.round((performance.now() - started) / 100) / 10;
      const dbs: [PhaseDb, PhaseDb] = [filledDb(adapterClient.db(filledName)), filledDb(rawClient.db(filledName))];
      const numbers: [number, number] = [3_000_000_000 + k * 10_000_000, 3_500_000_000 + k * 10_000_000];
      await measure(pair(`@eventflow/mongodb append, ${label}`, `raw insertOne of the same documents, ${label}`, 'checkout', 'one', dbs, numbers, size), label);
    }
    return finish(
      rows,
      {
        server: build.ferretdbVersion ? `FerretDB ${build.ferretdbVersion} (MongoDB wire ${build.version ?? '?'})` : `MongoDB ${build.version ?? '?'}`,
        ...checks,
        fill_seconds: fills,
        server_cpu_ms_per_record:
          mongoServerCpuSeconds() === undefined
            ? 'unknown: the server was not started by scripts/services.sh in this run (no EVENTFLOW_RUN_DIR)'
            : Object.fromEntries(Object.entries(cpu).map(([name, { seconds, records }]) => [name, Math.round((seconds * 1000 * 100) / Math.max(1, records)) / 100])),
        ops_per_s_per_round: perRound,
      },
      notes(options.batch, checks),
    );
  } finally {
    await rawClient.db(filledName).dropDatabase().catch(() => undefined);
    await Promise.all([adapterClient.close(), rawClient.close()]);
  }
}

function describeCall(shape: Shape, checkouts: number, batched: boolean): string {
  if (shape === 'two-record') return `${checkouts} two-record commits (${recordsPerCall(shape, checkouts)} records) of new streams, all at once`;
  const how = batched ? 'one call' : 'one call per commit, all at once';
  return `${checkouts} checkouts = ${recordsPerCall(shape, checkouts)} single-record commits: ${checkouts * 2} new streams (${how}), then ${checkouts} second records (${how})`;
}

function notes(checkouts: number, checks: Awaited<ReturnType<typeof verify>>): string[] {
  return [
    `Each timed call writes ${describeCall('checkout', checkouts, false)}; records are the runtime's checkout records (machine.ts).`,
    `The raw side writes the store's own documents (codec.ts encodeCommit and outbox.ts outboxEntries, rebuilt in mongo-documents.ts; check documents_match_adapter): for a commit whose records emit, its outbox entries first, then the commit, as the store does, with the same write concern ${JSON.stringify(DURABLE.writeConcern)} into a collection with the same indexes (check indexes_match_adapter), and checks nothing.`,
    `Per append at a known stream position the store sends ${JSON.stringify(checks.commands_per_append)} (raw: ${JSON.stringify(checks.commands_per_raw_insert)}); one append call of several aggregates sends ${JSON.stringify(checks.commands_per_batch_call)}. Idempotency and the expected seq are checked by the unique indexes the insert goes through; a refused insert is read back (not measured here: no refusals happen).`,
    `A two-record commit is ${checks.documents_per_two_record_commit} document(s): on FerretDB, whose unique index on an array compares whole arrays, the commit claims each of its event ids in the same ordered insert; the raw baseline inserts the commit document alone.`,
    'The filled pairs append into one database holding at least that many single-record commits, shared by both sides (different aggregate ids), so they write into the same collection; it is filled once up to each size in turn (fill_seconds, untimed). Their phases are not counted afterwards (counting or looking up a document reads the whole collection on FerretDB); every store result must be `appended` and every raw insert is acknowledged.',
    'server_cpu_ms_per_record: CPU of the FerretDB process and of the PostgreSQL server it stores into (with its connection processes), during each side\'s timed calls, per record.',
    'Not measured here: reads. On FerretDB 1.x over PostgreSQL both sides carry the PostgreSQL-side GIN indexes of packages/mongodb/ferretdb/postgresql-indexes.sql (FerretDB\'s own serve no read), so inserts pay for them on both sides; MongoDB serves each of the store\'s queries from its own indexes (queries.int.test.ts explains them on the server under test).',
  ];
}
