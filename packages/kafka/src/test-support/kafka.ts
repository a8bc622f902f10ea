// Shared by the integration tests: the broker address, fast group settings, unique names, a
// recording handler, and a second channel into Kafka (admin / raw consumer) that bypasses the adapter.
import type { Envelope, BatchHandler, Transport } from '@eventflow/core';
import { Kafka, logLevel, type Admin } from 'kafkajs';
import { createKafkaTransport, type KafkaTransportOptions } from '../index.ts';

export function brokers(): string[] {
  const list = process.env.EVENTFLOW_KAFKA_BROKERS;
  if (!list) throw new Error('EVENTFLOW_KAFKA_BROKERS is not set: run through the vitest `int` project');
  return list.split(',').map((b) => b.trim());
}

/** kafkajs logs at this level in tests (EVENTFLOW_KAFKA_TEST_LOG=debug|info|warn|error; default nothing). */
export function testLogLevel(): logLevel {
  const levels: Record<string, logLevel> = { debug: logLevel.DEBUG, info: logLevel.INFO, warn: logLevel.WARN, error: logLevel.ERROR };
  return levels[process.env.EVENTFLOW_KAFKA_TEST_LOG ?? ''] ?? logLevel.NOTHING;
}

export function unique(label: string): string {
  return `${label}-${Date.now().toString(36)}-${Math.random().toString(36).slice(2, 8)}`;
}

/** Group settings that make joins, leaves and rebalances take well under a second or two. */
export const FAST_GROUPS = { sessionTimeout: 6_000, rebalanceTimeout: 5_000, heartbeatInterval: 500, maxWaitTimeInMs: 200 } as const;

/** A transport in its own topic prefix and group id namespace. */
export function testTransport(overrides: Partial<KafkaTransportOptions> = {}): { transport: Transport; topicPrefix: string; groupId: string } {
  const name = unique('t');
  const topicPrefix = `eventflow-test.${name}.`;
  const groupId = `eventflow-test.${name}`;
  const transport = createKafkaTransport({
    brokers: brokers(),
    clientId: `test-${name}`,
    topicPrefix,
    groupId,
    logLevel: testLogLevel(),
    consumer: FAST_GROUPS,
    backoff: (failures) => Math.min(20 * 2 ** failures, 200),
    ...overrides,
  });
  return { transport, topicPrefix, groupId };
}

export function envelope(id: string, machine: string, aggregateId?: string, extra: Partial<Envelope> = {}): Envelope {
  return {
    id,
    event: ':tested',
    conversation_id: `conv-${id}`,
    from: { machine: '@tester' },
    to: aggregateId === undefined ? { machine } : { machine, aggregate_id: aggregateId },
    data: { n: id },
    timestamp: '2025-01-01T00:00:00.000Z',
    ...extra,
  };
}

export const sleep = (ms: number) => new Promise<void>((resolve) => setTimeout(resolve, ms));

/** Polls `check` until it holds; throws with `what` after `timeoutMs`. */
export async function eventually(check: () => boolean | Promise<boolean>, what: string, timeoutMs = 20_000): Promise<void> {
  const deadline = Date.now() + timeoutMs;
  while (!(await check())) {
    if (Date.now() > deadline) throw new Error(`timed out after ${timeoutMs} ms waiting for: ${what}`);
    await sleep(20);
  }
}

export interface Delivery {
  readonly envelope: Envelope;
  readonly subscriber: string;
  readonly ok: boolean;
}

/** Records every handler call; `fail(id)` says how many times an id's delivery should reject. */
export class Recorder {
  readonly deliveries: Delivery[] = [];
  readonly overlaps: string[] = [];
  readonly #busyKeys = new Set<string>();
  readonly #fail: (envelope: Envelope, attempt: number) => boolean;
  readonly #attempts = new Map<string, number>();

  constructor(fail: (envelope: Envelope, attempt: number) => boolean = () => false) {
    this.#fail = fail;
  }

  /** Handles a batch's envelopes in order; the first rejected rejects the batch. */
  handler(subscriber = 'main', delayMs = 0): BatchHandler {
    return async (batch) => {
      for (const envelope of batch) await this.#handle(envelope, subscriber, delayMs);
    };
  }

  async #handle(envelope: Envelope, subscriber: string, delayMs: number): Promise<void> {
    const key = envelope.to.aggregate_id ?? envelope.conversation_id;
    if (this.#busyKeys.has(key)) this.overlaps.push(key);
    this.#busyKeys.add(key);
    const attempt = (this.#attempts.get(envelope.id) ?? 0) + 1;
    this.#attempts.set(envelope.id, attempt);
    try {
      if (delayMs > 0) await sleep(delayMs);
      const ok = !this.#fail(envelope, attempt);
      this.deliveries.push({ envelope, subscriber, ok });
      if (!ok) throw new Error(`test: delivery ${attempt} of ${envelope.id} rejected`);
    } finally {
      this.#busyKeys.delete(key);
    }
  }

  /** Ids acknowledged at least once, in the order of their first acknowledgement. */
  acked(): string[] {
    return [...new Set(this.deliveries.filter((d) => d.ok).map((d) => d.envelope.id))];
  }

  ackedSet(): Set<string> {
    return new Set(this.acked());
  }
}

/** A kafkajs admin that is not the adapter's: reads committed offsets and topic metadata. */
export async function probeAdmin(): Promise<Admin> {
  const admin = new Kafka({ clientId: unique('probe'), brokers: brokers(), logLevel: logLevel.NOTHING }).admin();
  await admin.connect();
  return admin;
}

/** Committed offset per partition of `topic` for `groupId` (-1: nothing committed). */
export async function committedOffsets(admin: Admin, groupId: string, topic: string): Promise<Map<number, number>> {
  const [result] = await admin.fetchOffsets({ groupId, topics: [topic] });
  return new Map((result?.partitions ?? []).map((p) => [p.partition, Number(p.offset)]));
}
