// 6. Kafka transport: envelopes/s end to end through `@eventflow/kafka` (publish N envelopes in
// batches, then wait until the subscribed handler got all N) against raw kafkajs doing the same:
// an idempotent producer's sendBatch of the same keys, headers and values, and a consumer with
// eachMessage and a manual commit per message, on topics with the same partitions, on the real
// broker of EVENTFLOW_KAFKA_BROKERS.
import { isDeepStrictEqual } from 'node:util';
import type { Envelope, Subscription, Transport } from '@eventflow/core';
import { createKafkaTransport, topicName } from '@eventflow/kafka';
import type { Consumer, Kafka, Producer } from 'kafkajs';
import { createTopics, deleteGroups, encodeMessage, kafkaClient, PARTITIONS, rawConsumer, rawProducer } from './kafka-raw.ts';
import { checkoutRecords } from './machine.ts';
import { startResult, statsOf, type BenchResult, type Scale } from './report.ts';
import { interleave, speedRatio, type Contender, type Measured, type RoundOptions } from './rounds.ts';
import { Counter, deleteTopics, GROUP_TUNING, KAFKA_LOG_LEVEL, kafkaBrokers, runName } from './servers.ts';

export interface KafkaTransportOptions extends RoundOptions {
  /** Envelopes per timed call. */
  readonly envelopes: number;
  /** Envelopes per publish call (one sendBatch each), awaited one after the other. */
  readonly batch: number;
}

// time 0: every phase runs exactly `iterations` calls (the same envelopes on both sides).
export const KAFKA_TRANSPORT: Record<Scale, KafkaTransportOptions> = {
  full: { rounds: 5, time: 0, warmupTime: 0, iterations: 5, warmupIterations: 1, envelopes: 1_000, batch: 100 },
  quick: { rounds: 3, time: 0, warmupTime: 0, iterations: 3, warmupIterations: 1, envelopes: 500, batch: 100 },
  tiny: { rounds: 1, time: 0, warmupTime: 0, iterations: 2, warmupIterations: 0, envelopes: 20, batch: 10 },
};

/** How long one call may wait for its envelopes to arrive before the benchmark fails. */
const ARRIVAL_TIMEOUT_MS = 60_000;
const MACHINE = '@payment';

/** Envelope `n`: the :payment_request the runtime emits in checkout `n` (keyed by conversation: all partitions). */
function envelopeOf(n: number): Envelope {
  return checkoutRecords(n)[0].outcome.emitted[0] as Envelope;
}

/** The `n` of an envelope id made by checkoutRecords (`evt-fb` + n in base 36). */
function numberOf(id: string): number {
  return Number.parseInt(id.slice('evt-fb'.length), 36);
}

function envelopes(from: number, count: number): Envelope[] {
  const list: Envelope[] = [];
  for (let n = from; n < from + count; n++) list.push(envelopeOf(n));
  return list;
}

interface Side {
  readonly name: string;
  start(): Promise<void>;
  publish(batch: readonly Envelope[]): Promise<void>;
  readonly received: Counter;
  stop(): Promise<void>;
  /** What was received matches what was published (untimed check at the end). */
  verify(): Promise<Record<string, unknown>>;
}

function adapterSide(namespace: string): Side & { topic: string } {
  const received = new Counter();
  const seen = new Set<string>();
  let checked = 0;
  let mismatch = 0;
  let transport: Transport | undefined;
  let subscription: Subscription | undefined;
  const topicPrefix = `${namespace}.`;
  return {
    name: '@eventflow/kafka publish + subscribe',
    topic: topicName(topicPrefix, MACHINE),
    received,
    start: async () => {
      transport = createKafkaTransport({
        brokers: kafkaBrokers(),
        clientId: namespace,
        topicPrefix,
        groupId: namespace,
        partitions: PARTITIONS,
        consumer: GROUP_TUNING,
        logLevel: KAFKA_LOG_LEVEL,
      });
      subscription = await transport.subscribe(MACHINE, async (envelopes) => {
        for (const envelope of envelopes) {
          seen.add(envelope.id);
          // Spot-check every 97th envelope: deep-equal to the one published (rebuilt from its number).
          if (received.value % 97 === 0) {
            checked++;
            if (!isDeepStrictEqual(envelope, envelopeOf(numberOf(envelope.id)))) mismatch++;
          }
          received.add();
        }
      });
    },
    publish: async (batch) => {
      await (transport as Transport).publish(batch);
    },
    stop: async () => {
      await subscription?.unsubscribe();
      await transport?.close();
    },
    verify: async () => ({ distinct_ids: seen.size, envelopes_spot_checked: checked, spot_check_mismatches: mismatch }),
  };
}

