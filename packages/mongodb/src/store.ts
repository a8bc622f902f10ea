import {
  ConcurrencyError,
  EventFlowError,
  type AppendResult,
  type Clock,
  type EventStore,
  type ReadOptions,
  type Snapshot,
  type StoredRecord,
} from '@eventflow/core';
import { MongoServerError, MongoServerSelectionError, MongoTopologyClosedError, type MongoClient } from 'mongodb';
import { appendCommits } from './append.ts';
import { decodeCommit, decodeRecord, decodeSnapshot, encodeSnapshot } from './codec.ts';
import { prepareCommit, type CommitOutcome, type PreparedCommit } from './commit.ts';
import { Connection, wrapError } from './connection.ts';
import { resolveOptions, type MongoEventStoreOptions } from './options.ts';
import { DURABLE } from './insert.ts';
import { outboxOrder } from './outbox-order.ts';
import { isClaim, readLastSeq } from './reads.ts';
import { collections, ensureIndexes, probeElementUniqueness, type Collections } from './schema.ts';
import { checkBound, checkId, checkSeq } from './validate.ts';

/** One aggregate's part of a multi-aggregate append: its records carry seq expectedSeq+1, +2, ... */
export interface MongoCommit {
  readonly aggregateId: string;
  readonly expectedSeq: number;
  readonly records: readonly StoredRecord[];
}

/** What became of one commit (`conflict`: the stream's last seq was not expectedSeq; nothing written). */
export interface MongoCommitResult {
  readonly status: 'appended' | 'duplicate' | 'conflict';
  readonly lastSeq: number;
}

/** The MongoDB store implements the port's optional snapshot methods; every method returns a promise. */
export interface MongoEventStore extends EventStore {
  append(aggregateId: string, expectedSeq: number, records: readonly StoredRecord[]): Promise<AppendResult>;
  /**
   * Appends commits of different aggregates in one insert, each atomically and independently: a
   * conflict or duplicate of one never affects the others; results in the same order. A commit
   * mixing stored and new event ids writes nothing and, once the others are written, fails the call
   * with INVALID_APPEND. (The shape of the port's coming `append(commits)`.)
   */
  appendCommits(commits: readonly MongoCommit[]): Promise<MongoCommitResult[]>;
  lastSeq(aggregateId: string): Promise<number>;
  findByEventId(eventId: string): Promise<StoredRecord | undefined>;
  markDispatched(aggregateId: string, seq: number): Promise<void>;
  saveSnapshot(snapshot: Snapshot): Promise<void>;
  loadSnapshot(aggregateId: string, maxSeq?: number): Promise<Snapshot | undefined>;
}

/** How many streams' last seqs the store remembers (most recently used). */
const KNOWN_STREAMS = 10_000;

/**
 * An event store in MongoDB (or any MongoDB-wire server such as FerretDB): one document per append,
 * unique indexes for optimistic concurrency and idempotency, no transactions, no change streams.
 * Connects lazily: the first operation connects and creates the indexes.
 */
export function createMongoEventStore(options: MongoEventStoreOptions): MongoEventStore {
  return new MongoStore(resolveOptions(options));
}

class MongoStore implements MongoEventStore {
  readonly #connection: Connection;
  readonly #database: string;
  readonly #prefix: string;
  readonly #clock: Clock;
  /** The collections of the current client (it changes when an own client is recycled). */
  #target: { readonly client: MongoClient; readonly collections: Collections } | undefined;
  #ready: Promise<void> | undefined;
  #closed = false;
  /** Last seq per stream as this store last wrote or read it (lets a single-record append skip its pre-check). */
  readonly #known = new Map<string, number>();
  /** The server's unique index on `event_ids` rejects any stored id (see probeElementUniqueness). */
  #idsIndexed = false;

  constructor(options: ReturnType<typeof resolveOptions>) {
    this.#connection = new Connection(options);
    this.#database = options.database;
    this.#prefix = options.collectionPrefix;
    this.#clock = options.clock;
  }

  // Every method validates its arguments before any I/O, then runs against the server.

  #know(aggregateId: string, lastSeq: number): void {
    this.#known.delete(aggregateId);
    this.#known.set(aggregateId, lastSeq);
    if (this.#known.size > KNOWN_STREAMS) this.#known.delete(this.#known.keys().next().value as string);
  }

