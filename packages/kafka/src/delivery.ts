// The retry policy for one message. The handler is called; when it rejects (or throws) it is called
// again after `backoff(failures)` ms, up to `maxAttempts` calls. Then the message is handed to
// `onError` as a dead letter and counts as done (its offset is committed). If `onError` rejects,
// the message is kept: a new round of attempts starts. Nothing is dropped without `onError`.
// The consumer group is heartbeated while a handler runs and between attempts, so a slow or
// retried message does not cost the member its partitions.
import type { BatchHandler, Envelope } from '@eventflow/core';
import type { KafkaDeadLetter } from './options.ts';

export interface DeliveryPolicy {
  readonly maxAttempts: number;
  readonly backoff: (failures: number) => number;
  readonly onError: (letter: KafkaDeadLetter) => void | Promise<void>;
  readonly heartbeatIntervalMs: number;
}

export interface DeliveryControl {
  /** True once the subscription is stopping: no new handler call may start. */
  readonly stopping: () => boolean;
  /** Waits `ms`; resolves false when the subscription stopped meanwhile. */
  readonly sleep: (ms: number) => Promise<boolean>;
  /** kafkajs `heartbeat()`; rejects when the group is rebalancing. */
  readonly heartbeat: () => Promise<void>;
}

/** Where the message came from, for dead letters. */
export type LetterBase = Omit<KafkaDeadLetter, 'envelope' | 'attempts' | 'error'>;

/** `done`: acknowledged or reported to onError (commit it); `stopped`: not done (do not commit). */
export type DeliveryResult = 'done' | 'stopped';

/** Hands one message to the handler as a batch of one. */
export async function deliver(
  envelope: Envelope,
  handler: BatchHandler,
  base: LetterBase,
  policy: DeliveryPolicy,
  control: DeliveryControl,
): Promise<DeliveryResult> {
  let failures = 0;
  for (;;) {
    if (control.stopping()) return 'stopped';
    try {
      await whileBeating(() => handler([envelope]), control.heartbeat, policy.heartbeatIntervalMs);
      return 'done';
    } catch (error) {
      failures++;
      const wait = policy.backoff(failures);
      if (failures >= policy.maxAttempts) {
        if (await reported({ ...base, envelope, attempts: failures, error }, policy)) return 'done';
        failures = 0;
      }
      if (!(await control.sleep(wait))) return 'stopped';
      await control.heartbeat();
    }
  }
}

/** A message that is not an envelope: reported until onError accepts it (it can never succeed). */
export async function deliverUndecodable(
  error: unknown,
  base: LetterBase,
  policy: DeliveryPolicy,
  control: DeliveryControl,
): Promise<DeliveryResult> {
  for (let round = 1; ; round++) {
    if (control.stopping()) return 'stopped';
    if (await reported({ ...base, envelope: undefined, attempts: 0, error }, policy)) return 'done';
    if (!(await control.sleep(policy.backoff(round)))) return 'stopped';
    await control.heartbeat();
  }
}

async function reported(letter: KafkaDeadLetter, policy: DeliveryPolicy): Promise<boolean> {
  try {
    await policy.onError(letter);
    return true;
  } catch {
    return false;
  }
}

/** Runs `work`, heartbeating every `intervalMs` meanwhile (heartbeat failures are left to kafkajs). */
async function whileBeating<T>(work: () => Promise<T>, heartbeat: () => Promise<void>, intervalMs: number): Promise<T> {
  const timer = setInterval(() => void heartbeat().catch(() => undefined), intervalMs);
  try {
    return await work();
  } finally {
    clearInterval(timer);
  }
}