function rawSide(kafka: Kafka, namespace: string): Side & { topic: string; group: string } {
  const received = new Counter();
  const seen = new Set<string>();
  const topic = `${namespace}-raw.payment`;
  const group = `${namespace}-raw.default.payment`;
  let producer: Producer | undefined;
  let consumer: Consumer | undefined;
  return {
    name: 'raw kafkajs sendBatch + eachMessage',
    topic,
    group,
    received,
    start: async () => {
      await createTopics(kafka, [topic]);
      producer = await rawProducer(kafka);
      consumer = await rawConsumer(kafka, group, topic, ({ message }) => {
        seen.add(String(message.headers?.['id']));
        received.add();
      });
    },
    publish: async (batch) => {
      await (producer as Producer).sendBatch({ topicMessages: [{ topic, messages: batch.map(encodeMessage) }], acks: -1 });
    },
    stop: async () => {
      await consumer?.disconnect();
      await producer?.disconnect();
    },
    verify: async () => ({ distinct_ids: seen.size }),
  };
}

function contender(side: Side, options: KafkaTransportOptions, numbers: { next: number }): Contender {
  // Envelopes received before (the warm-up) count towards the target too.
  let published = side.received.value;
  return {
    name: side.name,
    opsPerCall: options.envelopes,
    fn: async () => {
      const list = envelopes(numbers.next, options.envelopes);
      numbers.next += options.envelopes;
      for (let i = 0; i < list.length; i += options.batch) await side.publish(list.slice(i, i + options.batch));
      published += list.length;
      await side.received.reach(published, ARRIVAL_TIMEOUT_MS, side.name);
    },
  };
}

export async function runKafkaTransport(scale: Scale = 'full'): Promise<BenchResult> {
  const options = KAFKA_TRANSPORT[scale];
  const finish = startResult('kafka-transport', 'Kafka transport publish + consume vs raw kafkajs (real broker)', scale, {
    ...options,
    partitions: PARTITIONS,
    consumer: GROUP_TUNING,
  });
  const namespace = runName('kafka');
  const admin = kafkaClient(`${namespace}-admin`);
  const adapter = adapterSide(namespace);
  const raw = rawSide(kafkaClient(`${namespace}-raw`), namespace);
  const sides = [adapter, raw];
  try {
    const startedAt = performance.now();
    for (const side of sides) await side.start();
    const startSeconds = (performance.now() - startedAt) / 1000;
    // Untimed warm-up: connects both producers and checks delivery works before timing anything.
    for (const side of sides) {
      await side.publish(envelopes(4_000_000_000, options.batch));
      await side.received.reach(options.batch, ARRIVAL_TIMEOUT_MS, `${side.name} (warm-up)`);
    }
    const contenders = [contender(adapter, options, { next: 0 }), contender(raw, options, { next: 0 })];
    const measured = await interleave(contenders, options);
    const s = measured.get(adapter.name) as Measured;
    const b = measured.get(raw.name) as Measured;
    const ratio = speedRatio(s, b);
    const call = `${options.envelopes} envelopes published in batches of ${options.batch}, until the handler got all`;
    const checks = {
      adapter_received: adapter.received.value,
      raw_received: raw.received.value,
      adapter: await adapter.verify(),
      raw: await raw.verify(),
      start_seconds: Math.round(startSeconds * 10) / 10,
      ops_per_s_per_round: { [s.name]: s.per_round, [b.name]: b.per_round },
    };
    if (adapter.received.value !== raw.received.value) throw new Error(`kafka-transport: adapter got ${adapter.received.value}, raw ${raw.received.value}`);
    return finish(
      [
        {
          subject: s.name,
          baseline: b.name,
          unit: 'envelopes/s',
          subject_value: s.ops_per_s,
          baseline_value: b.ops_per_s,
          ratio,
          ratio_means: 'adapter/raw envelopes/s end to end (higher is better)',
          subject_stats: statsOf(s, call),
          baseline_stats: statsOf(b, call),
          target: { text: '>= 0.85 of raw kafkajs', met: ratio >= 0.85 },
        },
      ],
      checks,
      [
        `Each timed call: ${call} (counted when the handler / eachMessage is entered). Envelopes are the runtime's :payment_request envelopes (machine.ts), keyed by conversation, so all ${PARTITIONS} partitions get messages.`,
        `Both sides: one idempotent producer (maxInFlightRequests 1, acks -1), one consumer group on a ${PARTITIONS}-partition topic, autoCommit off, ${PARTITIONS} partitions consumed concurrently, one commitOffsets per message after its handler, group tuning ${JSON.stringify(GROUP_TUNING)}.`,
        'The raw side sends the adapter\'s exact messages (key, value, headers re-built in kafka-raw.ts) but does not decode them on receipt; the adapter also decodes each message into an envelope, runs its retry/heartbeat wrapper and queues publishes behind each other.',
        'Every phase runs exactly `iterations` calls (tinybench time 0). Ratios are medians of per-round ratios.',
      ],
    );
  } finally {
    for (const side of sides) await side.stop().catch(() => undefined);
    await deleteGroups(admin, [`${namespace}.default.payment`, raw.group]);
    await deleteTopics(admin, [adapter.topic, raw.topic]);
  }
}
