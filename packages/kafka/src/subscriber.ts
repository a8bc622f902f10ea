// One subscription = one kafkajs consumer in group `<groupId>.<group>.<machine>`, reading one machine's topic.
// Partitions are handled concurrently; what one fetch brought from a partition goes to the handler
// as one batch (at most `maxBatchSize` envelopes), the batches of a partition strictly one after
// the other. The batch's offset is committed once, after its handler resolved (or its failing
// messages went to onError), so a crash or rebalance redelivers at most the batch being handled.
import type { BatchHandler, Subscription } from '@eventflow/core';
import type { Consumer, EachBatchPayload, Kafka, KafkaMessage } from 'kafkajs';
import { decodeEnvelope } from './codec.ts';
import { deliverBatch, type DeliveryControl, type DeliveryPolicy, type Fetched } from './delivery.ts';
import { withDeadline } from './errors.ts';
import type { ResolvedOptions } from './options.ts';

export interface SubscriberSpec {
  readonly kafka: Kafka;
  readonly options: ResolvedOptions;
  readonly machine: string;
  readonly topic: string;
  readonly groupId: string;
  readonly handler: BatchHandler;
  readonly policy: DeliveryPolicy;
}

/** Restart delays after a crash kafkajs does not restart from itself. */
const CRASH_RESTART_MS = [1_000, 2_000, 5_000, 10_000, 30_000];

export class KafkaSubscriber implements Subscription {
  readonly #spec: SubscriberSpec;
  readonly #consumer: Consumer;
  readonly #sleepers = new Set<() => void>();
  #running = 0;
  #drained: (() => void) | undefined;
  #stopping = false;
  #stopped: Promise<void> | undefined;
  #crashes = 0;
  #restartTimer: ReturnType<typeof setTimeout> | undefined;

  constructor(spec: SubscriberSpec) {
    this.#spec = spec;
    const { consumer } = spec.options;
    this.#consumer = spec.kafka.consumer({
      groupId: spec.groupId,
      sessionTimeout: consumer.sessionTimeout,
      rebalanceTimeout: consumer.rebalanceTimeout,
      heartbeatInterval: consumer.heartbeatInterval,
      maxWaitTimeInMs: consumer.maxWaitTimeInMs,
      allowAutoTopicCreation: false,
    });
  }

  /**
   * Connects, joins the group and resolves once partitions are assigned; rejects when `timeoutMs`
   * has passed (naming the last crash kafkajs restarted the consumer from) or kafkajs gives up.
   */
  async start(timeoutMs: number): Promise<void> {
    const consumer = this.#consumer;
    let lastCrash: unknown;
    const joined = new Promise<void>((resolve, reject) => {
      consumer.on(consumer.events.GROUP_JOIN, () => {
        this.#crashes = 0;
        resolve();
      });
      consumer.on(consumer.events.CRASH, ({ payload }) => {
        lastCrash = payload.error;
        if (!payload.restart) reject(payload.error);
        this.#onCrash(payload.restart);
      });
    });
    joined.catch(() => undefined);
    const starting = (async () => {
      await consumer.connect();
      // A new group starts at the beginning, so nothing published before it existed is missed.
      await consumer.subscribe({ topics: [this.#spec.topic], fromBeginning: true });
      await this.#run();
      await joined;
    })();
    await withDeadline(starting, timeoutMs, () => lastCrash);
  }

  unsubscribe(): Promise<void> {
    this.#stopped ??= this.#stop();
    return this.#stopped;
  }

  #run(): Promise<void> {
    return this.#consumer.run({
      autoCommit: false,
      // Only what was handled is resolved: a batch left half-way is fetched again, not skipped.
      eachBatchAutoResolve: false,
      partitionsConsumedConcurrently: this.#spec.options.concurrency,
      eachBatch: (payload) => this.#eachBatch(payload),
    });
  }

  async #eachBatch({ batch, resolveOffset, heartbeat, commitOffsetsIfNecessary, isStale }: EachBatchPayload): Promise<void> {
    // Stopping: leave it uncommitted for the group's next owner of this partition.
    if (this.#stopping) return;
    this.#running++;
    try {
      const { topic, partition } = batch;
      const base = { machine: this.#spec.machine, groupId: this.#spec.groupId, topic, partition };
      // A heartbeat that finds the group rebalancing (a member died or left): finish the batch in
      // hand and return, so kafkajs rejoins at once instead of after the rest of the fetch.
      let rebalancing = false;
      const beat = () =>
        heartbeat().catch((error: unknown) => {
          if ((error as { type?: unknown }).type === 'REBALANCE_IN_PROGRESS') rebalancing = true;
          throw error;
        });
      const control = this.#control(beat);
      const size = this.#spec.options.maxBatchSize;
      for (let from = 0; from < batch.messages.length; from += size) {
        // A revoked partition, a rebalance or a stopping subscription takes no further batch.
        if (this.#stopping || rebalancing || isStale()) return;
        const chunk = batch.messages.slice(from, from + size).map((message) => decode(message, this.#spec.options));
        const done = await deliverBatch(chunk, this.#spec.handler, base, this.#spec.policy, control);
        if (done === 0) return;
        const last = chunk[done - 1]!.offset;
        resolveOffset(last);
        const next = (BigInt(last) + 1n).toString();
        await commitOffsetsIfNecessary({ topics: [{ topic, partitions: [{ partition, offset: next }] }] });
        if (done < chunk.length) return;
      }
    } finally {
      this.#running--;
      if (this.#running === 0) this.#drained?.();
    }
  }

  #control(heartbeat: () => Promise<void>): DeliveryControl {
    return {
      stopping: () => this.#stopping,
      heartbeat,
      sleep: (ms) =>
        new Promise<boolean>((resolve) => {
          const wake = () => {
            clearTimeout(timer);
            this.#sleepers.delete(wake);
            resolve(!this.#stopping);
          };
          const timer = setTimeout(wake, ms);
          this.#sleepers.add(wake);
        }),
    };
  }

  #onCrash(restartedByKafkajs: boolean): void {
    if (restartedByKafkajs || this.#stopping) return;
    // kafkajs gave up on this consumer (a non-retriable error): run it again after a pause.
    const delay = CRASH_RESTART_MS[Math.min(this.#crashes, CRASH_RESTART_MS.length - 1)]!;
    this.#crashes++;
    this.#restartTimer = setTimeout(() => {
      this.#restartTimer = undefined;
      if (!this.#stopping) void this.#run().catch(() => undefined);
    }, delay);
  }

  async #stop(): Promise<void> {
    this.#stopping = true;
    clearTimeout(this.#restartTimer);
    for (const wake of [...this.#sleepers]) wake();
    // Let running handlers finish and commit while the consumer still runs (kafkajs ignores
    // commits of a stopped consumer), then leave the group.
    if (this.#running > 0) await new Promise<void>((resolve) => (this.#drained = resolve));
    await this.#consumer.disconnect().catch(() => undefined);
  }
}

function decode(message: KafkaMessage, options: ResolvedOptions): Fetched {
  try {
    return { offset: message.offset, envelope: decodeEnvelope(message, options.payload) };
  } catch (error) {
    return { offset: message.offset, error };
  }
}
