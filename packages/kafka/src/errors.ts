// Turning kafkajs failures into EventFlowErrors, telling a passing cluster state from a real
// failure, and bounding how long an operation may wait for a broker that does not answer.
import { EventFlowError } from '@eventflow/core';

/** Raised when the brokers cannot be reached (or did not answer) within the configured time. */
export function unavailable(brokers: readonly string[], action: string, cause: unknown): EventFlowError {
  return new EventFlowError('TRANSPORT_UNAVAILABLE', `Kafka brokers ${brokers.join(', ')} unavailable: could not ${action} (${describe(cause)})`, {
    cause,
    hint: 'Check that the brokers are running and reachable, or raise publishTimeoutMs / subscribeTimeoutMs.',
  });
}

/** Raised for a failure that is not about reaching the brokers (e.g. a message too large). */
export function transportError(action: string, cause: unknown): EventFlowError {
  return new EventFlowError('TRANSPORT_ERROR', `Kafka transport could not ${action}: ${describe(cause)}`, { cause });
}

/** The time given to an operation ran out; `cause` is the last transient failure, if any. */
export class DeadlineError extends Error {
  constructor(ms: number, lastFailure?: unknown) {
    const message =
      lastFailure === undefined ? `no answer within ${ms} ms` : `${describe(lastFailure)}; still failing after ${ms} ms`;
    super(message, lastFailure === undefined ? undefined : { cause: lastFailure });
    this.name = 'DeadlineError';
  }
}

function describe(cause: unknown): string {
  if (cause instanceof DeadlineError) return cause.message;
  return cause instanceof Error ? `${cause.name}: ${cause.message}` : String(cause);
}

/** kafkajs error types that mean it gave up waiting or retrying: the cluster is slow, not wrong. */
const KAFKAJS_GAVE_UP = new Set(['KafkaJSTimeout', 'KafkaJSLockTimeout', 'KafkaJSRequestTimeoutError', 'KafkaJSNumberOfRetriesExceeded']);

/**
 * True for a passing cluster state worth trying again: a leader election, a topic the broker does
 * not know yet, a coordinator still loading, a broker not reachable right now. Decided as kafkajs
 * decides whether to restart a crashed consumer (the original cause's `retriable` flag, or kafkajs
 * ran out of its own retries), plus kafkajs's timeout types; createTopics' aggregate error is
 * transient when each topic's error is.
 */
export function isTransient(error: unknown): boolean {
  if (!(error instanceof Error)) return false;
  const errors = (error as { errors?: unknown }).errors;
  if (Array.isArray(errors) && errors.length > 0) return errors.every(isTransient);
  let original: Error = error;
  for (let e: unknown = error, depth = 0; e instanceof Error && depth < 10; e = e.cause, depth++) {
    if (KAFKAJS_GAVE_UP.has(e.name)) return true;
    original = e;
  }
  return (original as { retriable?: unknown }).retriable === true;
}

/** True when the failure is about reaching the brokers or a passing cluster state that outlived its deadline. */
export function isUnavailable(error: unknown): boolean {
  return error instanceof DeadlineError || isTransient(error);
}

/**
 * Maps a failure of `action` to TRANSPORT_UNAVAILABLE or TRANSPORT_ERROR. A deadline failure names
 * `timeoutMs`, the action's whole time, rather than what was left of it when its last step began.
 */
export function toTransportError(brokers: readonly string[], action: string, error: unknown, timeoutMs?: number): EventFlowError {
  if (error instanceof EventFlowError) return error;
  if (error instanceof DeadlineError && timeoutMs !== undefined) return unavailable(brokers, action, new DeadlineError(timeoutMs, error.cause));
  return isUnavailable(error) ? unavailable(brokers, action, error) : transportError(action, error);
}

/** Rejects with DeadlineError when `promise` takes longer than `ms` (the work itself is not cancelled). */
export function withDeadline<T>(promise: Promise<T>, ms: number, lastFailure?: () => unknown): Promise<T> {
  let timer: ReturnType<typeof setTimeout> | undefined;
  const deadline = new Promise<never>((_, reject) => {
    timer = setTimeout(() => reject(new DeadlineError(ms, lastFailure?.())), ms);
  });
  return Promise.race([promise, deadline]).finally(() => clearTimeout(timer));
}
