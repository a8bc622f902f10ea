import type { Envelope } from './envelope.ts';
import type { Maybe } from './maybe.ts';
import type { StoredRecord } from './record.ts';
import type { Snapshot } from './snapshot.ts';

/** Which records of a stream `read` returns. */
export interface ReadOptions {
  /** First seq to return (inclusive, default 1). */
  readonly fromSeq?: number;
  /** Last seq to return (inclusive, default: the end of the stream). */
  readonly toSeq?: number;
}

/** What became of an append. */
export type AppendResult =
  | { readonly status: 'appended'; readonly lastSeq: number }
  /** Every record's event id was already stored: nothing was written. */
  | { readonly status: 'duplicate'; readonly lastSeq: number };

/**
 * The event store port: durable, per-aggregate, append-only streams of processed events.
 * The four per-event methods (`Maybe`) may answer synchronously, as in-process stores do, so the
 * runtime needs no promise per event; networked stores return promises. Callers `await` either.
 */
export interface EventStore {
  /** Appends records (seq expectedSeq+1, +2, ...) atomically: `duplicate` (nothing written) when every event id is already stored, checked before the seq; else ConcurrencyError when the last seq is not expectedSeq; a batch mixing stored and new ids is rejected and writes nothing. */
  append(aggregateId: string, expectedSeq: number, records: readonly StoredRecord[]): Maybe<AppendResult>;
  /** Reads one aggregate's records in seq order, optionally limited to a seq range. */
  read(aggregateId: string, options?: ReadOptions): Promise<StoredRecord[]>;
  /** The highest stored seq of an aggregate, 0 when it has none. */
  lastSeq(aggregateId: string): Maybe<number>;
  /** Ids of the aggregates of one machine (or of all machines), in creation order. */
  listAggregates(machine?: string): Promise<string[]>;
  /** The record that processed this event id, if any (redelivery detection). */
  findByEventId(eventId: string): Maybe<StoredRecord | undefined>;
  /** Records that emitted envelopes not yet marked dispatched (the outbox), oldest first; records that emitted nothing never appear. */
  undispatched(): Promise<StoredRecord[]>;
  /** Marks a record's emitted envelopes as handed to the transport; an unknown seq is a no-op. */
  markDispatched(aggregateId: string, seq: number): Maybe<void>;
  /** Optional: stores a snapshot (an optimisation only; replay without it gives the same state). */
  saveSnapshot?(snapshot: Snapshot): Promise<void>;
  /** Optional: the latest snapshot of an aggregate at or below a seq. */
  loadSnapshot?(aggregateId: string, maxSeq?: number): Promise<Snapshot | undefined>;
  /** Releases connections; the store is unusable afterwards. */
  close(): Promise<void>;
}

/** Called for each delivered envelope; returning (or resolving) acknowledges it, throwing (or rejecting) asks for redelivery. */
export type EnvelopeHandler = (envelope: Envelope) => Maybe<void>;

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
  /** Publishes envelopes in order; returns (or resolves) once the transport has accepted (durably stored) them. */
  publish(envelopes: readonly Envelope[]): Maybe<void>;
  /** Delivers envelopes addressed to one machine (`to.machine`) to the handler, one ordering key at a time. */
  subscribe(machine: string, handler: EnvelopeHandler, options?: SubscribeOptions): Promise<Subscription>;
  /** Releases connections and stops every subscription. */
  close(): Promise<void>;
}
