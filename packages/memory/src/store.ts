// The reference event store: plain Maps in memory, optionally backed by a JSON-lines file. Every
// other store is measured against it, so it states the port's rules as directly as it can.
import {
  EventFlowError,
  type Commit,
  type CommitResult,
  type EventStore,
  type ListOptions,
  type ReadOptions,
  type RecordRef,
  type Snapshot,
  type StoredRecord,
} from '@eventflow/core';
import { invalidAppend, validateCommits } from './batch.ts';
import { Journal, type JournalEntry, type JournalOptions } from './journal.ts';

/** Options of `createMemoryStore`. */
export interface MemoryStoreOptions extends JournalOptions {
  /**
   * A JSON-lines log, loaded on creation and appended to, so the store survives restarts. A log it
   * cannot replay (edited, damaged, unreadable) throws JOURNAL_CORRUPT or JOURNAL_UNAVAILABLE naming
   * `file:line`, before anything is appended.
   */
  readonly file?: string;
}

/** Each snapshot is a full copy of an instance: keep the latest few, not one per interval forever. */
const MAX_SNAPSHOTS_PER_AGGREGATE = 4;

/** The memory store implements the port's optional snapshot methods. */
export interface MemoryStore extends EventStore {
  saveSnapshot(snapshot: Snapshot): Promise<void>;
  loadSnapshot(aggregateId: string, maxSeq?: number): Promise<Snapshot | undefined>;
}

/**
 * Records and snapshots are immutable by contract (the port's types are `readonly`): the store keeps
 * the objects it was given and hands the same objects back, without copying or freezing them.
 */
export function createMemoryStore(options: MemoryStoreOptions = {}): MemoryStore {
  return new MemoryEventStore(options);
}

/** One aggregate's records in seq order, and its place in the creation order. */
interface Stream {
  records: StoredRecord[];
  readonly created: number;
}

/**
 * Below this many records a stream grows by an exact-length copy: most streams of a conversation stay
 * short, and a list grown in place keeps room for ~16 more. Measured: ~150 bytes kept per
 * runtime-throughput checkout, and the garbage collector's share of its time with them.
 */
const SHORT_STREAM = 16;

class MemoryEventStore implements MemoryStore {
  readonly #streams = new Map<string, Stream>();
  /** Aggregate ids in creation order. */
  readonly #created: string[] = [];
  readonly #byEventId = new Map<string, StoredRecord>();
  /** Records with envelopes still to dispatch; insertion order is append order. */
  readonly #outbox = new Set<StoredRecord>();
  /** Per aggregate, sorted by seq. */
  readonly #snapshots = new Map<string, Snapshot[]>();
  readonly #journal: Journal | undefined;
  #closed = false;

  constructor(options: MemoryStoreOptions) {
    if (options.file === undefined) return;
    const { journal, entries } = Journal.open(options.file, options);
    for (const entry of entries) this.#replay(entry);
    this.#journal = journal;
  }

