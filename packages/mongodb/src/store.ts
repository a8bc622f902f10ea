// The MongoDB event store: the port's members over one records collection (commits and claims), one
// outbox collection and one snapshots collection. Appending is append.ts; reading back why a commit
// was refused is refusal.ts; the outbox is outbox.ts (and legacy-outbox.ts), marking it marks.ts.
import {
  EventFlowError,
  type Clock,
  type Commit,
  type CommitResult,
  type EventStore,
  type ListOptions,
  type ReadOptions,
  type RecordRef,
  type Snapshot,
  type StoredRecord,
} from '@eventflow/core';
import { MongoServerError, MongoServerSelectionError, MongoTopologyClosedError, type MongoClient } from 'mongodb';
import { appendCommits } from './append.ts';
import { invalidAppend } from './batch.ts';
import { decodeCommit, decodeRecord, decodeSnapshot, encodeSnapshot } from './codec.ts';
import { prepareCommit, type CommitOutcome, type PreparedCommit } from './commit.ts';
import { Connection, wrapError } from './connection.ts';
import { resolveOptions, type MongoEventStoreOptions } from './options.ts';
import { DURABLE } from './insert.ts';
import { readLegacy } from './legacy-outbox.ts';
import { markDispatched, OutboxCalls } from './marks.ts';
import { readEntries } from './outbox.ts';
import { nextPosition } from './position.ts';
import { outboxOrder } from './outbox-order.ts';
import { isClaim } from './reads.ts';
import { collections, ensureIndexes, probeElementUniqueness, type Collections } from './schema.ts';
import { checkBound, checkId, checkSeq } from './validate.ts';

/** The MongoDB store implements the port's optional snapshot methods. */
export interface MongoEventStore extends EventStore {
  saveSnapshot(snapshot: Snapshot): Promise<void>;
  loadSnapshot(aggregateId: string, maxSeq?: number): Promise<Snapshot | undefined>;
}

