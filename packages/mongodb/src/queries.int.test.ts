// What the store sends, captured from the driver's command events and checked on the server the
// tests run: an append at a known stream position is one insert of its commits and no read, also
// for many aggregates at once (plus one insert of outbox entries when records emit); every query (reads, the outbox, snapshots, the rare paths of an append) is
// explained there. On MongoDB each must be served by an index (no COLLSCAN). On FerretDB 1.x over
// PostgreSQL, each must be served by the PostgreSQL-side indexes of ferretdb/postgresql-indexes.sql
// (FerretDB's own cannot serve its SQL; README "Indexes"), created with psql as a user would.
import { MongoClient, type Document } from 'mongodb';
import { afterAll, describe, expect, test } from 'vitest';
import { encodeCommit, type CommitDocument, type OutboxDocument } from './codec.ts';
import type { MongoEventStore } from './index.ts';
import { appendOne, mongoUrl, useMongo } from './test-support/mongo.ts';
import { explain, queriesOf, type Plan, type SentQuery } from './test-support/plans.ts';
import { ferretdbPostgresUrl, indexOnPostgres } from './test-support/postgres-indexes.ts';
import { batch, record, snapshot } from './test-support/records.ts';

const mongo = useMongo();
const events: { database: string; name: string; command: Document }[] = [];
let monitored: MongoClient | undefined;

function client(): MongoClient {
  if (monitored) return monitored;
  monitored = new MongoClient(mongoUrl(), { monitorCommands: true, serverSelectionTimeoutMS: 10_000 });
  monitored.on('commandStarted', (event) => events.push({ database: event.databaseName, name: event.commandName, command: event.command }));
  return monitored;
}
afterAll(async () => {
  await monitored?.close();
});

/** The commands `work` made the store send to its database. */
async function sent(database: string, work: () => Promise<unknown>): Promise<{ name: string; command: Document }[]> {
  events.length = 0;
  await work();
  return events.filter((event) => event.database === database);
}

const isOutboxRead = (query: SentQuery) => query.command === 'find' && query.collection === 'eventflow_outbox' && Object.keys(query.filter).length === 0;

/** A store on the monitored client, connected (indexes created, server probed) before anything is captured. */
async function freshStore(): Promise<{ store: MongoEventStore; database: string }> {
  const { store, database } = mongo.fresh({ client: client() });
  await store.loadSnapshot('warm-up');
  return { store, database };
}

describe('what an append sends', () => {
  test('an append at a known stream position is one insert and no read (two when records emit: the outbox entries first)', async () => {
    const { store, database } = await freshStore();
    const inserts = async (work: () => Promise<unknown>) => (await sent(database, work)).map((event) => `${event.name} ${event.command.insert}`);
    expect(await inserts(() => appendOne(store, 'order-1', 0, batch('order-1', 0, ['e1'])))).toEqual(['insert eventflow_records']);
    expect(await inserts(() => appendOne(store, 'order-1', 1, batch('order-1', 1, ['e2'], 1)))).toEqual(['insert eventflow_outbox', 'insert eventflow_records']);
    expect(await inserts(() => appendOne(store, 'order-1', 2, batch('order-1', 2, ['e3', 'e4', 'e5'])))).toEqual(['insert eventflow_records']);
    expect((await store.read('order-1')).map((r) => r.event_id)).toEqual(['e1', 'e2', 'e3', 'e4', 'e5']);
  });

  test('commits of many aggregates go in one insert, also multi-record ones', async () => {
    const { store, database } = await freshStore();
    await appendOne(store, 'order-0', 0, batch('order-0', 0, ['a0']));
    const commits = Array.from({ length: 6 }, (_, i) => {
      const id = `order-${i}`;
      const from = i === 0 ? 1 : 0;
      return { aggregateId: id, expectedSeq: from, records: batch(id, from, i % 2 === 0 ? [`b${i}`] : [`b${i}`, `c${i}`]) };
    });
    const commands = await sent(database, () => store.append(commits));
    expect(commands.map((event) => event.name)).toEqual(['insert']);
    expect(await store.listAggregates()).toEqual(commits.map((commit) => commit.aggregateId));
  });

  test('a store that has not seen the stream reads its last seq once before the insert', async () => {
    const { store, database } = await freshStore();
    await appendOne(store, 'order-1', 0, batch('order-1', 0, ['e1']));
    const other = mongo.fresh({ client: client(), database });
    await other.store.loadSnapshot('warm-up');
    const commands = await sent(database, () => appendOne(other.store, 'order-1', 1, batch('order-1', 1, ['e2'])));
    expect(commands.map((event) => event.name)).toEqual(['find', 'insert']);
  });
});

