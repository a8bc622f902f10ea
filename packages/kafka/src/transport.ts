import {
  EventFlowError,
  type BatchHandler,
  type Envelope,
  type SubscribeOptions,
  type Subscription,
  type Transport,
} from '@eventflow/core';
import { Kafka, logLevel, type Admin, type Message, type TopicMessages } from 'kafkajs';
import { encodeEnvelope } from './codec.ts';
import type { DeliveryPolicy } from './delivery.ts';
import { toTransportError } from './errors.ts';
import { DEFAULT_GROUP, resolveOptions, type KafkaTransportOptions, type ResolvedOptions } from './options.ts';
import { Publisher } from './publisher.ts';
import { retryTransient } from './retry.ts';
import { KafkaSubscriber } from './subscriber.ts';
import { TopicRegistry, topicName } from './topics.ts';

/** The Kafka transport: `publish` resolves once the brokers acknowledged every message. */
export interface KafkaEventTransport extends Transport {
  /** True: the brokers hold what publish() accepted. */
  readonly durable: true;
}

/**
 * A Transport over Kafka (kafkajs). One topic per machine (`<topicPrefix><machine without @>`),
 * keyed by `orderingKey`, so each aggregate's envelopes stay in order on one partition. Publishing
 * resolves once all in-sync replicas acknowledged (idempotent producer). Subscriptions are
 * consumer groups (`<groupId>.<group>.<machine>`) that commit an offset only after its handler resolved:
 * at-least-once, retried with backoff, reported to `onError` after `maxAttempts` (see README).
 * Nothing connects before the first publish or subscribe.
 */
export function createKafkaTransport(options: KafkaTransportOptions): KafkaEventTransport {
  return new KafkaTransport(options);
}

class KafkaTransport implements KafkaEventTransport {
  readonly durable = true;
  readonly #options: ResolvedOptions;
  readonly #kafka: Kafka;
  readonly #publisher: Publisher;
  readonly #topics: TopicRegistry;
  readonly #policy: DeliveryPolicy;
  readonly #subscriptions = new Set<KafkaSubscriber>();
  #admin: Promise<Admin> | undefined;
  #closed = false;

  constructor(options: KafkaTransportOptions) {
    this.#options = resolveOptions(options);
    this.#kafka =
      options.kafka ??
      new Kafka({
        clientId: options.clientId,
        brokers: [...options.brokers],
        connectionTimeout: Math.min(this.#options.publishTimeoutMs, 3_000),
        retry: options.retry ?? { initialRetryTime: 100, maxRetryTime: 2_000, retries: 5 },
        logLevel: options.logLevel ?? logLevel.WARN,
      });
    this.#publisher = new Publisher(this.#kafka);
    const { publishTimeoutMs, subscribeTimeoutMs } = this.#options;
    this.#topics = new TopicRegistry(() => this.#connectedAdmin(), this.#options.partitions, Math.max(publishTimeoutMs, subscribeTimeoutMs));
    const logger = this.#kafka.logger();
    this.#policy = {
      maxAttempts: this.#options.maxAttempts,
      backoff: this.#options.backoff,
      heartbeatIntervalMs: this.#options.consumer.heartbeatInterval,
      onError:
        this.#options.onError ??
        ((letter) =>
          logger.error(`EventFlow: gave up on ${letter.envelope?.id ?? 'a message that is not an envelope'}, skipped`, {
            topic: letter.topic,
            partition: letter.partition,
            offset: letter.offset,
            groupId: letter.groupId,
            attempts: letter.attempts,
            error: letter.error instanceof Error ? letter.error.message : String(letter.error),
          })),
    };
  }

