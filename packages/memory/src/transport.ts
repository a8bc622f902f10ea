// The reference transport, in one process: per machine, consumer groups that each get every envelope
// and hand them to their members in batches, one ordering key at a time.
import {
  EventFlowError,
  type BatchHandler,
  type Envelope,
  type SubscribeOptions,
  type Subscription,
  type Transport,
} from '@eventflow/core';
import { ConsumerGroup, type DeadLetter, type GroupPolicy } from './consumer-group.ts';

/** Options of `createMemoryTransport`. */
export interface MemoryTransportOptions {
  /** Deliveries of one envelope before it is parked as a dead letter (default 5). */
  readonly maxAttempts?: number;
  /** Milliseconds before redelivering an envelope that failed `failures` times (default 2^failures, at most 50). */
  readonly backoff?: (failures: number) => number;
  /** Called when an envelope is parked as a dead letter. */
  readonly onError?: (letter: DeadLetter) => void;
  /** The most envelopes handed to a handler in one call (default 256). */
  readonly maxBatchSize?: number;
}

/** The in-process transport, plus what tests need: its dead letters and a way to wait until it is idle. */
export interface MemoryTransport extends Transport {
  /** False: envelopes live in this process only; the runtime keeps them in its outbox until handled. */
  readonly durable: false;
  /** Resolves when no envelope is being delivered, waiting for redelivery, or deliverable to a subscriber. */
  idle(): Promise<void>;
  /** Envelopes that failed `maxAttempts` deliveries, oldest first. */
  deadLetters(): readonly DeadLetter[];
}

/** Subscribers without a `group` share this one: a machine's plain subscribers split its envelopes. */
export const DEFAULT_GROUP = '';

/**
 * The reference transport, in one process. At-least-once: a handler that rejects gets its batch
 * again, one envelope at a time after a short backoff; after `maxAttempts` failures an envelope is parked (`deadLetters()`).
 * Per machine, every consumer group gets every envelope; inside a group an ordering key is always
 * handled by one member and one envelope at a time, in publish order. Envelopes published while a
 * machine has no group yet are kept for the first one; a group whose members all left keeps
 * collecting envelopes for the next member. Envelopes are handed over as published (not copied).
 */
export function createMemoryTransport(options: MemoryTransportOptions = {}): MemoryTransport {
  return new MemoryTransportImpl(options);
}

interface Topic {
  /** Published while the machine had no consumer group. */
  readonly waiting: Envelope[];
  /** A machine has few groups: a list. */
  readonly groups: ConsumerGroup[];
}

class MemoryTransportImpl implements MemoryTransport {
  readonly durable = false;
  readonly #topics = new Map<string, Topic>();
  readonly #deadLetters: DeadLetter[] = [];
  readonly #policy: GroupPolicy;
  readonly #subscriptions = new Set<Subscription>();
  #idleWaiters: (() => void)[] = [];
  #closed = false;

  constructor(options: MemoryTransportOptions) {
    const { onError } = options;
    this.#policy = {
      maxAttempts: Math.max(1, options.maxAttempts ?? 5),
      backoff: options.backoff ?? ((failures) => Math.min(2 ** failures, 50)),
      maxBatchSize: Math.max(1, options.maxBatchSize ?? 256),
      deadLetter: (letter) => {
        this.#deadLetters.push(letter);
        try {
          onError?.(letter);
        } catch {
          // A failing error callback must not stop delivery of the other envelopes.
        }
      },
      settled: () => this.#checkIdle(),
    };
  }

  async publish(envelopes: readonly Envelope[]): Promise<void> {
    this.#assertOpen();
    for (const envelope of envelopes) {
      if (typeof envelope?.to?.machine !== 'string') {
        throw new EventFlowError('INVALID_ENVELOPE', `Envelope ${String(envelope?.id)} has no to.machine; nothing was published.`);
      }
    }
    for (const envelope of envelopes) {
      const topic = this.#topic(envelope.to.machine);
      const groups = topic.groups;
      if (groups.length === 0) topic.waiting.push(envelope);
      else for (let i = 0; i < groups.length; i++) (groups[i] as ConsumerGroup).enqueue(envelope);
    }
    this.#checkIdle();
  }

  async subscribe(machine: string, handler: BatchHandler, options: SubscribeOptions = {}): Promise<Subscription> {
    this.#assertOpen();
    const topic = this.#topic(machine);
    const name = options.group ?? DEFAULT_GROUP;
    let group = topic.groups.find((known) => known.name === name);
    if (group === undefined) {
      group = new ConsumerGroup(machine, name, this.#policy);
      topic.groups.push(group);
      for (const envelope of topic.waiting.splice(0)) group.enqueue(envelope);
    }
    const joined = group;
    const member = joined.join(handler);
    let stopped: Promise<void> | undefined;
    const subscription: Subscription = {
      unsubscribe: () => {
        stopped ??= joined.leave(member).then(() => {
          this.#subscriptions.delete(subscription);
          this.#checkIdle();
        });
        return stopped;
      },
    };
    this.#subscriptions.add(subscription);
    return subscription;
  }

  idle(): Promise<void> {
    if (!this.#busy()) return Promise.resolve();
    return new Promise((resolve) => this.#idleWaiters.push(resolve));
  }

  deadLetters(): readonly DeadLetter[] {
    return [...this.#deadLetters];
  }

  async close(): Promise<void> {
    if (this.#closed) return;
    this.#closed = true;
    await Promise.all([...this.#subscriptions].map((subscription) => subscription.unsubscribe()));
    for (const topic of this.#topics.values()) for (const group of topic.groups) group.clear();
    this.#topics.clear();
    this.#checkIdle();
  }

  #topic(machine: string): Topic {
    let topic = this.#topics.get(machine);
    if (topic === undefined) {
      topic = { waiting: [], groups: [] };
      this.#topics.set(machine, topic);
    }
    return topic;
  }

  #busy(): boolean {
    for (const topic of this.#topics.values()) for (const group of topic.groups) if (group.busy()) return true;
    return false;
  }

  #checkIdle(): void {
    if (this.#idleWaiters.length === 0 || this.#busy()) return;
    const waiters = this.#idleWaiters;
    this.#idleWaiters = [];
    for (const resolve of waiters) resolve();
  }

  #assertOpen(): void {
    if (this.#closed) throw new EventFlowError('TRANSPORT_CLOSED', 'The memory transport is closed.');
  }
}
