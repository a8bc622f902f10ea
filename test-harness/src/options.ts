import type { EventStore, StoredRecord, Transport } from '@eventflow/core';

/** What the suite tells a factory: a namespace unique to this test (or property run). */
export interface AdapterContext {
  /** Use it to isolate data (table/collection/topic prefix). The same namespace means the same data. */
  readonly namespace: string;
}

/** Makes a fresh store for one test. */
export type StoreFactory = (context: AdapterContext) => EventStore | Promise<EventStore>;
/** Makes a fresh transport for one test. */
export type TransportFactory = (context: AdapterContext) => Transport | Promise<Transport>;

/** Optional store behaviour; a group whose capability is false registers one explanatory test. */
export interface StoreCapabilities {
  /** `saveSnapshot`/`loadSnapshot` are implemented (default false). */
  readonly snapshots?: boolean;
  /** `undispatched`/`markDispatched` keep an outbox (default true). */
  readonly outbox?: boolean;
  /** Data survives `close()` and a new `create()` with the same namespace (default false). */
  readonly durable?: boolean;
}

/** A second channel into the store's storage (the raw driver), to check what the adapter wrote. */
export interface StoreProbe {
  /** One aggregate's records as stored, in seq order, read without the adapter. */
  records(aggregateId: string): Promise<readonly StoredRecord[]>;
}

/** An adapter under test: how to make a fresh store, and how to get rid of it. */
export interface StoreSubject {
  readonly create: StoreFactory;
  /** Runs after each test instead of `store.close()`: close the store and drop its namespace. */
  readonly teardown?: (store: EventStore, context: AdapterContext) => Promise<void>;
  readonly capabilities?: StoreCapabilities;
  readonly probe?: (store: EventStore, context: AdapterContext) => StoreProbe;
}

export interface StoreConformanceOptions extends StoreSubject {
  /** Names the top-level `describe`. */
  readonly name: string;
  /** fast-check runs per property (default 25; `FC_NUM_RUNS` overrides). */
  readonly runs?: number;
  /** Per-test timeout in ms (default 30 000). */
  readonly timeoutMs?: number;
}

/** Optional transport behaviour; a group whose capability is false registers one explanatory test. */
export interface TransportCapabilities {
  /** Named consumer groups: members of one group split envelopes, groups each get all (default true). */
  readonly groups?: boolean;
  /** A rejected delivery comes again (default true). */
  readonly redelivery?: boolean;
  /** A subscription stopped mid-stream and started again resumes without losing envelopes (default true). */
  readonly restart?: boolean;
}

/** A transport adapter under test: how to make one and how to clean up after it. */
export interface TransportSubject {
  readonly create: TransportFactory;
  /** Runs after each test instead of `transport.close()`. */
  readonly teardown?: (transport: Transport, context: AdapterContext) => Promise<void>;
  readonly capabilities?: TransportCapabilities;
  /**
   * How long without any delivery before the suite decides an expected envelope will not come
   * (default 500 ms). Make it longer than the adapter's longest redelivery delay.
   */
  readonly settleMs?: number;
}

/** Options of `transportConformance`: the adapter, its capabilities and the runs per property. */
export interface TransportConformanceOptions extends TransportSubject {
  readonly name: string;
  /** fast-check runs per property (default 10; `FC_NUM_RUNS` overrides). */
  readonly runs?: number;
  /** Per-test timeout in ms (default 30 000). */
  readonly timeoutMs?: number;
}

/** Settings for one property check. Explicit values win over the FC_* environment variables. */
export interface CheckOptions {
  /** Number of generated cases (else `FC_NUM_RUNS`, else the check's default). */
  readonly runs?: number;
  /** fast-check seed (else `FC_SEED`). */
  readonly seed?: number;
  /** Replay path of a failure, used with the seed (else `FC_PATH`). */
  readonly path?: string;
  /** For the command-based model check: the counterexample's `replayPath` (else `FC_REPLAY_PATH`). */
  readonly replayPath?: string;
  /** Stop at the first failure without shrinking (faster, but the counterexample is not minimal). */
  readonly endOnFailure?: boolean;
  /**
   * Past this many ms no new case starts and shrinking stops, so a failure is reported (seed and
   * replay line) before the test times out; one case may take half of it at most. The suites set
   * it to half the test timeout; unset, a check runs until it is done.
   */
  readonly timeLimitMs?: number;
}

export function storeCapabilities(subject: StoreSubject): Required<StoreCapabilities> {
  return { snapshots: false, outbox: true, durable: false, ...subject.capabilities };
}

export function transportCapabilities(subject: TransportSubject): Required<TransportCapabilities> {
  return { groups: true, redelivery: true, restart: true, ...subject.capabilities };
}
