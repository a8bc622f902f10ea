// The options of the Kafka transport and their defaults, resolved once so the rest of the package
// reads plain numbers.
import { DEFAULT_PAYLOAD_LIMITS, type Envelope, type PayloadLimits } from '@eventflow/core';
import type { Kafka, logLevel, RetryOptions } from 'kafkajs';

/** An envelope whose handler kept rejecting (or a message that is not an envelope). */
export interface KafkaDeadLetter {
  readonly machine: string;
  /** The consumer group id, e.g. `eventflow.default`. */
  readonly groupId: string;
  readonly topic: string;
  readonly partition: number;
  readonly offset: string;
  /** Undefined when the message could not be decoded into an envelope. */
  readonly envelope: Envelope | undefined;
  /** Handler calls made (0 for a message that could not be decoded). */
  readonly attempts: number;
  /** What the handler rejected with on the last attempt, or the decoding error. */
  readonly error: unknown;
}

/** Consumer tuning passed to kafkajs (README "Timeouts and failover" weighs each one). */
export interface KafkaConsumerTuning {
  /** How long a silent member keeps its partitions (a kill -9 is noticed after this); default 10 000; the broker refuses less than its `group.min.session.timeout.ms` (6 000). */
  readonly sessionTimeout?: number;
  /** How long a rebalance waits for members to rejoin (one busy with a batch rejoins after it); default 60 000. */
  readonly rebalanceTimeout?: number;
  /** Default 1 000; at most a third of `sessionTimeout`. */
  readonly heartbeatInterval?: number;
  /** Longest a fetch waits for new messages; also bounds how long `unsubscribe` waits (default 1 000). */
  readonly maxWaitTimeInMs?: number;
}

/** Options of `createKafkaTransport`: the brokers, and how topics and consumer groups are named. */
export interface KafkaTransportOptions {
  /** `host:port` of the bootstrap brokers (also named in error messages). */
  readonly brokers: readonly string[];
  readonly clientId: string;
  /** Topic of machine `@order` is `<topicPrefix>order` (default `eventflow.`). */
  readonly topicPrefix?: string;
  /** Consumer group ids are `<groupId>.<subscribe group>.<machine>` (default `eventflow`). */
  readonly groupId?: string;
  /** Partitions of the topics this transport creates (default 4). */
  readonly partitions?: number;
  /**
   * How long one `publish` may take in all (creating topics, connecting, waiting for the brokers'
   * acknowledgement, transient broker errors retried) before it rejects with TRANSPORT_UNAVAILABLE
   * naming the last error (default 30 000).
   */
  readonly publishTimeoutMs?: number;
  /**
   * How long `subscribe` may take in all (creating the topic, reading its metadata, joining the
   * consumer group, transient broker errors retried) before it rejects with TRANSPORT_UNAVAILABLE
   * naming the last error (default: `consumer.rebalanceTimeout` + 30 000, as a join may wait out a rebalance).
   */
  readonly subscribeTimeoutMs?: number;
  /** @deprecated The old name of `publishTimeoutMs` (it bounded more than the connection); used when that is not set. */
  readonly connectionTimeoutMs?: number;
  /** @deprecated The old name of `subscribeTimeoutMs` (which now bounds the whole subscribe); used when that is not set. */
  readonly joinTimeoutMs?: number;
  /** kafkajs log level (default WARN). Ignored when `kafka` is given. */
  readonly logLevel?: logLevel;
  /** An existing kafkajs client to use instead of creating one (its config then wins). */
  readonly kafka?: Kafka;
  /** kafkajs client retry options (default: 5 retries, 100 ms doubling to 2 s). Ignored when `kafka` is given. */
  readonly retry?: RetryOptions;
  readonly consumer?: KafkaConsumerTuning;
  /** Partitions one subscription handles at the same time (default: `partitions`). */
  readonly partitionsConsumedConcurrently?: number;
  /** Most envelopes handed to the handler in one call; a larger fetch is split (default 500). */
  readonly maxBatchSize?: number;
  /** Handler calls per envelope before it is reported to `onError` and skipped (default 5). */
  readonly maxAttempts?: number;
  /** Milliseconds before the next call after `failures` rejections (default 100·2^(failures-1), at most 2 000). */
  readonly backoff?: (failures: number) => number;
  /**
   * Called (and awaited) when an envelope failed `maxAttempts` times; its offset is committed
   * afterwards. Reject to keep it instead: it is then retried with a fresh round of attempts.
   * Default: log it through the kafkajs logger at ERROR level.
   */
  readonly onError?: (letter: KafkaDeadLetter) => void | Promise<void>;
  /** Bounds on the data of a received message (default DEFAULT_PAYLOAD_LIMITS); one outside them goes to `onError`. */
  readonly payload?: PayloadLimits;
}

export interface ResolvedOptions {
  readonly brokers: readonly string[];
  readonly clientId: string;
  readonly topicPrefix: string;
  readonly groupId: string;
  readonly partitions: number;
  readonly publishTimeoutMs: number;
  readonly subscribeTimeoutMs: number;
  readonly consumer: Required<KafkaConsumerTuning>;
  readonly concurrency: number;
  readonly maxBatchSize: number;
  readonly maxAttempts: number;
  readonly backoff: (failures: number) => number;
  readonly onError: KafkaTransportOptions['onError'];
  readonly payload: PayloadLimits;
}

/** Topic names start with this unless `topicPrefix` says otherwise. */
export const DEFAULT_TOPIC_PREFIX = 'eventflow.';
/** Consumer group ids start with this unless `groupId` says otherwise. */
export const DEFAULT_GROUP_ID = 'eventflow';
/** The subscribe group of a subscription that names none. */
export const DEFAULT_GROUP = 'default';

/** Milliseconds before redelivering after `failures` failed deliveries (and before trying a transiently failed publish or subscribe again): doubling from 100, at most 2 000. */
export function defaultBackoff(failures: number): number {
  return Math.min(100 * 2 ** Math.max(0, failures - 1), 2_000);
}

export function resolveOptions(options: KafkaTransportOptions): ResolvedOptions {
  const partitions = Math.max(1, options.partitions ?? 4);
  const consumer: Required<KafkaConsumerTuning> = {
    sessionTimeout: 10_000,
    rebalanceTimeout: 60_000,
    heartbeatInterval: 1_000,
    maxWaitTimeInMs: 1_000,
    ...options.consumer,
  };
  return {
    brokers: options.brokers,
    clientId: options.clientId,
    topicPrefix: options.topicPrefix ?? DEFAULT_TOPIC_PREFIX,
    groupId: options.groupId ?? DEFAULT_GROUP_ID,
    partitions,
    publishTimeoutMs: options.publishTimeoutMs ?? options.connectionTimeoutMs ?? 30_000,
    subscribeTimeoutMs: options.subscribeTimeoutMs ?? options.joinTimeoutMs ?? consumer.rebalanceTimeout + 30_000,
    consumer,
    concurrency: Math.max(1, options.partitionsConsumedConcurrently ?? partitions),
    maxBatchSize: Math.max(1, options.maxBatchSize ?? 500),
    maxAttempts: Math.max(1, options.maxAttempts ?? 5),
    backoff: options.backoff ?? defaultBackoff,
    onError: options.onError,
    payload: options.payload ?? DEFAULT_PAYLOAD_LIMITS,
  };
}