  async append(aggregateId: string, expectedSeq: number, records: readonly StoredRecord[]): Promise<AppendResult> {
    const [outcome] = await this.#appendPrepared([prepareCommit(aggregateId, expectedSeq, records)]);
    if (outcome!.status === 'conflict') throw new ConcurrencyError(aggregateId, expectedSeq, outcome!.lastSeq);
    return outcome as AppendResult;
  }

  async appendCommits(commits: readonly MongoCommit[]): Promise<MongoCommitResult[]> {
    const prepared = commits.map((commit) => prepareCommit(commit.aggregateId, commit.expectedSeq, commit.records));
    const twice = prepared.find((commit, i) => prepared.findIndex((other) => other.aggregateId === commit.aggregateId) !== i);
    if (twice) throw new EventFlowError('INVALID_APPEND', `Cannot append to ${twice.aggregateId}: it has two commits in one call`, { hint: 'Give each aggregate one commit per call, with all its records.' });
    return this.#appendPrepared(prepared);
  }

  /** The work of both append methods: outcomes that are results, or the first caller bug thrown. */
  async #appendPrepared(prepared: readonly PreparedCommit[]): Promise<MongoCommitResult[]> {
    const outcomes = await this.#run('append', ({ documents }) =>
      appendCommits({ records: documents, clock: this.#clock, knownLastSeq: (id) => this.#known.get(id), perElement: this.#idsIndexed }, prepared),
    );
    outcomes.forEach((outcome, i) => {
      if (outcome.status !== 'invalid') this.#know(prepared[i]!.aggregateId, outcome.lastSeq);
    });
    const invalid = outcomes.find((outcome): outcome is Extract<CommitOutcome, { status: 'invalid' }> => outcome.status === 'invalid');
    if (invalid) throw invalid.error;
    return outcomes as MongoCommitResult[];
  }