describe('what a read tells an append', () => {
  test('a read that ends before its bound knows where the stream ends: the next append is one insert', async () => {
    const { store, database } = await freshStore();
    await appendOne(store, 'order-1', 0, batch('order-1', 0, ['r1', 'r2']));
    const other = mongo.fresh({ client: client(), database });
    await other.store.loadSnapshot('warm-up');
    expect((await other.store.read('order-1', { toSeq: 16 })).map((r) => r.seq)).toEqual([1, 2]);
    const commands = await sent(database, () => appendOne(other.store, 'order-1', 2, batch('order-1', 2, ['r3'])));
    expect(commands.map((event) => event.name)).toEqual(['insert']);
  });

  test('a read that reaches its bound does not: the stream may go on, so the next append reads first', async () => {
    const { store, database } = await freshStore();
    await appendOne(store, 'order-1', 0, batch('order-1', 0, ['s1', 's2', 's3']));
    const other = mongo.fresh({ client: client(), database });
    await other.store.loadSnapshot('warm-up');
    expect((await other.store.read('order-1', { toSeq: 2 })).map((r) => r.seq)).toEqual([1, 2]);
    const commands = await sent(database, () => appendOne(other.store, 'order-1', 3, batch('order-1', 3, ['s4'])));
    expect(commands.map((event) => event.name)).toEqual(['find', 'insert']);
  });
});

describe('what marking dispatched sends', () => {
  test('the marks of a batch appended in one call are one delete of its outbox entries, also for multi-record commits', async () => {
    const { store, database } = await freshStore();
    const commits = Array.from({ length: 8 }, (_, i) => ({ aggregateId: `order-${i}`, expectedSeq: 0, records: batch(`order-${i}`, 0, i % 2 === 0 ? [`m${i}`] : [`m${i}`, `n${i}`], 1) }));
    await store.append(commits);
    const marks = commits.flatMap((commit) => commit.records.map((record) => ({ aggregateId: record.aggregate_id, seq: record.seq })));
    const commands = await sent(database, () => store.markDispatched(marks));
    expect(commands.map((event) => `${event.name} ${event.command.delete}`)).toEqual(['delete eventflow_outbox']);
    expect(await store.undispatched()).toEqual([]);
  });
});

