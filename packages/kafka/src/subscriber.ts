// One subscription = one kafkajs consumer in group `<groupId>.<group>.<machine>`, reading one machine's topic.
// Partitions are handled concurrently, the messages of a partition strictly one after the other;
// an offset is committed only after its handler resolved (or the message went to onError), so a
// crash or rebalance redelivers at most the messages that were being handled (at-least-once).
import type { BatchHandler, Envelope, Subscription } from '@eventflow/core';
import type { Consumer, EachMessagePayload, Kafka, KafkaMessage } from 'kafkajs';
import { decodeEnvelope } from './codec.ts';
import { deliver, deliverUndecodable, type DeliveryControl, type DeliveryPolicy, type DeliveryResult } from './delivery.ts';
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

  /** Connects, joins the group and resolves once partitions are assigned; rejects after the timeouts. */
  async start(): Promise<void> {
    const { connectionTimeoutMs, joinTimeoutMs } = this.#spec.options;
    const consumer = this.#consumer;
    const joined = new Promise<void>((resolve, reject) => {
      consumer.on(consumer.events.GROUP_JOIN, () => {
        this.#crashes = 0;
        resolve();
      });
      consumer.on(consumer.events.CRASH, ({ payload }) => {
        if (!payload.restart) reject(payload.error);
        this.#onCrash(payload.restart);
      });
    });
    joined.catch(() => undefined);
    await withDeadline(consumer.connect(), connectionTimeoutMs);
    // A new group starts at the beginning, so nothing published before it existed is missed.
    await consumer.subscribe({ topics: [this.#spec.topic], fromBeginning: true });
    await withDeadline(this.#run().then(() => joined), joinTimeoutMs);
  }

  unsubscribe(): Promise<void> {
    this.#stopped ??= this.#stop();
    return this.#stopped;
  }

  #run(): Promise<void> {
    return this.#consumer.run({
      autoCommit: false,
      partitionsConsumedConcurrently: this.#spec.options.concurrency,
      eachMessage: (payload) => this.#eachMessage(payload),
    });
  }

  async #eachMessage({ topic, partition, message, heartbeat }: EachMessagePayload): Promise<void> {
    // Stopping: leave it uncommitted for the group's next owner of this partition.
    if (this.#stopping) return;
    this.#running++;
    try {
      const base = { machine: this.#spec.machine, groupId: this.#spec.groupId, topic, partition, offset: message.offset };
      const control = this.#control(heartbeat);
      const decoded = decode(message, this.#spec.options);
      const result: DeliveryResult =
        'envelope' in decoded
          ? await deliver(decoded.envelope, this.#spec.handler, base, this.#spec.policy, control)
          : await deliverUndecodable(decoded.error, base, this.#spec.policy, control);
      if (result === 'done') {
        await this.#consumer.commitOffsets([{ topic, partition, offset: (BigInt(message.offset) + 1n).toString() }]);
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

function decode(message: KafkaMessage, options: ResolvedOptions): { envelope: Envelope } | { error: unknown } {
  try {
    return { envelope: decodeEnvelope(message, options.payload) };
  } catch (error) {
    return { error };
  }
}