  async publish(envelopes: readonly Envelope[]): Promise<void> {
    this.#assertOpen();
    const bad = envelopes.find((envelope) => typeof envelope?.to?.machine !== 'string');
    if (bad !== undefined) {
      throw new EventFlowError('INVALID_ENVELOPE', `Envelope ${String(bad?.id)} has no to.machine; nothing was published.`);
    }
    if (envelopes.length === 0) return;
    const byTopic = new Map<string, Message[]>();
    for (const envelope of envelopes) {
      const topic = topicName(this.#options.topicPrefix, envelope.to.machine);
      const messages = byTopic.get(topic);
      if (messages) messages.push(encodeEnvelope(envelope));
      else byTopic.set(topic, [encodeEnvelope(envelope)]);
    }
    const topicMessages: TopicMessages[] = [...byTopic].map(([topic, messages]) => ({ topic, messages }));
    const action = `publish ${envelopes.length} envelope(s) to ${[...byTopic.keys()].join(', ')}`;
    const { publishTimeoutMs } = this.#options;
    const deadline = Date.now() + publishTimeoutMs;
    const onRetry = this.#logRetry(action);
    try {
      await retryTransient(() => this.#topics.ensure(byTopic.keys()), { deadline, onRetry, abandoned: () => this.#closed });
      await this.#publisher.send(topicMessages, deadline, onRetry);
    } catch (error) {
      throw toTransportError(this.#options.brokers, action, error, publishTimeoutMs);
    }
  }

  async subscribe(machine: string, handler: BatchHandler, options: SubscribeOptions = {}): Promise<Subscription> {
    this.#assertOpen();
    const topic = topicName(this.#options.topicPrefix, machine);
    // One consumer group per machine: kafkajs's assigner gives every member partitions of every
    // topic in its group, so members subscribed to different machines must not share a group.
    const groupId = `${this.#options.groupId}.${options.group ?? DEFAULT_GROUP}.${machine.replace(/^@/, '')}`;
    const action = `subscribe to ${topic} as consumer group ${groupId}`;
    const { subscribeTimeoutMs } = this.#options;
    let subscriber: KafkaSubscriber;
    try {
      // Each attempt gets a fresh consumer: a kafkajs consumer cannot subscribe again once it ran.
      subscriber = await retryTransient((msLeft) => this.#subscribeOnce(topic, groupId, machine, handler, msLeft), {
        deadline: Date.now() + subscribeTimeoutMs,
        onRetry: this.#logRetry(action),
        abandoned: () => this.#closed,
      });
    } catch (error) {
      if (this.#closed) throw closedError();
      throw toTransportError(this.#options.brokers, action, error, subscribeTimeoutMs);
    }
    if (this.#closed) {
      await this.#drop(subscriber);
      throw closedError();
    }
    return {
      unsubscribe: () => this.#drop(subscriber),
    };
  }

  async #subscribeOnce(topic: string, groupId: string, machine: string, handler: BatchHandler, msLeft: number): Promise<KafkaSubscriber> {
    const deadline = Date.now() + msLeft;
    let subscriber: KafkaSubscriber | undefined;
    try {
      await this.#topics.ensure([topic]);
      subscriber = new KafkaSubscriber({ kafka: this.#kafka, options: this.#options, machine, topic, groupId, handler, policy: this.#policy });
      this.#subscriptions.add(subscriber);
      await subscriber.start(Math.max(1, deadline - Date.now()));
      return subscriber;
    } catch (error) {
      if (subscriber) await this.#drop(subscriber);
      // The topic may be gone, or not yet known to the broker the consumer asked: check it again.
      this.#topics.forget(topic);
      throw error;
    }
  }

  /** Logs a transient failure that is about to be retried through the kafkajs logger, at WARN. */
  #logRetry(action: string): (error: unknown, pauseMs: number) => void {
    const logger = this.#kafka.logger();
    return (error, pauseMs) =>
      logger.warn(`EventFlow: could not ${action} yet, trying again in ${pauseMs} ms`, {
        error: error instanceof Error ? `${error.name}: ${error.message}` : String(error),
      });
  }

  async close(): Promise<void> {
    if (this.#closed) return;
    this.#closed = true;
    await Promise.all([...this.#subscriptions].map((subscriber) => this.#drop(subscriber)));
    const admin = this.#admin;
    this.#admin = undefined;
    await Promise.all([this.#publisher.close(), admin?.then((a) => a.disconnect()).catch(() => undefined)]);
  }

  async #drop(subscriber: KafkaSubscriber): Promise<void> {
    await subscriber.unsubscribe();
    this.#subscriptions.delete(subscriber);
  }

  #connectedAdmin(): Promise<Admin> {
    if (this.#closed) return Promise.reject(closedError());
    if (this.#admin === undefined) {
      const admin = this.#kafka.admin();
      const connecting = admin.connect().then(
        () => admin,
        async (error: unknown) => {
          this.#admin = undefined;
          await admin.disconnect().catch(() => undefined);
          throw error;
        },
      );
      this.#admin = connecting;
    }
    return this.#admin;
  }

  #assertOpen(): void {
    if (this.#closed) throw closedError();
  }
}

function closedError(): EventFlowError {
  return new EventFlowError('TRANSPORT_CLOSED', 'The Kafka transport is closed.');
}