  async read(aggregateId: string, options: ReadOptions = {}): Promise<StoredRecord[]> {
    const id = checkId('aggregateId', aggregateId);
    const from = Math.max(1, Math.ceil(checkBound('fromSeq', options.fromSeq, 1)));
    const to = Math.floor(checkBound('toSeq', options.toSeq, Number.POSITIVE_INFINITY));
    if (!Number.isFinite(from) || to < from) return this.#run('read', async () => []);
    const filter = { aggregate_id: id, last_seq: { $gte: from }, ...(Number.isFinite(to) ? { first_seq: { $lte: to } } : {}) };
    return this.#run('read', async ({ records }) => {
      const commits = await records.find(filter, { sort: { first_seq: 1 } }).toArray();
      // Read to the end: the last commit's end is the stream's last seq (none from seq 1: empty).
      if (!Number.isFinite(to) && (commits.length > 0 || from === 1)) this.#know(id, commits.at(-1)?.last_seq ?? 0);
      return commits.flatMap((commit) => decodeCommit(commit, (seq) => seq >= from && seq <= to));
    });
  }

  async lastSeq(aggregateId: string): Promise<number> {
    const id = checkId('aggregateId', aggregateId);
    const last = await this.#run('lastSeq', ({ documents }) => readLastSeq(documents, id));
    this.#know(id, last);
    return last;
  }

  async listAggregates(machine?: string): Promise<string[]> {
    const filter = { first_seq: 1, ...(machine === undefined ? {} : { machine: checkId('machine', machine) }) };
    return this.#run('listAggregates', async ({ records }) => {
      const firsts = records.find(filter, { sort: { position: 1, _id: 1 }, projection: { aggregate_id: 1 } });
      return (await firsts.toArray()).map((commit) => commit.aggregate_id);
    });
  }

  async findByEventId(eventId: string): Promise<StoredRecord | undefined> {
    const id = checkId('eventId', eventId);
    return this.#run('findByEventId', async ({ records }) => {
      // On FerretDB the id may also have a claim (codec.ts ClaimDocument), which holds no records.
      const found = await records.find({ event_ids: id }, { projection: { records: 1, claim_for: 1 } }).toArray();
      const commit = found.find((document) => !isClaim(document));
      const entry = commit?.records.find((candidate) => candidate.event_id === id);
      return commit && entry ? decodeRecord(commit, entry) : undefined;
    });
  }

  async undispatched(): Promise<StoredRecord[]> {
    return this.#run('undispatched', async ({ records }) => {
      const projection = { aggregate_id: 1, first_seq: 1, records: 1, outbox_seqs: 1 };
      const commits = await records.find({ dispatched: false }, { sort: { position: 1, _id: 1 }, projection }).toArray();
      return outboxOrder(commits).flatMap((commit) => decodeCommit(commit, (seq) => commit.outbox_seqs.includes(seq)));
    });
  }

  async markDispatched(aggregateId: string, seq: number): Promise<void> {
    const id = checkId('aggregateId', aggregateId);
    checkSeq('seq', seq);
    const where = { aggregate_id: id, first_seq: { $lte: seq }, last_seq: { $gte: seq } };
    return this.#run('markDispatched', async ({ records }) => {
      await records.updateOne({ ...where, outbox_seqs: seq }, { $pull: { outbox_seqs: seq } }, DURABLE);
      // Unconditional, so that calling again completes a call interrupted between the two updates.
      await records.updateOne({ ...where, dispatched: false, outbox_seqs: { $size: 0 } }, { $set: { dispatched: true } }, DURABLE);
    });
  }

  async saveSnapshot(snapshot: Snapshot): Promise<void> {
    checkId('snapshot.aggregate_id', snapshot.aggregate_id);
    checkId('snapshot.machine', snapshot.machine);
    checkSeq('snapshot.seq', snapshot.seq);
    const { _id, ...fields } = encodeSnapshot(snapshot, new Date(this.#clock.now()));
    return this.#run('saveSnapshot', async ({ snapshots }) => {
      const save = () => snapshots.replaceOne({ _id }, fields, { upsert: true, ...DURABLE });
      // Two upserts of the same new _id can race; the loser's retry replaces the winner's document.
      await save().catch((error: unknown) => {
        if (error instanceof MongoServerError && error.code === 11000) return save();
        throw error;
      });
    });
  }

  async loadSnapshot(aggregateId: string, maxSeq?: number): Promise<Snapshot | undefined> {
    const id = checkId('aggregateId', aggregateId);
    const max = Math.floor(checkBound('maxSeq', maxSeq, Number.POSITIVE_INFINITY));
    const filter = { aggregate_id: id, ...(Number.isFinite(max) ? { seq: { $lte: max } } : {}) };
    return this.#run('loadSnapshot', async ({ snapshots }) => {
      if (max < 0) return undefined;
      const latest = await snapshots.findOne(filter, { sort: { seq: -1 } });
      return latest ? decodeSnapshot(latest) : undefined;
    });
  }

  async close(): Promise<void> {
    if (this.#closed) return;
    this.#closed = true;
    await this.#connection.close();
  }

  /** Checks the store is open, connects once, and turns driver errors into EventFlowErrors. */
  async #run<T>(operation: string, body: (target: Collections) => Promise<T>): Promise<T> {
    if (this.#closed) throw new EventFlowError('STORE_CLOSED', `The MongoDB store is closed (${operation}).`);
    const client = this.#connection.client;
    try {
      await this.#prepare();
      return await body(this.#collections(client));
    } catch (error) {
      if (error instanceof MongoTopologyClosedError) this.#ready = undefined;
      if (error instanceof MongoServerSelectionError && this.#connection.recycle(client)) this.#ready = undefined;
      throw wrapError(this.#connection, operation, error);
    }
  }

  #collections(client: MongoClient): Collections {
    if (this.#target?.client !== client) this.#target = { client, collections: collections(client.db(this.#database), this.#prefix) };
    return this.#target.collections;
  }

  /**
   * Connects and creates the indexes, once. `connect()` is explicit because the driver's implicit
   * connect, once failed, leaves the client closed: every later operation fails with "Topology is
   * closed" even after the server is back. A failed attempt is forgotten, so the next call retries.
   */
  #prepare(): Promise<void> {
    const client = this.#connection.client;
    this.#ready ??= (async () => {
      await client.connect();
      await ensureIndexes(this.#collections(client));
      this.#idsIndexed = await probeElementUniqueness(client.db(this.#database), this.#prefix);
    })().catch((error: unknown) => {
      this.#ready = undefined;
      throw error;
    });
    return this.#ready;
  }
}