describe('every query the store sends', () => {
  test('is served by an index: the store\'s own on MongoDB, the PostgreSQL-side ones on FerretDB 1.x', async () => {
    const { store, database } = await freshStore();
    const postgres = ferretdbPostgresUrl();
    if (postgres) await indexOnPostgres(postgres, database);
    // A long dispatched stream besides the queried ones: on a table of a few pages a scan is the
    // planner's right choice, so the plans would say nothing about a production collection.
    const filler = Array.from({ length: 2000 }, (_, i) => encodeCommit(batch('filler', i, [`f${i}`]), new Date(), i));
    for (let i = 0; i < filler.length; i += 500) await client().db(database).collection<CommitDocument>('eventflow_records').insertMany(filler.slice(i, i + 500));
    // The same for the outbox: 20 commits of 100 records each waiting (a transport down for a while).
    const waiting = Array.from({ length: 20 }, (_, k) => ({
      ...encodeCommit(batch(`waiting-${k}`, 0, Array.from({ length: 100 }, (_, i) => `w${k}-${i}`), 1), new Date(), k),
      append_call: 'fill.1',
    }));
    await client().db(database).collection<CommitDocument>('eventflow_records').insertMany(waiting);
    const entries = waiting.flatMap((commit) =>
      commit.records.map(({ seq }) => ({ _id: `fill.1/${seq}:${commit.aggregate_id}`, call: 'fill.1', commit: commit._id, aggregate_id: commit.aggregate_id, seq, written_at: new Date() })),
    );
    await client().db(database).collection<OutboxDocument>('eventflow_outbox').insertMany(entries);
    for (let n = 0; n < 20; n++) await appendOne(store, `order-${n}`, 0, batch(`order-${n}`, 0, [`x${n}`, `y${n}`], 1));
    const stale = mongo.fresh({ client: client(), database }).store;
    await stale.loadSnapshot('warm-up');
    const operations: [string, () => Promise<unknown>][] = [
      ['append at an unseen position', () => appendOne(stale, 'order-1', 2, batch('order-1', 2, ['z1']))],
      ['append refused: conflict', () => appendOne(store, 'order-2', 0, batch('order-2', 0, ['z2'])).catch(() => undefined)],
      ['append refused: duplicate', () => appendOne(store, 'order-3', 2, [record('order-3', 3, 'x3')])],
      ['read', () => store.read('order-4')],
      ['read a range', () => store.read('order-4', { fromSeq: 2, toSeq: 2 })],
      ['listAggregates', () => store.listAggregates()],
      ['listAggregates of a machine', () => store.listAggregates({ machine: '@order' })],
      ['listAggregates, a page after an id', () => store.listAggregates({ machine: '@order', after: 'order-5', limit: 3 })],
      ['findByEventId', () => store.findByEventId('y6')],
      ['undispatched', () => store.undispatched()],
      ['markDispatched', () => store.markDispatched([{ aggregateId: 'order-7', seq: 2 }])],
      ['markDispatched of records another store appended', () => stale.markDispatched([{ aggregateId: 'order-9', seq: 1 }, { aggregateId: 'order-9', seq: 2 }])],
      ['markDispatched of part of a commit', () => store.markDispatched([{ aggregateId: 'order-10', seq: 1 }])],
      ['saveSnapshot', () => store.saveSnapshot(snapshot('order-8', 2))],
      ['loadSnapshot', () => store.loadSnapshot('order-8')],
      ['loadSnapshot at a seq', () => store.loadSnapshot('order-8', 1)],
    ];
    const db = client().db(database);
    const verdicts: string[] = [];
    let server: Plan['server'] | undefined;
    for (const [label, work] of operations) {
      const queries = (await sent(database, work)).flatMap((event) => queriesOf(event.command));
      expect(queries.length, `${label} sends at least one query`).toBeGreaterThan(0);
      for (const query of queries) {
        const plan = await explain(db, query);
        server = plan.server;
        // Every entry of the outbox collection is part of the outbox query's answer: it is read whole.
        if (isOutboxRead(query)) continue;
        if (!plan.indexed) verdicts.push(`${label}: ${query.command} ${JSON.stringify(query.filter)} -> ${plan.server} ${plan.stages.join(' > ')} (pushdown ${plan.pushedDown})`);
      }
    }
    expect(server, 'FerretDB on SQLite evaluates every filter itself after reading the whole collection: run the tests on the pg backend (scripts/services/README.md)').not.toBe('ferretdb-sqlite');
    if (server === 'ferretdb-postgresql') expect(postgres, 'FerretDB runs on PostgreSQL but EVENTFLOW_FERRETDB_POSTGRES_URL does not say where: the PostgreSQL-side indexes could not be created').toBeDefined();
    expect(verdicts, 'queries not served as this server can best serve them').toEqual([]);
  });
});
