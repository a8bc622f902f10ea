// The two ports adapters implement: an event store and a transport. Every member returns a promise.
import type { Envelope } from './envelope.ts';
import type { StoredRecord } from './record.ts';
import type { Snapshot } from './snapshot.ts';

/** One aggregate's part of an append: its records carry seq expectedSeq+1, +2, ... */
export interface Commit {
  readonly aggregateId: string;
  readonly expectedSeq: number;
  readonly records: readonly StoredRecord[];
}

/** What became of one commit. Commits of different aggregates never affect each other. */
export type CommitResult =
  | { readonly status: 'appended'; readonly lastSeq: number }
  /** Every record's event id was already stored (checked before the seq): nothing written. */
  | { readonly status: 'duplicate'; readonly lastSeq: number }
  /** The stream's last seq was not expectedSeq: nothing written for this aggregate. */
  | { readonly status: 'conflict'; readonly lastSeq: number };

/** Which records of a stream `read` returns. */
export interface ReadOptions {
  /** First seq to return (inclusive, default 1). */
  readonly fromSeq?: number;
  /** Last seq to return (inclusive, default: the end of the stream). */
  readonly toSeq?: number;
}

/** Which aggregate ids `listAggregates` returns: of one machine, a page at a time. */
export interface ListOptions {
  /** Only aggregates of this machine (`@order`). */
  readonly machine?: string;
  /** Page after this aggregate id, one the same listing returned (creation order). */
  readonly after?: string;
  /** At most this many ids (default: all). */
  readonly limit?: number;
}

/** One stored record, by position. */
export interface RecordRef {
  readonly aggregateId: string;
  readonly seq: number;
}

/** The event store port: durable, per-aggregate, append-only streams of processed events. */
export interface EventStore {
  /** Appends each commit atomically and independently of the others; results in the same order. A call breaking the rules (empty commit, foreign records, seq gaps, repeated ids, an aggregate twice) is rejected with INVALID_APPEND before anything is written; a commit mixing stored and new ids writes nothing, and once the others are written the call fails with INVALID_APPEND. */
  append(commits: readonly Commit[]): Promise<CommitResult[]>;
  /** One aggregate's records in seq order, optionally limited to a seq range. */
  read(aggregateId: string, options?: ReadOptions): Promise<StoredRecord[]>;
  /** Aggregate ids in creation order, optionally of one machine, a page at a time. */
  listAggregates(options?: ListOptions): Promise<string[]>;
  /** The record that processed this event id, if any (redelivery detection). */
  findByEventId(eventId: string): Promise<StoredRecord | undefined>;
  /** Records whose emitted envelopes are not marked dispatched (the outbox), oldest first; records that emitted nothing never appear. */
  undispatched(options?: { readonly limit?: number }): Promise<StoredRecord[]>;
  /** Marks records' emitted envelopes as dispatched; unknown or already marked records are no-ops. */
  markDispatched(records: readonly RecordRef[]): Promise<void>;
  /** Optional: stores a snapshot (an optimisation only; replay without it gives the same state). */
  saveSnapshot?(snapshot: Snapshot): Promise<void>;
  /** Optional: the latest snapshot of an aggregate at or below a seq. */
  loadSnapshot?(aggregateId: string, maxSeq?: number): Promise<Snapshot | undefined>;
  /** Releases connections; the store is unusable afterwards. */
  close(): Promise<void>;
}

/**
 * Called with envelopes of one subscription, in order per ordering key; resolving acknowledges all
 * of them, rejecting asks for the batch again (receivers deduplicate by event id).
 */
export type BatchHandler = (envelopes: readonly Envelope[]) => Promise<void>;

/** Options of `Transport.subscribe`. */
export interface SubscribeOptions {
  /** Consumers sharing a group split the machine's envelopes between them; no group = one shared default group. A group sees envelopes published before its first subscription. */
  readonly group?: string;
}

/** Stops one subscription. */
export interface Subscription {
  /** Stops delivery; resolves when no handler call of this subscription is running. */
  unsubscribe(): Promise<void>;
}

/** The transport port: at-least-once delivery with per-aggregate order (see `orderingKey`). `not_before` is the runtime's business, not the transport's. */
export interface Transport {
  /** True when publish() resolves only once the envelopes are stored durably outside this process (Kafka); false for in-process transports, whose emits stay in the outbox until handled. */
  readonly durable: boolean;
  /** Publishes envelopes in order; resolves once the transport has accepted them. */
  publish(envelopes: readonly Envelope[]): Promise<void>;
  /** Delivers batches of the envelopes addressed to one machine (`to.machine`), one ordering key at a time. */
  subscribe(machine: string, handler: BatchHandler, options?: SubscribeOptions): Promise<Subscription>;
  /** Releases connections and stops every subscription. */
  close(): Promise<void>;
}
