// Runs the real-server benchmarks (mongo-store, kafka-transport, kafka-round-trip) in their tiny
// configuration against the servers of the vitest `int` project (EVENTFLOW_KAFKA_BROKERS,
// EVENTFLOW_MONGO_URL) and checks the results are well-formed, never timings. Also checks that the
// raw baselines write what the adapters write.
import type { Envelope } from '@eventflow/core';
import { createKafkaTransport } from '@eventflow/kafka';
import type { IHeaders, KafkaMessage } from 'kafkajs';
import { afterAll, describe, expect, test, vi } from 'vitest';
import { BENCHMARKS, NEEDS_SERVERS } from './benchmarks.ts';
import { deleteGroups, encodeMessage, kafkaClient, PARTITIONS, rawConsumer } from './kafka-raw.ts';
import { checkoutRecords } from './machine.ts';
import { deleteTopics, GROUP_TUNING, KAFKA_LOG_LEVEL, kafkaBrokers, runName } from './servers.ts';
import { expectWellFormed } from './well-formed.ts';

describe('real-server benchmarks (tiny configuration)', () => {
  test('are registered and need the servers', () => {
    expect([...NEEDS_SERVERS].sort()).toEqual(['kafka-round-trip', 'kafka-transport', 'mongo-store', 'production-path']);
    for (const name of NEEDS_SERVERS) expect(BENCHMARKS[name]).toEqual(expect.any(Function));
  });

  test('mongo-store', async () => {
    const result = await (BENCHMARKS['mongo-store'] as (typeof BENCHMARKS)[string])('tiny');
    expectWellFormed(result, 'mongo-store');
    expect(result.rows.every((row) => row.target !== undefined)).toBe(true);
    expect(result.checks['documents_match_adapter']).toBe(true);
    expect(result.checks['indexes_match_adapter']).toBe(true);
    // Two of a checkout's three records emit: their appends also insert their outbox entries first.
    expect(result.checks['commands_per_append']).toEqual({ insert: 5 / 3 });
    expect(result.checks['commands_per_raw_insert']).toEqual({ insert: 5 / 3 });
    expect(result.checks['commands_per_batch_call']).toEqual({ insert: 2 });
  });

  test('kafka-transport', async () => {
    const result = await (BENCHMARKS['kafka-transport'] as (typeof BENCHMARKS)[string])('tiny');
    expectWellFormed(result, 'kafka-transport');
    expect(result.rows.every((row) => row.target !== undefined)).toBe(true);
    expect(result.checks['adapter_received']).toBe(result.checks['raw_received']);
    expect(result.checks['adapter']).toEqual(expect.objectContaining({ spot_check_mismatches: 0 }));
  });

  test('production-path', async () => {
    const result = await (BENCHMARKS['production-path'] as (typeof BENCHMARKS)[string])('tiny');
    expectWellFormed(result, 'production-path');
    expect(result.rows.map((row) => row.unit)).toEqual(['events/s', 'events/s', 'events/s', 'events/s', 'events/s', 's']);
    expect(result.rows.filter((row) => row.target !== undefined)).toHaveLength(4);
    expect(result.checks['seeded_events']).toBeGreaterThanOrEqual(500);
    expect(result.checks['raw_filled_seconds_per_round']).toHaveLength(1);
    expect(result.checks['failover_done_at_kill']).toBeGreaterThan(0);
  }, 600_000); // starts eight worker processes

  test('kafka-round-trip', async () => {
    const result = await (BENCHMARKS['kafka-round-trip'] as (typeof BENCHMARKS)[string])('tiny');
    expectWellFormed(result, 'kafka-round-trip');
    expect(result.rows.map((row) => row.unit)).toEqual(['ms', 'ms', 'ms']);
    expect(result.checks['runtime_errors']).toBe(0);
  });
});

describe('raw kafkajs baseline', () => {
  const namespace = runName('check');
  const kafka = kafkaClient(`${namespace}-raw`);
  afterAll(async () => {
    await deleteGroups(kafka, [`${namespace}-raw.check.payment`, `${namespace}-raw.check.order`]);
    await deleteTopics(kafka, [`${namespace}.payment`, `${namespace}.order`]);
  });

  test('sends the messages the adapter publishes (key, value, headers)', async () => {
    const [order1, payment1] = checkoutRecords(7);
    // A request keyed by conversation, a reply keyed by aggregate, and an api envelope with every optional field.
    const published: Envelope[] = [
      order1.outcome.emitted[0] as Envelope,
      payment1.outcome.emitted[0] as Envelope,
      { ...(order1.outcome.emitted[0] as Envelope), id: 'evt-optional', api: true, not_before: '2026-01-01T00:00:01.000Z', rules: { total: [] } },
    ];
    const transport = createKafkaTransport({
      brokers: kafkaBrokers(),
      clientId: namespace,
      topicPrefix: `${namespace}.`,
      groupId: namespace,
      partitions: PARTITIONS,
      consumer: GROUP_TUNING,
      logLevel: KAFKA_LOG_LEVEL,
    });
    await transport.publish(published);
    await transport.close();
    const got = new Map<string, KafkaMessage>();
    for (const machine of ['payment', 'order']) {
      const consumer = await rawConsumer(kafka, `${namespace}-raw.check.${machine}`, `${namespace}.${machine}`, ({ message }) => {
        got.set(String(message.headers?.['id']), message);
      });
      // @payment gets the two requests, @order the reply.
      await vi.waitFor(() => expect(got.size).toBe(machine === 'payment' ? 2 : 3), { timeout: 30_000, interval: 50 });
      await consumer.disconnect();
    }
    const text = (headers: IHeaders | undefined) =>
      Object.fromEntries(Object.entries(headers ?? {}).map(([name, value]) => [name, String(Array.isArray(value) ? value[0] : value)]));
    for (const envelope of published) {
      const message = got.get(envelope.id) as KafkaMessage;
      const expected = encodeMessage(envelope);
      expect(message.key?.toString()).toBe(expected.key);
      expect(message.value?.toString()).toBe(expected.value);
      expect(text(message.headers)).toEqual(expected.headers);
    }
  });
});