/** No aggregate in two commits of one call, no event id twice: checked before any I/O. */
function noRepeats(prepared: readonly PreparedCommit[]): void {
  const aggregates = new Set<string>();
  const ids = new Set<string>();
  for (const { aggregateId, eventIds } of prepared) {
    if (aggregates.has(aggregateId)) throw invalidAppend(aggregateId, 'the aggregate appears in two commits of one append');
    aggregates.add(aggregateId);
    for (const id of eventIds) {
      if (ids.has(id)) throw invalidAppend(aggregateId, `event id ${id} appears twice`);
      ids.add(id);
    }
  }
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
  /** The append call of the outbox records this store wrote or read (marks.ts). */
  readonly #outboxCalls = new OutboxCalls();
  /** Makes this store's append calls unique among all writers: `<writer>.<position>`. */
  readonly #writer = Math.random().toString(36).slice(2, 10);
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

  /**
   * All commits go to the server in one insert (append.ts): a commit at a position this store knows
   * costs no read. A commit mixing stored and new event ids is only seen when the server refuses it:
   * it writes nothing, and once the others are written the call fails with INVALID_APPEND.
   */
  async append(commits: readonly Commit[]): Promise<CommitResult[]> {
    const prepared = commits.map((commit) => prepareCommit(commit.aggregateId, commit.expectedSeq, commit.records));
    noRepeats(prepared);
    const call = `${this.#writer}.${nextPosition(this.#clock.now())}`;
    const outcomes = await this.#run('append', ({ documents, outbox }) =>
      appendCommits({ records: documents, outbox, clock: this.#clock, knownLastSeq: (id) => this.#known.get(id), perElement: this.#idsIndexed, call }, prepared),
    );
    outcomes.forEach((outcome, i) => {
      const { aggregateId, outboxSeqs } = prepared[i]!;
      if (outcome.status !== 'invalid') this.#know(aggregateId, outcome.lastSeq);
      if (outcome.status === 'appended' && outboxSeqs.length > 0) this.#outboxCalls.note(aggregateId, outboxSeqs, call);
    });
    const invalid = outcomes.find((outcome): outcome is Extract<CommitOutcome, { status: 'invalid' }> => outcome.status === 'invalid');
    if (invalid) throw invalid.error;
    return outcomes as CommitResult[];
  }

  async read(aggregateId: string, options: ReadOptions = {}): Promise<StoredRecord[]> {
    const id = checkId('aggregateId', aggregateId);
    const from = Math.max(1, Math.ceil(checkBound('fromSeq', options.fromSeq, 1)));
    const to = Math.floor(checkBound('toSeq', options.toSeq, Number.POSITIVE_INFINITY));
    if (!Number.isFinite(from) || to < from) return this.#run('read', async () => []);
    const filter = { aggregate_id: id, last_seq: { $gte: from }, ...(Number.isFinite(to) ? { first_seq: { $lte: to } } : {}) };
    return this.#run('read', async ({ records }) => {
      const commits = await records.find(filter, { sort: { first_seq: 1 } }).toArray();
      // The stream ends within the range when its last commit ends before `to` (a later commit would
      // start at or before `to`, and be in the answer): then that end is the stream's last seq. None
      // from seq 1: the stream is empty. (A cold load reads an instance's first records this way.)
      const last = commits.at(-1)?.last_seq;
      if ((last ?? 0) < to && (last !== undefined || from === 1)) this.#know(id, last ?? 0);
      return commits.flatMap((commit) => decodeCommit(commit, (seq) => seq >= from && seq <= to));
    });
  }

  async listAggregates(options: ListOptions = {}): Promise<string[]> {
    const machine = options.machine === undefined ? undefined : checkId('machine', options.machine);
    const after = options.after === undefined ? undefined : checkId('after', options.after);
    const limit = options.limit === undefined ? 0 : Math.max(0, Math.floor(checkBound('limit', options.limit, 0)));
    if (options.limit !== undefined && limit === 0) return this.#run('listAggregates', async () => []);
    return this.#run('listAggregates', async ({ records }) => {
      const filter: Record<string, unknown> = { first_seq: 1, ...(machine === undefined ? {} : { machine }) };
      if (after !== undefined) {
        const start = await records.findOne({ aggregate_id: after, first_seq: 1 }, { projection: { position: 1 } });
        if (start === null) return [];
        filter['$or'] = [{ position: { $gt: start.position } }, { position: start.position, _id: { $gt: start._id } }];
      }
      const firsts = records.find(filter, { sort: { position: 1, _id: 1 }, projection: { aggregate_id: 1 }, limit });
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

  async undispatched(options: { readonly limit?: number } = {}): Promise<StoredRecord[]> {
    const limit = options.limit === undefined ? undefined : Math.max(0, Math.floor(checkBound('limit', options.limit, 0)));
    return this.#run('undispatched', async ({ records, outbox }) => {
      const [legacy, current] = await Promise.all([readLegacy(records), readEntries(records, outbox, this.#clock.now())]);
      for (const { commit, seqs, call } of current) this.#outboxCalls.note(commit.aggregate_id, seqs, call!);
      const byPosition = [...legacy, ...current].sort((a, b) => a.commit.position - b.commit.position || (a.commit._id < b.commit._id ? -1 : 1));
      const waiting = outboxOrder(byPosition, (item) => item.commit).flatMap(({ commit, seqs }) => decodeCommit(commit, (seq) => seqs.has(seq)));
      return limit === undefined ? waiting : waiting.slice(0, limit);
    });
  }

  async markDispatched(refs: readonly RecordRef[]): Promise<void> {
    const marks = refs.map((ref) => ({ aggregateId: checkId('aggregateId', ref.aggregateId), seq: checkSeq('seq', ref.seq) }));
    if (marks.length === 0) return;
    return this.#run('markDispatched', (target) => markDispatched(target, marks, this.#outboxCalls));
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
