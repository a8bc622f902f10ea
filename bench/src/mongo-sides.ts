// The two sides of the mongo-store benchmark, the store and the raw driver writing the same
// documents with the same write concern into a collection with the same indexes, and the timed
// call both run: checkouts whose first records (order and payment, new streams) are written
// together, then their second records (order seq 2).
import type { StoredRecord } from '@eventflow/core';
import { createMongoEventStore, type CommitDocument, type MongoEventStore, type OutboxDocument } from '@eventflow/mongodb';
import type { Collection, Db, MongoClient } from 'mongodb';
import { checkoutRecords } from './machine.ts';
import { commitDocument, createAdapterIndexes, DURABLE, OUTBOX, outboxDocuments, PREFIX, RECORDS } from './mongo-documents.ts';
import { indexEventFlowStore } from './postgres-indexes.ts';
import type { Contender } from './rounds.ts';

/** One commit: an aggregate's records, at the seq the stream is expected to be at. */
export interface Append {
  readonly expectedSeq: number;
  readonly records: readonly StoredRecord[];
}

/** One way of writing commits. */
export interface Side {
  readonly name: string;
  /** Untimed: a database ready for writes (indexes created, connected). */
  open(db: Db): Promise<void>;
  write(appends: readonly Append[]): Promise<void>;
  close(): Promise<void>;
}

/** `one`: a call per commit, all at once (as concurrent runtime handlers append); `many`: one call for all. */
export type Mode = 'one' | 'many';

export function adapterSide(client: MongoClient, name: string, mode: Mode): Side {
  let store: MongoEventStore | undefined;
  const check = (aggregateId: string, status: string) => {
    if (status !== 'appended') throw new Error(`${name}: ${aggregateId} came back ${status}`);
  };
  return {
    name,
    open: async (db) => {
      store = createMongoEventStore({ client, database: db.databaseName, collectionPrefix: PREFIX });
      await store.loadSnapshot('warm-up'); // connects, creates the indexes and reads only the empty snapshots collection, untimed
      await indexEventFlowStore(db.databaseName, PREFIX);
    },
    write: async (appends) => {
      const open = store as MongoEventStore;
      const commits = appends.map(({ expectedSeq, records }) => ({ aggregateId: records[0]!.aggregate_id, expectedSeq, records }));
      if (mode === 'many') (await open.append(commits)).forEach((result, i) => check(commits[i]!.aggregateId, result.status));
      else await Promise.all(commits.map(async (c) => check(c.aggregateId, (await open.append([c]))[0]!.status)));
    },
    close: async () => {
      await store?.close();
      store = undefined;
    },
  };
}

/**
 * The store's own documents, checking nothing: per commit its outbox entries (when its records emit)
 * then the commit, as the store writes them; by insertOne/insertMany per commit (`one`) or one
 * unordered insertMany of all entries then one of all commits (`many`).
 */
export function rawSide(name: string, mode: Mode): Side {
  let collections: { records: Collection<CommitDocument>; outbox: Collection<OutboxDocument> } | undefined;
  return {
    name,
    open: async (db) => {
      await createAdapterIndexes(db);
      collections = { records: db.collection<CommitDocument>(RECORDS, { readPreference: 'primary' }), outbox: db.collection<OutboxDocument>(OUTBOX, { readPreference: 'primary' }) };
    },
    write: async (appends) => {
      const { records, outbox } = collections!;
      const commits = appends.map((append) => ({ commit: commitDocument(append.records), records: append.records }));
      const entriesOf = ({ commit, records: stored }: (typeof commits)[number]) => outboxDocuments(commit, stored);
      if (mode === 'many') {
        const entries = commits.flatMap(entriesOf);
        if (entries.length > 0) await outbox.insertMany(entries, { ordered: false, ...DURABLE });
        await records.insertMany(commits.map(({ commit }) => commit), { ordered: false, ...DURABLE });
      } else {
        await Promise.all(
          commits.map(async (one) => {
            const entries = entriesOf(one);
            if (entries.length === 1) await outbox.insertOne(entries[0]!, DURABLE);
            else if (entries.length > 1) await outbox.insertMany(entries, { ordered: false, ...DURABLE });
            await records.insertOne(one.commit, DURABLE);
          }),
        );
      }
    },
    close: async () => {
      collections = undefined;
    },
  };
}

/**
 * Where a phase writes: a fresh database, whose commits are counted after the phase, or the
 * pre-filled one, which is not (on FerretDB counting or looking up a document reads the whole
 * collection: minutes at a million). Every write is checked anyway: the store's results must be
 * `appended`, and the raw inserts are acknowledged by a majority.
 */
export interface PhaseDb {
  acquire(): Promise<Db>;
  release(db: Db): Promise<void>;
  readonly count: boolean;
}

export function freshDbs(client: MongoClient, base: string): PhaseDb {
  let n = 0;
  return { acquire: async () => client.db(`${base}_${n++}`), release: async (db) => void (await db.dropDatabase()), count: true };
}

export function filledDb(db: Db): PhaseDb {
  return { acquire: async () => db, release: async () => undefined, count: false };
}

/** What one timed call writes for checkouts base..base+n-1: single-record commits (`checkout`) or two-record ones (`order`). */
export type Shape = 'checkout' | 'two-record';

function callAppends(shape: Shape, base: number, n: number): Append[][] {
  const checkouts = Array.from({ length: n }, (_, i) => checkoutRecords(base + i));
  if (shape === 'two-record') return [checkouts.map(([order1, , order2]) => ({ expectedSeq: 0, records: [order1, order2] }))];
  return [
    checkouts.flatMap(([order1, payment1]) => [order1, payment1].map((record) => ({ expectedSeq: 0, records: [record] }))),
    checkouts.map(([, , order2]) => ({ expectedSeq: 1, records: [order2] })),
  ];
}

/** Records written per timed call. */
export function recordsPerCall(shape: Shape, checkouts: number): number {
  return checkouts * (shape === 'two-record' ? 2 : 3);
}

/** CPU the server spent during a contender's timed calls, when its processes are known. */
export interface ServerCpu {
  seconds: number;
  records: number;
}

export function appendContender(side: Side, dbs: PhaseDb, shape: Shape, checkouts: number, numbers: { next: number }, cpu: { read: () => number | undefined; spent: ServerCpu }): Contender {
  let db: Db | undefined;
  let expected = 0;
  return {
    name: side.name,
    opsPerCall: recordsPerCall(shape, checkouts),
    beforeAll: async () => {
      db = await dbs.acquire();
      await side.open(db);
      expected = dbs.count ? await db.collection(RECORDS).countDocuments({ aggregate_id: { $exists: true } }) : 0;
    },
    fn: async () => {
      const before = cpu.read();
      const base = numbers.next;
      numbers.next += checkouts;
      const calls = callAppends(shape, base, checkouts);
      for (const appends of calls) await side.write(appends);
      expected += calls.reduce((sum, appends) => sum + appends.length, 0);
      const after = cpu.read();
      if (before !== undefined && after !== undefined) {
        cpu.spent.seconds += after - before;
        cpu.spent.records += recordsPerCall(shape, checkouts);
      }
    },
    afterAll: async () => {
      const done = db as Db;
      db = undefined;
      // Untimed: every commit of the phase is stored (claims, where the store writes them, are not counted).
      const stored = dbs.count ? await done.collection(RECORDS).countDocuments({ aggregate_id: { $exists: true } }) : expected;
      await side.close();
      await dbs.release(done);
      if (stored !== expected) throw new Error(`${side.name}: ${stored} commits stored, expected ${expected}`);
    },
  };
}
