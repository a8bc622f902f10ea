// The second channel: what the adapter wrote, read with the raw driver (README "Document layout").
import { expect, test } from 'vitest';
import { probeElementUniqueness } from './schema.ts';
import { batch } from './test-support/records.ts';
import { appendOne, useMongo } from './test-support/mongo.ts';

const mongo = useMongo();

test('one document per commit and one outbox entry per record that emits, with the documented fields and indexes', async () => {
  const { store, db } = mongo.fresh({ collectionPrefix: 'ef_' });
  const before = Date.now();
  await appendOne(store, 'order-1', 0, batch('order-1', 0, ['e2', 'e1'], 1));
  await appendOne(store, 'order-1', 2, batch('order-1', 2, ['e3']));
  const commits = await db.collection('ef_records').find({ aggregate_id: { $exists: true } }, { sort: { first_seq: 1 } }).toArray();
  expect(commits).toHaveLength(2);
  const [first, second] = commits;
  expect(Object.keys(first!).sort()).toEqual(
    ['_id', 'aggregate_id', 'append_call', 'created_at', 'event_ids', 'first_seq', 'last_seq', 'machine', 'position', 'records'].sort(),
  );
  expect(first).toMatchObject({
    _id: 'order-1:1',
    aggregate_id: 'order-1',
    machine: '@order',
    first_seq: 1,
    last_seq: 2,
    event_ids: ['e1', 'e2'], // sorted
  });
  expect(first!.records.map((r: { seq: number; event_id: string; event_type: string }) => [r.seq, r.event_id, r.event_type])).toEqual([
    [1, 'e2', ':placed'],
    [2, 'e1', ':placed'],
  ]);
  expect(JSON.parse(first!.records[1].body)).toEqual(batch('order-1', 0, ['e2', 'e1'], 1)[1]);
  expect(first!.created_at).toBeInstanceOf(Date);
  expect(first!.created_at.getTime()).toBeGreaterThanOrEqual(before);
  expect(second).toMatchObject({ _id: 'order-1:3', first_seq: 3, last_seq: 3 });
  expect(second!.position).toBeGreaterThan(first!.position);
  // Each append call has its own, `<writer>.<position>`, shared by its commits and outbox entries.
  expect(first!.append_call).toMatch(/^[a-z0-9]+\.\d+$/);
  expect(second!.append_call).not.toBe(first!.append_call);

  // The outbox: one entry per record that emits, naming its commit and the call that wrote both.
  const entries = await db.collection('ef_outbox').find({}, { sort: { seq: 1 } }).toArray();
  expect(entries.map(({ written_at, ...entry }) => [entry, written_at instanceof Date])).toEqual(
    [1, 2].map((seq) => [{ _id: `${first!.append_call}/${seq}:order-1`, call: first!.append_call, commit: 'order-1:1', aggregate_id: 'order-1', seq }, true]),
  );

  // Claims of the multi-record commit's ids exist only where the unique index compares whole arrays.
  const claims = await db.collection('ef_records').find({ aggregate_id: { $exists: false } }, { sort: { _id: 1 } }).toArray();
  if (await probeElementUniqueness(db, 'ef_')) expect(claims).toEqual([]);
  else {
    expect(claims.map(({ claimed_at, ...claim }) => [claim, claimed_at instanceof Date])).toEqual(
      ['e1', 'e2'].map((id) => [{ _id: `$event:${id}`, event_ids: [id], claim_for: 'order-1:1', claimed_by: first!.position }, true]),
    );
  }

  const indexes = await db.collection('ef_records').listIndexes().toArray();
  const byName = Object.fromEntries(indexes.map((i) => [i.name, i]));
  expect(byName.stream).toMatchObject({ key: { aggregate_id: 1, first_seq: 1 }, unique: true });
  expect(byName.event_ids).toMatchObject({ key: { event_ids: 1 }, unique: true });
  expect(byName.creation).toMatchObject({ key: { first_seq: 1, position: 1 } });
  expect(byName.outbox).toMatchObject({ key: { dispatched: 1, position: 1 } });
  expect(byName.append_call).toMatchObject({ key: { append_call: 1 } });
  const outboxIndexes = Object.fromEntries((await db.collection('ef_outbox').listIndexes().toArray()).map((i) => [i.name, i]));
  expect(outboxIndexes.call).toMatchObject({ key: { call: 1 } });
  expect(outboxIndexes.record).toMatchObject({ key: { aggregate_id: 1, seq: 1 } });
  await store.saveSnapshot({ aggregate_id: 'order-1', machine: '@order', state: '#s', context: {}, history: [], links: {}, conversations: [], seq: 3 });
  const snapshotIndexes = await db.collection('ef_snapshots').listIndexes().toArray();
  expect(snapshotIndexes.find((i) => i.name === 'aggregate_seq')).toMatchObject({ key: { aggregate_id: 1, seq: 1 }, unique: true });
});

test('a store on a client it was given leaves the client open', async () => {
  const client = mongo.raw();
  const { store } = mongo.fresh({ client });
  await appendOne(store, 'order-1', 0, batch('order-1', 0, ['e1']));
  await store.close();
  await expect(store.read('order-1')).rejects.toMatchObject({ code: 'STORE_CLOSED' });
  expect(await client.db('admin').command({ ping: 1 })).toMatchObject({ ok: 1 });
});
