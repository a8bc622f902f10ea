// Untimed checks of the mongo-store benchmark: the raw side writes the store's own documents and
// indexes, and how many commands each way of appending sends (read from a monitored client).
import { createMongoEventStore, type CommitDocument, type OutboxDocument } from '@eventflow/mongodb';
import { MongoClient, type Db } from 'mongodb';
import { checkoutRecords } from './machine.ts';
import { commitDocument, createAdapterIndexes, DURABLE, OUTBOX, outboxDocuments, PREFIX, RECORDS } from './mongo-documents.ts';

export interface Checks {
  readonly documents_match_adapter: boolean;
  readonly indexes_match_adapter: boolean;
  /** Commands per single-record append at a known stream position. */
  readonly commands_per_append: Record<string, number>;
  readonly commands_per_raw_insert: Record<string, number>;
  /** Commands for one append call of several aggregates' commits. */
  readonly commands_per_batch_call: Record<string, number>;
  /** Documents the store writes for one two-record commit (the commit, plus its claims where the server needs them). */
  readonly documents_per_two_record_commit: number;
}

/** Appends a few commits through the store on a monitored client and compares with the raw side. */
export async function verify(url: string, base: string): Promise<Checks> {
  const client = new MongoClient(url, { serverSelectionTimeoutMS: 10_000, monitorCommands: true });
  let commands: Record<string, number> = {};
  client.on('commandStarted', (event) => {
    commands[event.commandName] = (commands[event.commandName] ?? 0) + 1;
  });
  const counted = async (work: () => Promise<unknown>, per = 1) => {
    commands = {};
    await work();
    return Object.fromEntries(Object.entries(commands).map(([name, count]) => [name, count / per]));
  };
  const adapterDb = client.db(`${base}_check_adapter`);
  const rawDb = client.db(`${base}_check_raw`);
  try {
    const store = createMongoEventStore({ client, database: adapterDb.databaseName, collectionPrefix: PREFIX });
    await store.loadSnapshot('warm-up');
    await createAdapterIndexes(rawDb);
    const records = [0, 1, 2, 3].flatMap((n) => checkoutRecords(1_000_000_000 + n));
    const perAppend = await counted(async () => {
      for (const record of records) await store.append([{ aggregateId: record.aggregate_id, expectedSeq: record.seq - 1, records: [record] }]);
    }, records.length);
    const raw = rawDb.collection<CommitDocument>(RECORDS);
    const rawOutbox = rawDb.collection<OutboxDocument>(OUTBOX);
    const perInsert = await counted(async () => {
      for (const record of records) {
        const commit = commitDocument([record]);
        for (const entry of outboxDocuments(commit, [record])) await rawOutbox.insertOne(entry, DURABLE);
        await raw.insertOne(commit, DURABLE);
      }
    }, records.length);
    const batch = [4, 5, 6].map((n) => checkoutRecords(1_000_000_000 + n)[0]).map((record) => ({ aggregateId: record.aggregate_id, expectedSeq: 0, records: [record] }));
    const perBatch = await counted(() => store.append(batch));
    const [order1, , order2] = checkoutRecords(1_000_000_007);
    await store.append([{ aggregateId: order1.aggregate_id, expectedSeq: 0, records: [order1, order2] }]);
    const twoRecord = await adapterDb.collection<{ _id: string }>(RECORDS).countDocuments({ $or: [{ _id: `${order1.aggregate_id}:1` }, { claim_for: `${order1.aggregate_id}:1` }] });
    // Same document but for the clock fields; same index definitions.
    const strip = ({ created_at: _c, position: _p, append_call: _a, ...rest }: CommitDocument) => rest;
    const ids = records.map((record) => `${record.aggregate_id}:${record.seq}`);
    const stored = (await adapterDb.collection<CommitDocument>(RECORDS).find({ _id: { $in: ids } }, { sort: { _id: 1 } }).toArray()).map(strip);
    const written = (await raw.find({}, { sort: { _id: 1 } }).toArray()).map(strip);
    // Outbox entries: the same but for the call that wrote them.
    const entries = async (db: Db) =>
      (await db.collection<OutboxDocument>(OUTBOX).find({ commit: { $in: ids } }).toArray()).map(({ commit, aggregate_id, seq }) => ({ commit, aggregate_id, seq })).sort((a, b) => a.commit.localeCompare(b.commit));
    await store.close();
    return {
      documents_match_adapter:
        stored.length === records.length && JSON.stringify(stored) === JSON.stringify(written) && JSON.stringify(await entries(adapterDb)) === JSON.stringify(await entries(rawDb)),
      indexes_match_adapter: (await indexes(adapterDb)) === (await indexes(rawDb)),
      commands_per_append: perAppend,
      commands_per_raw_insert: perInsert,
      commands_per_batch_call: perBatch,
      documents_per_two_record_commit: twoRecord,
    };
  } finally {
    await adapterDb.dropDatabase().catch(() => undefined);
    await rawDb.dropDatabase().catch(() => undefined);
    await client.close();
  }
}

async function indexes(db: Db): Promise<string> {
  const names = [RECORDS, OUTBOX, `${PREFIX}snapshots`];
  const lists = await Promise.all(
    names.map(async (name) =>
      (await db.collection(name).listIndexes().toArray()).map(({ v: _v, ns: _ns, ...index }) => index).sort((a, b) => String(a['name']).localeCompare(String(b['name']))),
    ),
  );
  return JSON.stringify(lists);
}
