// The second channel: what the adapter wrote, read with the raw driver (README "Document layout").
import { expect, test } from 'vitest';
import { probeElementUniqueness } from './schema.ts';
import { batch } from './test-support/records.ts';
import { appendOne, useMongo } from './test-support/mongo.ts';

const mongo = useMongo();

test('one document per commit, with the documented fields and indexes', async () => {
  const { store, db } = mongo.fresh({ collectionPrefix: 'ef_' });
  const before = Date.now();
  await appendOne(store, 'order-1', 0, batch('order-1', 0, ['e2', 'e1'], 1));
  await appendOne(store, 'order-1', 2, batch('order-1', 2, ['e3']));
  const commits = await db.collection('ef_records').find({ aggregate_id: { $exists: true } }, { sort: { first_seq: 1 } }).toArray();
  expect(commits).toHaveLength(2);
  const [first, second] = commits;
  expect(Object.keys(first!).sort()).toEqual(
    ['_id', 'aggregate_id', 'append_call', 'created_at', 'dispatched', 'event_ids', 'first_seq', 'last_seq', 'machine', 'outbox_seqs', 'position', 'records'].sort(),
  );
  expect(first).toMatchObject({
    _id: 'order-1:1',
    aggregate_id: 'order-1',
    machine: '@order',
    first_seq: 1,
    last_seq: 2,
    event_ids: ['e1', 'e2'], // sorted
    outbox_seqs: [1, 2],
    dispatched: false,
  });
  expect(first!.records.map((r: { seq: number; event_id: string; event_type: string }) => [r.seq, r.event_id, r.event_type])).toEqual([
    [1, 'e2', ':placed'],
    [2, 'e1', ':placed'],
  ]);
  expect(JSON.parse(first!.records[1].body)).toEqual(batch('order-1', 0, ['e2', 'e1'], 1)[1]);
  expect(first!.created_at).toBeInstanceOf(Date);
  expect(first!.created_at.getTime()).toBeGreaterThanOrEqual(before);
  expect(second).toMatchObject({ _id: 'order-1:3', first_seq: 3, last_seq: 3, dispatched: true });
  expect(second!.position).toBeGreaterThan(first!.position);
  // Each append call has its own, shared by its commits (marks.ts).
  expect(typeof first!.append_call).toBe('number');
  expect(second!.append_call).toBeGreaterThan(first!.append_call);

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
