// The EventFlow side of the production-path benchmark: the order -> payment -> bank -> payment ->
// order conversation as a .flow, run on @eventflow/mongodb + @eventflow/kafka.
import { createRuntime, type Runtime, type RuntimeOptions } from '@eventflow/core';
import { createKafkaTransport } from '@eventflow/kafka';
import { createMongoEventStore } from '@eventflow/mongodb';
import { MongoClient } from 'mongodb';
import { GROUP_TUNING, KAFKA_LOG_LEVEL, kafkaBrokers, mongoUrl } from '../servers.ts';

export const FLOW = `
machine: @order
  on :checkout from @customer (api)
    order moves to #awaiting_payment
    emit :payment_request to @payment
      with $total
  on :payment_success from @payment
    order moves to #paid

machine: @payment
  on :payment_request from @order
    $amount becomes $total
    payment moves to #authorizing
    emit :authorize_card to @bank
      with $amount
  on :card_authorized from @bank
    payment moves to #captured
    emit :payment_success to @order

machine: @bank
  on :authorize_card from @payment
    bank moves to #authorized
    emit :card_authorized to @payment
`;

/** Events stored per conversation: checkout, payment_request, authorize_card, card_authorized, payment_success. */
export const EVENTS_PER_CONVERSATION = 5;
export const PARTITIONS = 4;

export interface EventFlowNode {
  readonly runtime: Runtime;
  close(): Promise<void>;
}

/** One process of the system; workers consume, the benchmark's ingress only sends. */
export async function startEventFlowNode(namespace: string, options: Partial<RuntimeOptions> & { maxBatchSize?: number } = {}): Promise<EventFlowNode> {
  const { maxBatchSize, ...runtimeOptions } = options;
  const client = new MongoClient(mongoUrl(), { serverSelectionTimeoutMS: 10_000 });
  const store = createMongoEventStore({ client, database: namespace });
  const transport = createKafkaTransport({
    brokers: kafkaBrokers(),
    clientId: namespace,
    topicPrefix: `${namespace}.`,
    groupId: namespace,
    partitions: PARTITIONS,
    consumer: GROUP_TUNING,
    logLevel: KAFKA_LOG_LEVEL,
    ...(maxBatchSize === undefined ? {} : { maxBatchSize }),
  });
  const runtime = await createRuntime({
    flows: [{ name: 'production-path.flow', source: FLOW }],
    store,
    transport,
    outboxSweepMs: 5_000,
    ...runtimeOptions,
  });
  return {
    runtime,
    close: async () => {
      await runtime.close();
      await transport.close();
      await store.close();
      await client.close();
    },
  };
}
