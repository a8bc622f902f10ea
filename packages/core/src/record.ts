// What the store keeps per processed event: the envelope's facts and the outcome the step decided.
import type { Address, Envelope } from './envelope.ts';

/** Changes one handler made to an instance's context: top-level keys set and removed. */
export interface ContextPatch {
  readonly set: Readonly<Record<string, unknown>>;
  readonly unset: readonly string[];
}

/** What processing one event decided. Replay applies outcomes; it never re-runs handlers. */
export interface Outcome {
  /** `#paid` */
  readonly state_after: string;
  readonly context_patch: ContextPatch;
  /** Transitions in order, for `has entered` assertions and state history. */
  readonly states_entered: readonly string[];
  /** The outbox: envelopes to dispatch after commit, in order. */
  readonly emitted: readonly Envelope[];
  /** The reply to the caller, if the handler wrote one. */
  readonly reply?: Reply;
}

/** The answer of an `(api)` handler: a status and a body. */
export interface Reply {
  readonly status: number;
  readonly body: Readonly<Record<string, unknown>>;
}

/** One stored record: the event an aggregate processed, with its outcome. */
export interface StoredRecord {
  readonly aggregate_id: string;
  readonly machine: string;
  /** 1, 2, 3 ... per aggregate, gap-free. */
  readonly seq: number;
  /** The processed envelope's id (unique per store: idempotency key). */
  readonly event_id: string;
  readonly event_type: string;
  readonly data: Readonly<Record<string, unknown>>;
  readonly conversation_id?: string;
  readonly from?: Address;
  readonly timestamp: string;
  readonly outcome: Outcome;
}
