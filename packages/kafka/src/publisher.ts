// The one idempotent producer of a transport. Sends go out one at a time, in call order (so two
// publish calls keep their order per key), each as a single sendBatch acknowledged by all in-sync
// replicas, tried again through transient broker errors until its deadline. A send that failed or
// ran out of time drops the producer: the next attempt starts a fresh one (new producer id), so a
// broken idempotence sequence never blocks later sends.
import { EventFlowError } from '@eventflow/core';
import { Partitioners, type Kafka, type Producer, type TopicMessages } from 'kafkajs';
import { DeadlineError, withDeadline } from './errors.ts';
import { retryTransient } from './retry.ts';

interface Job {
  cancelled: boolean;
  lastFailure?: unknown;
}

export class Publisher {
  readonly #kafka: Kafka;
  #producer: Promise<Producer> | undefined;
  #queue: Promise<void> = Promise.resolve();
  #closed = false;

  constructor(kafka: Kafka) {
    this.#kafka = kafka;
  }

  /**
   * Resolves once the brokers acknowledged every message (acks = all). Transient failures are
   * retried (`onRetry` is told of each) while `deadline` (epoch ms) allows, waiting in line included.
   */
  async send(topicMessages: TopicMessages[], deadline: number, onRetry?: (error: unknown, pauseMs: number) => void): Promise<void> {
    const job: Job = { cancelled: false };
    const run = this.#queue.then(() => this.#run(job, topicMessages, deadline, onRetry));
    this.#queue = run.catch(() => undefined);
    try {
      await withDeadline(run, Math.max(1, deadline - Date.now()), () => job.lastFailure);
    } catch (error) {
      job.cancelled = true;
      if (error instanceof DeadlineError) this.#drop();
      throw error;
    }
  }

  /** Disconnects the producer for good; sends still queued fail. */
  async close(): Promise<void> {
    this.#closed = true;
    await this.#disconnect();
  }

  async #run(job: Job, topicMessages: TopicMessages[], deadline: number, onRetry?: (error: unknown, pauseMs: number) => void): Promise<void> {
    // Timed out while waiting for an earlier send: the caller was told it failed, so do not send.
    if (job.cancelled) throw new DeadlineError(0);
    try {
      await retryTransient(() => this.#sendOnce(topicMessages), {
        deadline,
        abandoned: () => job.cancelled || this.#closed,
        onRetry: (error, pauseMs) => {
          job.lastFailure = error;
          onRetry?.(error, pauseMs);
        },
      });
    } catch (error) {
      // Before the next send starts: an attempt abandoned at the deadline may still be in flight.
      this.#drop();
      throw error;
    }
  }

  async #sendOnce(topicMessages: TopicMessages[]): Promise<void> {
    if (this.#closed) throw new EventFlowError('TRANSPORT_CLOSED', 'The Kafka transport is closed.');
    try {
      const producer = await this.#connected();
      await producer.sendBatch({ topicMessages, acks: -1 });
    } catch (error) {
      this.#drop();
      throw error;
    }
  }

  #connected(): Promise<Producer> {
    this.#producer ??= (async () => {
      const producer = this.#kafka.producer({
        idempotent: true,
        maxInFlightRequests: 1,
        allowAutoTopicCreation: true,
        createPartitioner: Partitioners.DefaultPartitioner,
      });
      try {
        await producer.connect();
      } catch (error) {
        await producer.disconnect().catch(() => undefined);
        throw error;
      }
      return producer;
    })();
    return this.#producer;
  }

  /** Forgets the current producer (a later send connects a new one) and disconnects it. */
  #drop(): void {
    void this.#disconnect();
  }

  async #disconnect(): Promise<void> {
    const producer = this.#producer;
    this.#producer = undefined;
    await producer?.then((p) => p.disconnect()).catch(() => undefined);
  }
}
