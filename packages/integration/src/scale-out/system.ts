// The system the scale-out test runs in several processes: an order asks a payment, which asks
// the bank (a nested conversation) and then answers the order.
import { createRuntime, defineBindings, type RuntimeOptions, type Transport } from '@eventflow/core';
import { createMongoEventStore } from '@eventflow/mongodb';
import { MongoClient } from 'mongodb';
import { kafkaTransport } from '../servers.ts';

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
    think it over
    bank moves to #authorized
    emit :card_authorized to @payment
`;

const slowBank = defineBindings('@bank', (b) => b.action('think it over', () => new Promise<void>((r) => setTimeout(r, 40 + Math.random() * 40))));

export interface Node {
  readonly runtime: Awaited<ReturnType<typeof createRuntime>>;
  close(): Promise<void>;
}

/** Calls `onReceived` with the ids of every batch the transport hands this node, before handling it. */
function watched(transport: Transport, onReceived: (ids: readonly string[]) => void): Transport {
  return {
    durable: transport.durable,
    publish: (envelopes) => transport.publish(envelopes),
    close: () => transport.close(),
    subscribe: (machine, handler, options) =>
      transport.subscribe(
        machine,
        (batch) => {
          onReceived(batch.map((envelope) => envelope.id));
          return handler(batch);
        },
        options,
      ),
  };
}

/** One runtime process of the system: Mongo store + Kafka transport, all nodes in one group. */
export async function startNode(
  namespace: string,
  options: Partial<RuntimeOptions> = {},
  onReceived?: (ids: readonly string[]) => void,
): Promise<Node> {
  const client = new MongoClient(process.env['EVENTFLOW_MONGO_URL'] as string, { serverSelectionTimeoutMS: 10_000 });
  const store = createMongoEventStore({ client, database: `ef_${namespace}` });
  const kafka = kafkaTransport(namespace);
  const transport = onReceived ? watched(kafka, onReceived) : kafka;
  const runtime = await createRuntime({
    flows: [{ name: 'scale-out.flow', source: FLOW }],
    store,
    transport,
    bindings: [slowBank],
    outboxSweepMs: 1_000,
    ...options,
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
