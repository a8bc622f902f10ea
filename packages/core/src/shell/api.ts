// The runtime's public API: its options, the inputs it takes and the results it gives.
import type { FlowFile } from '@eventflow/language';
import type { BindingSet } from '../bindings.ts';
import type { Clock } from '../clock.ts';
import type { SystemDefinition } from '../definition.ts';
import type { Envelope } from '../envelope.ts';
import type { IdGenerator } from '../ids.ts';
import type { PayloadLimits } from '../payload.ts';
import type { EventStore, Transport } from '../ports.ts';
import type { Reply, StoredRecord } from '../record.ts';
import type { SenderInput } from '../sender.ts';
import type { Snapshot } from '../snapshot.ts';
import type { Overrides } from '../step/environment.ts';
import type { Effects } from '../step/step.ts';

/** A .flow source text and the file name its diagnostics should show. */
export interface FlowSource {
  readonly name: string;
  readonly source: string;
}

/** What `createRuntime` needs: the flows, a store and a transport; bindings, clock and ids are optional. */
export interface RuntimeOptions {
  /** .flow sources (parsed here) or already parsed files. */
  readonly flows: readonly (FlowSource | FlowFile)[];
  readonly store: EventStore;
  readonly transport: Transport;
  readonly bindings?: readonly BindingSet[];
  readonly ids?: IdGenerator;
  readonly clock?: Clock;
  /** Consumer group for the transport (runtimes in one group share the work). Default `eventflow`. */
  readonly group?: string;
  /** Events that create instances, per machine (default: each machine's first handler). */
  readonly creators?: Readonly<Record<string, readonly string[]>>;
  /** The most instances kept in memory, the most recently used (default 1,000; 0 keeps none, so every event reloads its instance). */
  readonly cacheSize?: number;
  /** Save a snapshot every N records when the store supports it (default 100; 0 disables). */
  readonly snapshotEvery?: number;
  /** `test` makes unbound actions no-ops with a warning (default `runtime`). */
  readonly mode?: 'runtime' | 'test';
  readonly overrides?: Overrides;
  /** Consume envelopes from the transport (default true). */
  readonly consume?: boolean;
  /** Called for envelopes addressed to actors outside the system (`@customer`). */
  readonly onExternal?: (envelope: Envelope) => void;
  /** Called for failures of events delivered by the transport (they have no caller to throw to). */
  readonly onError?: (error: unknown, envelope?: Envelope) => void;
  /** Called after each committed record with what the step decided (action calls, guards, warnings). */
  readonly observe?: (record: StoredRecord, effects: Effects, snapshot: Snapshot) => void;
  /** Re-send outbox entries left undispatched (e.g. by a crashed peer) every N ms (default 0: only at start); an entry whose envelopes the store shows handled is only marked dispatched. */
  readonly outboxSweepMs?: number;
  /** How long settle() waits before failing (default 10 s). */
  readonly settleTimeoutMs?: number;
  /**
   * Several runtimes on one store: when another wrote an instance first (a concurrency conflict), the
   * event is reloaded and decided again after a random wait below a bound that starts at
   * `conflictFirstWaitMs` and doubles per conflict up to `conflictLongestWaitMs`, until
   * `conflictTimeoutMs` has passed since the first conflict; then it fails with CONCURRENCY_ERROR.
   * Defaults: 10 s, 2 ms, 250 ms.
   */
  readonly conflictTimeoutMs?: number;
  /** See `conflictTimeoutMs` (default 2 ms). */
  readonly conflictFirstWaitMs?: number;
  /** See `conflictTimeoutMs` (default 250 ms). */
  readonly conflictLongestWaitMs?: number;
  /** The most published envelopes this runtime tracks until they are handled: settle() waits for them, and with an in-process transport their records leave the outbox then (default 100,000; beyond it the oldest stay in the outbox until the next start or sweep). */
  readonly inFlightLimit?: number;
  /** The most envelopes to outside actors that `external()` returns, the latest (default 1,000). */
  readonly externalLimit?: number;
  /** Bounds on the data of events sent in (default: DEFAULT_PAYLOAD_LIMITS, 64 levels and 1 MiB). */
  readonly payload?: PayloadLimits;
}

/** An event sent from outside (`runtime.send`). */
export interface SendInput {
  /** `:checkout` */
  readonly event: string;
  /** `@order`, or an instance: `@order:abc123`. */
  readonly to: string;
  /**
   * The external actor sending it, e.g. `@customer` (default: the handler's `from`); with an id,
   * `@reviewer:rev-7` or `{ machine: '@reviewer', id: 'rev-7' }`, which the flow reads as `@reviewer.id`.
   */
  readonly from?: SenderInput;
  readonly data?: Readonly<Record<string, unknown>>;
  readonly aggregate_id?: string;
  readonly conversation_id?: string;
  /** Event id (idempotency key); generated when absent. */
  readonly id?: string;
  /** Allows internal (non-api) handlers, as tests and operators need. */
  readonly trusted?: boolean;
}

/** Where a sent event landed: the instance, its state after the handler, and the reply. */
export interface SendResult {
  readonly aggregate_id: string;
  readonly machine: string;
  readonly state: string;
  readonly seq: number;
  readonly event_id: string;
  readonly conversation_id: string;
  readonly reply?: Reply;
  /** The event id had been processed before: nothing new was stored. */
  readonly duplicate: boolean;
}

/** The instances a scheduled trigger processed, and those that failed. */
export interface TriggerResult {
  readonly processed: readonly string[];
  readonly failed: readonly { readonly aggregate_id: string; readonly error: unknown }[];
}

/** An instance as replayed from its records: state, context, links and history. */
export interface InstanceView {
  readonly machine: string;
  readonly aggregate_id: string;
  readonly state: string;
  readonly context: Readonly<Record<string, unknown>>;
  readonly seq: number;
  readonly history: readonly string[];
  readonly links: Snapshot['links'];
  readonly conversations: Snapshot['conversations'];
}

/** A running system: send events, wait until it settles, read instances and their history. */
export interface Runtime {
  readonly definition: SystemDefinition;
  /** Sends an event through the public ingress; resolves after its handler committed. */
  send(input: SendInput): Promise<SendResult>;
  /**
   * Resolves when nothing this runtime started is still in flight: every envelope it published (the
   * latest `inFlightLimit`) has been handled, by this runtime or by another of its consumer group
   * (looked up by event id in the store while settle waits). An envelope another runtime drops or
   * fails for good leaves no record: settle() rejects after `settleTimeoutMs` naming it.
   */
  settle(): Promise<void>;
  /** An instance now, or as of a seq (time travel). */
  state(aggregateId: string, options?: { atSeq?: number }): Promise<InstanceView>;
  /** Every stored record of an instance. */
  history(aggregateId: string): Promise<StoredRecord[]>;
  /** Current views of every instance (of one machine). */
  instances(machine?: string): Promise<InstanceView[]>;
  /** The latest envelopes sent to external actors (at most `externalLimit`), oldest first. */
  external(): Envelope[];
  /** Runs a `triggered:` handler now: once per instance in its `for each` states, each its own transaction. */
  trigger(machine: string, event: string): Promise<TriggerResult>;
  close(): Promise<void>;
}
