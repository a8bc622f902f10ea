// The retry policy. A fetched batch is handed to the handler in one call; if that call rejects,
// its messages are handed over one at a time, each under the per-message policy: the handler is
// called again after `backoff(failures)` ms, up to `maxAttempts` calls, then the message goes to
// `onError` as a dead letter and counts as done (its offset is committed). If `onError` rejects,
// the message is kept: a new round of attempts starts. Nothing is dropped without `onError`.
// The consumer group is heartbeated while a handler runs and between attempts, so a slow or
// retried batch does not cost the member its partitions.
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

/** A fetched message: its offset and the envelope it carries, or why it is not one. */
export type Fetched = { readonly offset: string } & ({ readonly envelope: Envelope } | { readonly error: unknown });

/**
 * Hands `messages` (of one partition, in offset order) to the handler as one batch; after a
 * rejection, one at a time. Returns how many of them, from the first, are done (commit up to there).
 */
export async function deliverBatch(
  messages: readonly Fetched[],
  handler: BatchHandler,
  base: Omit<LetterBase, 'offset'>,
  policy: DeliveryPolicy,
  control: DeliveryControl,
): Promise<number> {
  const envelopes = messages.flatMap((m) => ('envelope' in m ? [m.envelope] : []));
  // A batch of one goes straight to the per-message policy, so its attempts are counted exactly.
  if (messages.length > 1 && envelopes.length === messages.length && !control.stopping()) {
    try {
      await whileBeating(() => handler(envelopes), control.heartbeat, policy.heartbeatIntervalMs);
      return messages.length;
    } catch {
      // Which envelope failed is not known: find it by handing them over one at a time.
    }
  }
  let done = 0;
  for (const message of messages) {
    const letterBase = { ...base, offset: message.offset };
    const result =
      'envelope' in message
        ? await deliver(message.envelope, handler, letterBase, policy, control)
        : await deliverUndecodable(message.error, letterBase, policy, control);
    if (result === 'stopped') break;
    done++;
  }
  return done;
}

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
