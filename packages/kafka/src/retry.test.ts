// The retry policy for transient broker errors, fed the very errors kafkajs throws (built by its
// own protocol error table); the real path against a broker is in leadership.int.test.ts.
import { createRequire } from 'node:module';
import { isEventFlowError, EventFlowError } from '@eventflow/core';
import { describe, expect, test } from 'vitest';
import { DeadlineError, isTransient, toTransportError } from './errors.ts';
import { resolveOptions } from './options.ts';
import { retryTransient } from './retry.ts';

const require = createRequire(import.meta.url);
/** kafkajs's own constructor of a broker's error code (what its response parsers throw). */
const { createErrorFromCode } = require('kafkajs/src/protocol/error.js') as {
  createErrorFromCode: (code: number) => Error & { type: string; retriable: boolean };
};
/** kafkajs's error classes, constructed as kafkajs itself does (its typings omit some and some arguments). */
type ErrorClass = new (...args: unknown[]) => Error;
const {
  KafkaJSAggregateError,
  KafkaJSConnectionError,
  KafkaJSCreateTopicError,
  KafkaJSNonRetriableError,
  KafkaJSNumberOfRetriesExceeded,
  KafkaJSTimeout,
} = require('kafkajs') as Record<
  | 'KafkaJSAggregateError'
  | 'KafkaJSConnectionError'
  | 'KafkaJSCreateTopicError'
  | 'KafkaJSNonRetriableError'
  | 'KafkaJSNumberOfRetriesExceeded'
  | 'KafkaJSTimeout',
  ErrorClass
>;
const UNKNOWN_TOPIC_OR_PARTITION = 3;
const LEADER_NOT_AVAILABLE = 5;
const NOT_LEADER_FOR_PARTITION = 6;
const MESSAGE_TOO_LARGE = 10;
const TOPIC_AUTHORIZATION_FAILED = 29;

describe('isTransient', () => {
  test('the leadership errors of a just-created partition are transient, as kafkajs marks them', () => {
    for (const code of [UNKNOWN_TOPIC_OR_PARTITION, LEADER_NOT_AVAILABLE, NOT_LEADER_FOR_PARTITION]) {
      const error = createErrorFromCode(code);
      expect(error.retriable, error.type).toBe(true);
      expect(isTransient(error), error.type).toBe(true);
    }
  });

  test('what kafkajs wraps around them stays transient: its own retries ran out, its waiting timed out', () => {
    const leader = createErrorFromCode(NOT_LEADER_FOR_PARTITION);
    expect(isTransient(new KafkaJSNumberOfRetriesExceeded(leader, { retryCount: 5, retryTime: 2_000 }))).toBe(true);
    // kafkajs wraps the exhausted inner retrier once more when retriers are nested.
    const nested = new KafkaJSNonRetriableError(new KafkaJSNumberOfRetriesExceeded(leader, { retryCount: 5, retryTime: 2_000 }), { cause: leader });
    expect(isTransient(nested)).toBe(true);
    expect(isTransient(new KafkaJSTimeout('Timed out while waiting for topic leaders'))).toBe(true);
    expect(isTransient(new KafkaJSConnectionError('Connection error: connect ECONNREFUSED 127.0.0.1:1'))).toBe(true);
    const created = (code: number) => new KafkaJSCreateTopicError(createErrorFromCode(code), 'eventflow.order');
    expect(isTransient(new KafkaJSAggregateError('create', [created(LEADER_NOT_AVAILABLE)]))).toBe(true);
  });

  test('errors kafkajs marks non-retriable, and errors not from kafkajs, are not transient', () => {
    for (const code of [MESSAGE_TOO_LARGE, TOPIC_AUTHORIZATION_FAILED]) {
      const error = createErrorFromCode(code);
      expect(error.retriable, error.type).toBe(false);
      expect(isTransient(error), error.type).toBe(false);
    }
    expect(isTransient(new KafkaJSNonRetriableError('Idempotent producer must allow retries to protect against transient errors'))).toBe(false);
    const created = (code: number) => new KafkaJSCreateTopicError(createErrorFromCode(code), 'eventflow.order');
    expect(isTransient(new KafkaJSAggregateError('create', [created(LEADER_NOT_AVAILABLE), created(TOPIC_AUTHORIZATION_FAILED)]))).toBe(false);
    expect(isTransient(new TypeError('x is not a function'))).toBe(false);
    expect(isTransient(new EventFlowError('TRANSPORT_CLOSED', 'The Kafka transport is closed.'))).toBe(false);
    expect(isTransient('ECONNREFUSED')).toBe(false);
  });
});

/** An attempt that throws the given errors in turn, then resolves with `value`. */
function scripted<T>(errors: readonly Error[], value: T): { attempt: () => Promise<T>; calls: () => number } {
  let calls = 0;
  return {
    attempt: async () => {
      const error = errors[calls++];
      if (error) throw error;
      return value;
    },
    calls: () => calls,
  };
}

