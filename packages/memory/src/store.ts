import {
  ConcurrencyError,
  EventFlowError,
  type AppendResult,
  type EventStore,
  type ReadOptions,
  type Snapshot,
  type StoredRecord,
  withLast,
} from '@eventflow/core';
import { invalidAppend, validateBatch } from './batch.ts';
import { Journal, type JournalEntry } from './journal.ts';

/** Options of `createMemoryStore`. */
export interface MemoryStoreOptions {
  /** A JSON-lines log, loaded on creation and appended to, so the store survives restarts. */
  readonly file?: string;
}


const MAX_SNAPSHOTS_PER_AGGREGATE = 4;
/** Streams up to this length are replaced by an exact-size copy on append instead of growing. */
const SHORT_STREAM = 8;
/** The memory store implements the port's optional snapshot methods, and answers the per-event ones synchronously. */
export interface MemoryStore extends EventStore {
  append(aggregateId: string, expectedSeq: number, records: readonly StoredRecord[]): AppendResult;
  lastSeq(aggregateId: string): number;
  findByEventId(eventId: string): StoredRecord | undefined;
  markDispatched(aggregateId: string, seq: number): void;
  saveSnapshot(snapshot: Snapshot): Promise<void>;
  loadSnapshot(aggregateId: string, maxSeq?: number): Promise<Snapshot | undefined>;
}

/**
 * The reference event store: Maps in memory, optionally backed by a JSON-lines file.
 *
 * Records and snapshots are immutable by contract (the port's types are `readonly`): the store keeps
 * the objects it was given and hands the same objects back, without copying or freezing them.
 *
 * Idempotency: a batch whose event ids are all stored is a no-op `duplicate` (checked before the
 * expected seq, so a redelivered event is recognised even when the stream has moved on); a batch that
 * mixes stored and new ids is rejected with `INVALID_APPEND` and writes nothing.
 */
export function createMemoryStore(options: MemoryStoreOptions = {}): MemoryStore {
  return new MemoryEventStore(options.file);
}

/**
 * One aggregate's records in seq order (never empty: a stream is made by its first record). A
 * stream of one record is that record: most instances of a short conversation never get a second,
 * and every object a store keeps costs the garbage collector.
 */
type Stream = StoredRecord | StoredRecord[];

function lengthOf(stream: Stream | undefined): number {
  return stream === undefined ? 0 : Array.isArray(stream) ? stream.length : 1;
}

/** Record `seq` (1-based) of a stream. */
function recordAt(stream: Stream | undefined, seq: number): StoredRecord | undefined {
  return Array.isArray(stream) ? stream[seq - 1] : seq === 1 ? stream : undefined;
}

function recordsOf(stream: Stream | undefined): readonly StoredRecord[] {
  return stream === undefined ? [] : Array.isArray(stream) ? stream : [stream];
}

class MemoryEventStore implements MemoryStore {
  /** Insertion order is creation order. */
  readonly #streams = new Map<string, Stream>();
  readonly #byEventId = new Map<string, StoredRecord>();
  /** Records with envelopes still to dispatch; insertion order is append order. */
  readonly #outbox = new Set<StoredRecord>();
  /** Per aggregate, sorted by seq. */
  readonly #snapshots = new Map<string, Snapshot[]>();
  readonly #journal: Journal | undefined;
  /** The id findByEventId last missed, if nothing was appended since: the runtime appends that event next, and it need not be looked up twice. */
  #knownNew: string | undefined;
  #closed = false;

  constructor(file: string | undefined) {
    if (file === undefined) return;
    const { journal, entries } = Journal.open(file);
    for (const entry of entries) this.#replay(entry);
    this.#journal = journal;
  }

