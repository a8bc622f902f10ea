// 7. Conversation round trip on Kafka: latency from `send(:checkout)` until @order has processed
// the :payment_success reply (observed when its record commits), in a runtime on a memory store and
// the Kafka transport (checkout -> :payment_request to @payment -> :payment_success to @order: two
// Kafka hops), against raw kafkajs ping/pong over the same broker: produce a request, consumer A
// produces the reply, consumer B receives it (two hops, same producer and consumer settings). The
// same runtime on the memory transport is timed too, for the runtime's own share.
import { createRuntime, type Envelope, type Runtime, type StoredRecord, type Transport } from '@eventflow/core';
import { createKafkaTransport, topicName } from '@eventflow/kafka';
import { createMemoryStore, createMemoryTransport } from '@eventflow/memory';
import type { Consumer, Kafka, Producer } from 'kafkajs';
import { createTopics, deleteGroups, encodeMessage, kafkaClient, PARTITIONS, rawConsumer, rawProducer } from './kafka-raw.ts';
import { checkoutRecords, flows } from './machine.ts';
import { startResult, statsOf, type BenchResult, type Row, type Scale } from './report.ts';
import { interleave, type Contender, type Measured, type RoundOptions } from './rounds.ts';
import { deleteTopics, GROUP_TUNING, KAFKA_LOG_LEVEL, kafkaBrokers, runName } from './servers.ts';

// time 0: every phase runs exactly `iterations` round trips, one at a time.
export const KAFKA_ROUND_TRIP: Record<Scale, RoundOptions> = {
  full: { rounds: 5, time: 0, warmupTime: 0, iterations: 200, warmupIterations: 20 },
  quick: { rounds: 3, time: 0, warmupTime: 0, iterations: 40, warmupIterations: 5 },
  tiny: { rounds: 1, time: 0, warmupTime: 0, iterations: 3, warmupIterations: 0 },
};

const REPLY_TIMEOUT_MS = 30_000;

/** Promises keyed by id, resolvable before or after they are awaited. */
class Arrivals {
  readonly #early = new Set<string>();
  readonly #waiting = new Map<string, () => void>();
  count = 0;

  arrived(id: string): void {
    this.count++;
    const wake = this.#waiting.get(id);
    if (wake) {
      this.#waiting.delete(id);
      wake();
    } else {
      this.#early.add(id);
    }
  }

  wait(id: string, what: string): Promise<void> {
    if (this.#early.delete(id)) return Promise.resolve();
    return new Promise<void>((resolve, reject) => {
      const timer = setTimeout(() => {
        this.#waiting.delete(id);
        reject(new Error(`${what}: no reply for ${id} within ${REPLY_TIMEOUT_MS} ms`));
      }, REPLY_TIMEOUT_MS);
      this.#waiting.set(id, () => {
        clearTimeout(timer);
        resolve();
      });
    });
  }
}

interface Side {
  readonly name: string;
  start(): Promise<void>;
  /** One round trip. */
  roundTrip(): Promise<void>;
  stop(): Promise<void>;
  readonly topics: readonly string[];
  readonly groups: readonly string[];
  readonly errors: unknown[];
  readonly completed: () => number;
}

/** The runtime on a memory store, with the Kafka transport or (to show the runtime's own share) the memory one. */
function runtimeSide(namespace: string, kind: 'kafka' | 'memory'): Side {
  const replies = new Arrivals();
  const errors: unknown[] = [];
  const topicPrefix = `${namespace}.`;
  let transport: Transport | undefined;
  let runtime: Runtime | undefined;
  return {
    name: `EventFlow runtime (memory store, ${kind === 'kafka' ? 'Kafka' : 'memory'} transport)`,
    topics: kind === 'kafka' ? ['@order', '@payment'].map((machine) => topicName(topicPrefix, machine)) : [],
    groups: kind === 'kafka' ? ['order', 'payment'].map((machine) => `${namespace}.eventflow.${machine}`) : [],
    errors,
    completed: () => replies.count,
    start: async () => {
      transport =
        kind === 'memory'
          ? createMemoryTransport()
          : createKafkaTransport({
              brokers: kafkaBrokers(),
              clientId: namespace,
              topicPrefix,
              groupId: namespace,
              partitions: PARTITIONS,
              consumer: GROUP_TUNING,
              logLevel: KAFKA_LOG_LEVEL,
            });
      runtime = await createRuntime({
        flows: flows().checkout,
        store: createMemoryStore(),
        transport,
        onError: (error) => errors.push(error),
        observe: (record: StoredRecord) => {
          if (record.machine === '@order' && record.event_type === ':payment_success') replies.arrived(record.aggregate_id);
        },
      });
    },
    roundTrip: async () => {
      const sent = await (runtime as Runtime).send({ event: ':checkout', to: '@order', data: { total: 42 } });
      await replies.wait(sent.aggregate_id, 'runtime');
    },
    stop: async () => {
      await runtime?.close();
      await transport?.close();
    },
  };
}