  /** A commit mixing stored and new event ids writes nothing; the others are written, then the call fails (the port's rule). */
  async append(commits: readonly Commit[]): Promise<CommitResult[]> {
    this.#assertOpen();
    validateCommits(commits);
    // Each aggregate's stream is looked up once, for the check and the write (no two commits share one).
    const streams = commits.map((commit) => this.#streams.get(commit.aggregateId));
    let mixed: EventFlowError | undefined;
    const results = commits.map((commit, i) => {
      const result = this.#check(commit, streams[i]);
      if (result === MIXED) mixed ??= mixedCommit(commit, this.#byEventId);
      return result;
    });
    const written = commits.filter((_, i) => results[i]?.status === 'appended');
    if (written.length > 0) this.#journal?.appendCommits(written.map((commit) => commit.records));
    commits.forEach((commit, i) => results[i]?.status === 'appended' && this.#applyRecords(commit.records, streams[i]));
    if (mixed) throw mixed;
    return results;
  }

  async read(aggregateId: string, options: ReadOptions = {}): Promise<StoredRecord[]> {
    this.#assertOpen();
    const records = this.#streams.get(aggregateId)?.records ?? [];
    const from = Math.max(options.fromSeq ?? 1, 1);
    const to = Math.min(options.toSeq ?? records.length, records.length);
    return to < from ? [] : records.slice(from - 1, to);
  }

  async listAggregates(options: ListOptions = {}): Promise<string[]> {
    this.#assertOpen();
    const { machine, after, limit = Number.POSITIVE_INFINITY } = options;
    const start = after === undefined ? 0 : (this.#streams.get(after)?.created ?? this.#created.length) + 1;
    const page: string[] = [];
    for (let i = start; i < this.#created.length && page.length < limit; i++) {
      const id = this.#created[i] as string;
      if (machine === undefined || this.#streams.get(id)?.records[0]?.machine === machine) page.push(id);
    }
    return page;
  }

  async findByEventId(eventId: string): Promise<StoredRecord | undefined> {
    this.#assertOpen();
    return this.#byEventId.get(eventId);
  }

  async undispatched(options: { readonly limit?: number } = {}): Promise<StoredRecord[]> {
    this.#assertOpen();
    return [...this.#outbox].slice(0, options.limit);
  }

  async markDispatched(records: readonly RecordRef[]): Promise<void> {
    this.#assertOpen();
    const marked: StoredRecord[] = [];
    for (const ref of records) {
      const record = this.#record(ref.aggregateId, ref.seq);
      if (record !== undefined && this.#outbox.has(record)) marked.push(record);
    }
    if (marked.length === 0) return;
    this.#journal?.appendDispatched(marked.map((record) => ({ aggregateId: record.aggregate_id, seq: record.seq })));
    for (const record of marked) this.#outbox.delete(record);
  }

  async saveSnapshot(snapshot: Snapshot): Promise<void> {
    this.#assertOpen();
    this.#journal?.appendSnapshot(snapshot);
    this.#applySnapshot(snapshot);
  }

  async loadSnapshot(aggregateId: string, maxSeq = Number.POSITIVE_INFINITY): Promise<Snapshot | undefined> {
    this.#assertOpen();
    return (this.#snapshots.get(aggregateId) ?? []).findLast((snapshot) => snapshot.seq <= maxSeq);
  }

  async close(): Promise<void> {
    if (this.#closed) return;
    this.#closed = true;
    this.#journal?.close();
  }

  /**
   * What an append of this commit does, in the port's order: every event id stored -> duplicate
   * (before the seq check, so a redelivered event is recognised after the stream moved on); the
   * stream elsewhere -> conflict; some ids stored, others new -> MIXED (INVALID_APPEND, a caller bug).
   */
  #check(commit: Commit, stream: Stream | undefined): CommitResult {
    const lastSeq = stream?.records.length ?? 0;
    let stored = 0;
    for (const record of commit.records) if (this.#byEventId.has(record.event_id)) stored++;
    if (stored === commit.records.length) return { status: 'duplicate', lastSeq };
    if (lastSeq !== commit.expectedSeq) return { status: 'conflict', lastSeq };
    if (stored > 0) return MIXED;
    return { status: 'appended', lastSeq: commit.expectedSeq + commit.records.length };
  }

  #record(aggregateId: string, seq: number): StoredRecord | undefined {
    return this.#streams.get(aggregateId)?.records[seq - 1];
  }

  #replay(entry: JournalEntry): void {
    if (entry.kind === 'records') this.#applyRecords(entry.records, this.#streams.get(entry.records[0]?.aggregate_id as string));
    else if (entry.kind === 'dispatched') this.#outbox.delete(this.#record(entry.aggregate_id, entry.seq) as StoredRecord);
    else this.#applySnapshot(entry.snapshot);
  }

  /** Adds one commit's records (already checked: one aggregate, in seq order) to its stream as it is. */
  #applyRecords(records: readonly StoredRecord[], stream: Stream | undefined): void {
    const aggregateId = records[0]?.aggregate_id as string;
    if (stream === undefined) {
      // A copy of exactly their length: most streams never grow.
      this.#streams.set(aggregateId, { records: [...records], created: this.#created.length });
      this.#created.push(aggregateId);
    } else if (stream.records.length < SHORT_STREAM) {
      stream.records = stream.records.concat(records);
    } else {
      stream.records.push(...records);
    }
    for (const record of records) {
      this.#byEventId.set(record.event_id, record);
      if (record.outcome.emitted.length > 0) this.#outbox.add(record);
    }
  }

  /** Keeps one snapshot per seq (the latest saved), sorted by seq. */
  #applySnapshot(snapshot: Snapshot): void {
    const snapshots = this.#snapshots.get(snapshot.aggregate_id) ?? [];
    const at = snapshots.findIndex((s) => s.seq >= snapshot.seq);
    if (at === -1) snapshots.push(snapshot);
    else snapshots.splice(at, snapshots[at]!.seq === snapshot.seq ? 1 : 0, snapshot);
    if (snapshots.length > MAX_SNAPSHOTS_PER_AGGREGATE) snapshots.splice(0, snapshots.length - MAX_SNAPSHOTS_PER_AGGREGATE);
    this.#snapshots.set(snapshot.aggregate_id, snapshots);
  }

  #assertOpen(): void {
    if (this.#closed) throw new EventFlowError('STORE_CLOSED', 'The memory store is closed.');
  }
}

/** The check's answer for a commit mixing stored and new event ids: not written, and the call fails. */
const MIXED: CommitResult = Object.freeze({ status: 'conflict', lastSeq: -1 });

function mixedCommit(commit: Commit, stored: ReadonlyMap<string, StoredRecord>): EventFlowError {
  const ids = commit.records.filter((record) => stored.has(record.event_id)).map((record) => record.event_id);
  return invalidAppend(commit.aggregateId, `event ids ${ids.join(', ')} are already stored while others are new`);
}