describe('retryTransient', () => {
  test('tries again after transient failures, with growing pauses, until the attempt succeeds', async () => {
    const { attempt, calls } = scripted([createErrorFromCode(UNKNOWN_TOPIC_OR_PARTITION), createErrorFromCode(NOT_LEADER_FOR_PARTITION)], 'joined');
    const pauses: number[] = [];
    const result = await retryTransient(attempt, { deadline: Date.now() + 60_000, onRetry: (_, pause) => pauses.push(pause) });
    expect(result).toBe('joined');
    expect(calls()).toBe(3);
    expect(pauses).toEqual([100, 200]);
  });

  test('a non-retriable error fails at once, untouched', async () => {
    const tooLarge = createErrorFromCode(MESSAGE_TOO_LARGE);
    const { attempt, calls } = scripted([tooLarge], 'sent');
    await expect(retryTransient(attempt, { deadline: Date.now() + 60_000 })).rejects.toBe(tooLarge);
    expect(calls()).toBe(1);
  });

  test('a transient error that lasts past the deadline fails then, naming the last error', async () => {
    const leader = createErrorFromCode(LEADER_NOT_AVAILABLE);
    let calls = 0;
    const started = Date.now();
    const failure = await retryTransient(
      async () => {
        calls++;
        throw leader;
      },
      { deadline: started + 700 },
    ).catch((error: unknown) => error);
    expect(Date.now() - started, 'kept trying until the deadline').toBeGreaterThanOrEqual(690);
    expect(calls, 'attempts (pauses of 100, 200, 400 ms fit before 700 ms)').toBeGreaterThanOrEqual(2);
    expect(failure).toBeInstanceOf(DeadlineError);
    expect((failure as DeadlineError).cause).toBe(leader);
    const mapped = toTransportError(['127.0.0.1:9092'], 'subscribe to eventflow.order as consumer group eventflow.default.order', failure);
    expect(isEventFlowError(mapped) && mapped.code).toBe('TRANSPORT_UNAVAILABLE');
    // The time named is the deadline's budget when retrying began (700 ms, or a millisecond less).
    expect(mapped.message).toMatch(
      /^Kafka brokers 127\.0\.0\.1:9092 unavailable: could not subscribe to eventflow\.order as consumer group eventflow\.default\.order \(KafkaJSProtocolError: There is no leader for this topic-partition as we are in the middle of a leadership election; still failing after (699|700) ms\)$/,
    );
  });

  test('an attempt that never answers is abandoned at the deadline, naming the last failure before it', async () => {
    const leader = createErrorFromCode(NOT_LEADER_FOR_PARTITION);
    let calls = 0;
    const failure = await retryTransient(
      () => (calls++ === 0 ? Promise.reject(leader) : new Promise<never>(() => undefined)),
      { deadline: Date.now() + 1_000 },
    ).catch((error: unknown) => error);
    expect(calls).toBe(2);
    expect(failure).toBeInstanceOf(DeadlineError);
    expect((failure as Error).message).toMatch(new RegExp(`^KafkaJSProtocolError: ${leader.message}; still failing after (999|1000) ms$`));
  });

  test('an abandoned operation stops at its next failure', async () => {
    const leader = createErrorFromCode(LEADER_NOT_AVAILABLE);
    let closed = false;
    let calls = 0;
    const failure = await retryTransient(
      async () => {
        calls++;
        closed = true;
        throw leader;
      },
      { deadline: Date.now() + 60_000, abandoned: () => closed },
    ).catch((error: unknown) => error);
    expect(failure).toBe(leader);
    expect(calls).toBe(1);
  });
});

describe('deadline options', () => {
  const base = { brokers: ['127.0.0.1:9092'], clientId: 'c' };

  test('publish and subscribe each have a deadline named after what it bounds, generous by default', () => {
    const options = resolveOptions(base);
    expect(options.publishTimeoutMs).toBe(30_000);
    expect(options.subscribeTimeoutMs).toBe(60_000 + 30_000);
    expect(resolveOptions({ ...base, consumer: { rebalanceTimeout: 5_000 } }).subscribeTimeoutMs).toBe(35_000);
    expect(resolveOptions({ ...base, publishTimeoutMs: 5_000, subscribeTimeoutMs: 7_000 })).toMatchObject({ publishTimeoutMs: 5_000, subscribeTimeoutMs: 7_000 });
  });

  test('the deprecated names still set them', () => {
    expect(resolveOptions({ ...base, connectionTimeoutMs: 4_000, joinTimeoutMs: 9_000 })).toMatchObject({ publishTimeoutMs: 4_000, subscribeTimeoutMs: 9_000 });
    expect(resolveOptions({ ...base, connectionTimeoutMs: 4_000, publishTimeoutMs: 8_000 }).publishTimeoutMs).toBe(8_000);
  });
});