function rawSide(kafka: Kafka, namespace: string): Side {
  const replies = new Arrivals();
  const ping = `${namespace}-raw.payment`;
  const pong = `${namespace}-raw.order`;
  const groups = [`${namespace}-raw.ping`, `${namespace}-raw.pong`];
  let producer: Producer | undefined;
  const consumers: Consumer[] = [];
  let n = 0;
  return {
    name: 'raw kafkajs ping/pong',
    topics: [ping, pong],
    groups,
    errors: [],
    completed: () => replies.count,
    start: async () => {
      await createTopics(kafka, [ping, pong]);
      producer = await rawProducer(kafka);
      const send = producer;
      // Consumer A answers each request with the reply the payment side sends in a checkout.
      consumers.push(
        await rawConsumer(kafka, groups[0] as string, ping, async ({ message }) => {
          const number = Number(message.headers?.['n']?.toString());
          const reply = checkoutRecords(number)[1].outcome.emitted[0] as Envelope;
          const encoded = encodeMessage(reply);
          await send.send({ topic: pong, messages: [{ ...encoded, headers: { ...encoded.headers, n: String(number) } }], acks: -1 });
        }),
      );
      // Consumer B receives the reply.
      consumers.push(await rawConsumer(kafka, groups[1] as string, pong, ({ message }) => replies.arrived(String(message.headers?.['n']?.toString()))));
    },
    roundTrip: async () => {
      const number = n++;
      const request = encodeMessage(checkoutRecords(number)[0].outcome.emitted[0] as Envelope);
      const arrival = replies.wait(String(number), 'raw');
      await (producer as Producer).send({ topic: ping, messages: [{ ...request, headers: { ...request.headers, n: String(number) } }], acks: -1 });
      await arrival;
    },
    stop: async () => {
      for (const consumer of consumers.splice(0)) await consumer.disconnect();
      await producer?.disconnect();
    },
  };
}

function contender(side: Side): Contender {
  return { name: side.name, opsPerCall: 1, fn: () => side.roundTrip() };
}

export async function runKafkaRoundTrip(scale: Scale = 'full'): Promise<BenchResult> {
  const options = KAFKA_ROUND_TRIP[scale];
  const finish = startResult('kafka-round-trip', 'Conversation round trip on Kafka: runtime vs raw kafkajs ping/pong (real broker)', scale, {
    ...options,
    partitions: PARTITIONS,
    consumer: GROUP_TUNING,
  });
  const namespace = runName('rtt');
  const admin = kafkaClient(`${namespace}-admin`);
  const sides = [runtimeSide(namespace, 'kafka'), rawSide(kafkaClient(`${namespace}-raw`), namespace), runtimeSide(namespace, 'memory')];
  try {
    const startedAt = performance.now();
    for (const side of sides) await side.start();
    const startSeconds = (performance.now() - startedAt) / 1000;
    // Untimed: one round trip each (connects the producers, proves the path works).
    for (const side of sides) await side.roundTrip();
    const [subject, baseline, inProcess] = sides.map(contender) as [Contender, Contender, Contender];
    const measured = await interleave([subject, baseline, inProcess], options);
    const s = measured.get(subject.name) as Measured;
    const b = measured.get(baseline.name) as Measured;
    const m = measured.get(inProcess.name) as Measured;
    const call = 'one round trip (two Kafka hops), one at a time';
    const row = (label: 'p50' | 'p99', subject: Measured, baseline: Measured, means: string): Row => {
      const [subjectValue, baselineValue] = label === 'p50' ? [subject.p50_ms, baseline.p50_ms] : [subject.p99_ms, baseline.p99_ms];
      return {
        subject: `${subject.name}, ${label}`,
        baseline: `${baseline.name}, ${label}`,
        unit: 'ms',
        subject_value: subjectValue,
        baseline_value: baselineValue,
        ratio: subjectValue / baselineValue,
        ratio_means: `subject/baseline ${label} latency (lower is better; ${means})`,
        subject_stats: statsOf(subject, call),
        baseline_stats: statsOf(baseline, call),
      };
    };
    const errors = sides.flatMap((side) => side.errors);
    if (errors.length > 0) throw new Error(`kafka-round-trip: runtime reported ${String(errors[0])}`);
    return finish(
      [
        row('p50', s, b, 'no target was set'),
        row('p99', s, b, 'no target was set'),
        row('p50', m, b, 'context only, no target: the runtime\'s own processing as a fraction of a raw Kafka round trip'),
      ],
      {
        round_trips_completed: Object.fromEntries(sides.map((side) => [side.name, side.completed()])),
        runtime_errors: errors.length,
        start_seconds: Math.round(startSeconds * 10) / 10,
        round_trips_per_s: Object.fromEntries([s, b, m].map((x) => [x.name, x.ops_per_s])),
        mean_ms_per_round: Object.fromEntries([s, b, m].map((x) => [x.name, x.per_round.map((ops) => 1000 / ops)])),
      },
      [
        `Latency per round trip: the runtime's from send(:checkout) until observe() sees @order's :payment_success record committed; the raw one from producing the request until consumer B's eachMessage got the reply. ${options.iterations} round trips per round, one at a time.`,
        'Runtime path: send handles :checkout locally (memory store), publishes :payment_request (awaited, acks -1); @payment\'s subscription handles it and publishes :payment_success; @order\'s subscription handles that. The raw path has the same two hops with the same producer and consumer settings (one idempotent producer, acks -1, commit per message after handling) and the adapter\'s exact messages.',
        `Group tuning ${JSON.stringify(GROUP_TUNING)} on both sides (the adapter's default maxWaitTimeInMs is 1000). p50/p99 are medians over rounds of each round's percentiles; the ratio is subject/baseline of those medians. No target was given for this benchmark: the rows have none.`,
        'The third row times the same runtime on the memory transport (no Kafka): its p50 is the runtime\'s own processing of the three events, for reading the gap between the first two rows.',
        'The mean_ms_per_round check is 1000 / round trips per s of each round (a mean, not a percentile).',
      ],
    );
  } finally {
    for (const side of sides) await side.stop().catch(() => undefined);
    await deleteGroups(admin, sides.flatMap((side) => side.groups));
    await deleteTopics(admin, sides.flatMap((side) => side.topics));
  }
}
