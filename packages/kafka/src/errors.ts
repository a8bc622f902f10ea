// Turning kafkajs failures into EventFlowErrors, and bounding how long an operation may wait for
// a broker that does not answer.
import { EventFlowError } from '@eventflow/core';

/** Raised when the brokers cannot be reached (or did not answer) within the configured time. */
export function unavailable(brokers: readonly string[], action: string, cause: unknown): EventFlowError {
  const reason = cause instanceof DeadlineError ? cause.message : cause instanceof Error ? `${cause.name}: ${cause.message}` : String(cause);
  return new EventFlowError('TRANSPORT_UNAVAILABLE', `Kafka brokers ${brokers.join(', ')} unavailable: could not ${action} (${reason})`, {
    cause,
    hint: 'Check that the brokers are running and reachable, or raise connectionTimeoutMs.',
  });
}

/** Raised for a failure that is not about reaching the brokers (e.g. a message too large). */
export function transportError(action: string, cause: unknown): EventFlowError {
  const reason = cause instanceof Error ? `${cause.name}: ${cause.message}` : String(cause);
  return new EventFlowError('TRANSPORT_ERROR', `Kafka transport could not ${action}: ${reason}`, { cause });
}

export class DeadlineError extends Error {
  constructor(ms: number) {
    super(`no answer within ${ms} ms`);
    this.name = 'DeadlineError';
  }
}

/** kafkajs errors (anywhere in the cause chain) that mean "the broker is not there". */
const CONNECTION_ERRORS = new Set([
  'DeadlineError',
  'KafkaJSConnectionError',
  'KafkaJSConnectionClosedError',
  'KafkaJSRequestTimeoutError',
  'KafkaJSBrokerNotFound',
  'KafkaJSNoBrokerAvailableError',
  'KafkaJSLockTimeout',
]);

/**
 * True when the failure is about reaching the brokers or a passing cluster state (a retriable
 * kafkajs error such as a leader election or a loading coordinator, after kafkajs's own retries).
 */
export function isUnavailable(error: unknown): boolean {
  for (let e = error, depth = 0; e instanceof Error && depth < 10; e = e.cause, depth++) {
    if (CONNECTION_ERRORS.has(e.name) || (e as { retriable?: unknown }).retriable === true) return true;
    if (/ECONNREFUSED|ECONNRESET|ETIMEDOUT|EHOSTUNREACH/.test(e.message)) return true;
  }
  return false;
}

/** Maps a failure of `action` to TRANSPORT_UNAVAILABLE or TRANSPORT_ERROR. */
export function toTransportError(brokers: readonly string[], action: string, error: unknown): EventFlowError {
  if (error instanceof EventFlowError) return error;
  return isUnavailable(error) ? unavailable(brokers, action, error) : transportError(action, error);
}

/** Rejects with DeadlineError when `promise` takes longer than `ms` (the work itself is not cancelled). */
export function withDeadline<T>(promise: Promise<T>, ms: number): Promise<T> {
  let timer: ReturnType<typeof setTimeout> | undefined;
  const deadline = new Promise<never>((_, reject) => {
    timer = setTimeout(() => reject(new DeadlineError(ms)), ms);
  });
  return Promise.race([promise, deadline]).finally(() => clearTimeout(timer));
}
