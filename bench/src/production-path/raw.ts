// The baseline of the production-path benchmark: the same conversation hand-written on kafkajs +
// the mongodb driver, doing the same durable work per event and nothing else: consume a batch, read
// the aggregate's documents, insert the new ones (same write concern as @eventflow/mongodb), produce
// the replies in one call, commit the batch's offset. No dedupe, outbox or state machine.
import type { Consumer, EachBatchPayload, Producer } from 'kafkajs';
import { MongoClient, type Collection } from 'mongodb';
import { createTopics, kafkaClient, rawProducer, started, startRetrying } from '../kafka-raw.ts';
import { GROUP_TUNING, mongoUrl } from '../servers.ts';

/** packages/mongodb/src/append.ts DURABLE. */
const DURABLE = { writeConcern: { w: 'majority', j: true } } as const;

interface Doc {
  _id: string;
  aggregate_id: string;
  seq: number;
  event_id: string;
  event: string;
  state: string;
  data: { total: number };
}

/** A message of the conversation: to an aggregate (`to`) or creating one; `reply` names the sender. */
interface Note {
  readonly id: string;
  readonly event: string;
  readonly to?: string;
  readonly reply?: string;
  readonly conversation: string;
  readonly total: number;
}

export const rawTopic = (namespace: string, machine: 'order' | 'payment' | 'bank') => `${namespace}-raw.${machine}`;
export const rawDocs = (client: MongoClient, namespace: string): Collection<Doc> => client.db(namespace).collection<Doc>('raw_docs');

/** What an event does: the new state, the aggregate's id when it creates one, the reply. */
function handle(note: Note, namespace: string): { aggregate: string; state: string; reply?: { topic: string; note: Note } } {
  const reply = (machine: 'order' | 'payment' | 'bank', event: string, to: string | undefined, from: string) => ({
    topic: rawTopic(namespace, machine),
    note: { id: `${note.id}>${event}`, event, ...(to ? { to } : {}), reply: from, conversation: note.conversation, total: note.total },
  });
  switch (note.event) {
    case 'payment_request': {
      const payment = `pay-${note.id}`;
      return { aggregate: payment, state: 'authorizing', reply: reply('bank', 'authorize_card', undefined, payment) };
    }
    case 'authorize_card': {
      const bank = `bank-${note.id}`;
      return { aggregate: bank, state: 'authorized', reply: reply('payment', 'card_authorized', note.reply, bank) };
    }
    case 'card_authorized':
      return { aggregate: note.to as string, state: 'captured', reply: reply('order', 'payment_success', undefined, note.to as string) };
    case 'payment_success':
      return { aggregate: note.conversation, state: 'paid' };
    default:
      throw new Error(`raw service: unknown event ${note.event}`);
  }
}

export interface RawWorker {
  close(): Promise<void>;
}

export async function startRawWorker(namespace: string): Promise<RawWorker> {
  const kafka = kafkaClient(`${namespace}-raw-worker`);
  const client = new MongoClient(mongoUrl(), { serverSelectionTimeoutMS: 10_000 });
  const docs = rawDocs(client, namespace);
  await docs.createIndex({ aggregate_id: 1, seq: 1 }, { unique: true });
  const topics = (['order', 'payment', 'bank'] as const).map((m) => rawTopic(namespace, m));
  // Topics, producer and consumer start through transient broker errors (a partition whose leader
  // is not elected yet, a topic the broker does not host yet), as a careful service does.
  await createTopics(kafka, topics);
  const producer = await rawProducer(kafka);
  const consumer = await startRetrying(() =>
    started(kafka.consumer({ groupId: `${namespace}-raw`, ...GROUP_TUNING, allowAutoTopicCreation: false }), async (consumer) => {
      await consumer.connect();
      await consumer.subscribe({ topics, fromBeginning: true });
      await consumer.run({
        autoCommit: false,
        eachBatchAutoResolve: false,
        partitionsConsumedConcurrently: 4,
        eachBatch: (payload) => onBatch(payload, namespace, docs, producer),
      });
    }),
  );
  return { close: () => closeAll(consumer, producer, client) };
}

async function onBatch({ batch, resolveOffset, commitOffsetsIfNecessary }: EachBatchPayload, namespace: string, docs: Collection<Doc>, producer: Producer): Promise<void> {
  if (batch.messages.length === 0) return;
  const byAggregate = new Map<string, { note: Note; step: ReturnType<typeof handle> }[]>();
  for (const message of batch.messages) {
    const note = JSON.parse(String(message.value)) as Note;
    const step = handle(note, namespace);
    const list = byAggregate.get(step.aggregate);
    if (list) list.push({ note, step });
    else byAggregate.set(step.aggregate, [{ note, step }]);
  }
  const inserts: Doc[] = [];
  const replies = new Map<string, { key: string; value: string }[]>();
  await Promise.all(
    [...byAggregate].map(async ([aggregate, list]) => {
      let seq = (await docs.find({ aggregate_id: aggregate }).toArray()).length;
      for (const { note, step } of list) {
        seq++;
        inserts.push({ _id: `${aggregate}:${seq}`, aggregate_id: aggregate, seq, event_id: note.id, event: note.event, state: step.state, data: { total: note.total } });
        if (!step.reply) continue;
        const messages = replies.get(step.reply.topic) ?? [];
        messages.push({ key: step.reply.note.to ?? step.reply.note.conversation, value: JSON.stringify(step.reply.note) });
        replies.set(step.reply.topic, messages);
      }
    }),
  );
  await docs.insertMany(inserts, { ordered: false, ...DURABLE });
  if (replies.size > 0) await producer.sendBatch({ topicMessages: [...replies].map(([topic, messages]) => ({ topic, messages })), acks: -1 });
  const last = batch.messages[batch.messages.length - 1]!.offset;
  resolveOffset(last);
  await commitOffsetsIfNecessary({ topics: [{ topic: batch.topic, partitions: [{ partition: batch.partition, offset: (BigInt(last) + 1n).toString() }] }] });
}

async function closeAll(consumer: Consumer, producer: Producer, client: MongoClient): Promise<void> {
  await consumer.disconnect();
  await producer.disconnect();
  await client.close();
}

/** The baseline's ingress: stores each order's checkout and asks its payment, `chunk` orders per call. */
export async function rawCheckouts(producer: Producer, docs: Collection<Doc>, namespace: string, orders: readonly string[], chunk: number): Promise<void> {
  for (let i = 0; i < orders.length; i += chunk) {
    const part = orders.slice(i, i + chunk);
    await docs.insertMany(
      part.map((order, j) => ({ _id: `${order}:1`, aggregate_id: order, seq: 1, event_id: `${order}:checkout`, event: 'checkout', state: 'awaiting_payment', data: { total: i + j } })),
      { ordered: false, ...DURABLE },
    );
    const messages = part.map((order, j) => {
      const note: Note = { id: `${order}:request`, event: 'payment_request', reply: order, conversation: order, total: i + j };
      return { key: order, value: JSON.stringify(note) };
    });
    await producer.sendBatch({ topicMessages: [{ topic: rawTopic(namespace, 'payment'), messages }], acks: -1 });
  }
}