  append(aggregateId: string, expectedSeq: number, records: readonly StoredRecord[]): AppendResult {
    this.#assertOpen();
    validateBatch(aggregateId, expectedSeq, records);
    const stream = this.#streams.get(aggregateId);
    const lastSeq = lengthOf(stream);
    const knownNew = this.#knownNew;
    this.#knownNew = undefined;
    let stored = 0;
    for (let i = 0; i < records.length; i++) {
      const id = (records[i] as StoredRecord).event_id;
      if (id !== knownNew && this.#byEventId.has(id)) stored++;
    }
    if (stored === records.length) return { status: 'duplicate', lastSeq };
    if (lastSeq !== expectedSeq) throw new ConcurrencyError(aggregateId, expectedSeq, lastSeq);
    if (stored > 0) {
      const ids = records.filter((record) => this.#byEventId.has(record.event_id)).map((record) => record.event_id).join(', ');
      throw invalidAppend(aggregateId, `event ids ${ids} are already stored while others are new`);
    }
    this.#journal?.appendRecords(records);
    this.#applyRecords(records, stream);
    return { status: 'appended', lastSeq: expectedSeq + records.length };
  }

  async read(aggregateId: string, options: ReadOptions = {}): Promise<StoredRecord[]> {
    this.#assertOpen();
    const records = recordsOf(this.#streams.get(aggregateId));
    const from = Math.max(options.fromSeq ?? 1, 1);
    const to = Math.min(options.toSeq ?? records.length, records.length);
    return to < from ? [] : records.slice(from - 1, to);
  }

  lastSeq(aggregateId: string): number {
    this.#assertOpen();
    return this.#lastSeq(aggregateId);
  }

  async listAggregates(machine?: string): Promise<string[]> {
    this.#assertOpen();
    const ids: string[] = [];
    for (const [id, stream] of this.#streams) if (machine === undefined || recordAt(stream, 1)?.machine === machine) ids.push(id);
    return ids;
  }

  findByEventId(eventId: string): StoredRecord | undefined {
    this.#assertOpen();
    const record = this.#byEventId.get(eventId);
    this.#knownNew = record === undefined ? eventId : undefined;
    return record;
  }

  async undispatched(): Promise<StoredRecord[]> {
    this.#assertOpen();
    return [...this.#outbox];
  }

  markDispatched(aggregateId: string, seq: number): void {
    this.#assertOpen();
    const record = this.#record(aggregateId, seq);
    if (record === undefined || !this.#outbox.has(record)) return;
    this.#journal?.appendDispatched(aggregateId, seq);
    this.#outbox.delete(record);
  }

  async saveSnapshot(snapshot: Snapshot): Promise<void> {
    this.#assertOpen();
    this.#journal?.appendSnapshot(snapshot);
    this.#applySnapshot(snapshot);
  }

  async loadSnapshot(aggregateId: string, maxSeq = Number.POSITIVE_INFINITY): Promise<Snapshot | undefined> {
    this.#assertOpen();
    const snapshots = this.#snapshots.get(aggregateId) ?? [];
    for (let i = snapshots.length - 1; i >= 0; i--) {
      const snapshot = snapshots[i]!;
      if (snapshot.seq <= maxSeq) return snapshot;
    }
    return undefined;
  }

  async close(): Promise<void> {
    if (this.#closed) return;
    this.#closed = true;
    this.#journal?.close();
  }

  #record(aggregateId: string, seq: number): StoredRecord | undefined {
    return recordAt(this.#streams.get(aggregateId), seq);
  }

  #lastSeq(aggregateId: string): number {
    return lengthOf(this.#streams.get(aggregateId));
  }

  #replay(entry: JournalEntry): void {
    if (entry.kind === 'records') this.#applyRecords(entry.records, this.#streams.get(entry.records[0]?.aggregate_id ?? ''));
    else if (entry.kind === 'dispatched') {
      const record = this.#record(entry.aggregate_id, entry.seq);
      if (record !== undefined) this.#outbox.delete(record);
    }
    else this.#applySnapshot(entry.snapshot);
  }

  /** Adds one batch (all of one aggregate) to `stream`, that aggregate's stream as it is (undefined: none yet). */
  #applyRecords(records: readonly StoredRecord[], stream: Stream | undefined): void {
    for (const record of records) {
      if (Array.isArray(stream) && stream.length >= SHORT_STREAM) {
        stream.push(record);
      } else {
        // Short streams are copied at their exact length: pushing or spreading leaves ~16 spare slots.
        stream = stream === undefined ? record : Array.isArray(stream) ? withLast(stream, record) : [stream, record];
        this.#streams.set(record.aggregate_id, stream);
      }
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
    // Each snapshot is a full copy of an instance: keep the latest few, not one per interval forever.
    if (snapshots.length > MAX_SNAPSHOTS_PER_AGGREGATE) snapshots.splice(0, snapshots.length - MAX_SNAPSHOTS_PER_AGGREGATE);
    this.#snapshots.set(snapshot.aggregate_id, snapshots);
  }

  #assertOpen(): void {
    if (this.#closed) throw new EventFlowError('STORE_CLOSED', 'The memory store is closed.');
  }
}
