// ferretdb/postgresql-indexes.sql, run with psql against the FerretDB-on-PostgreSQL the tests use:
// it says what is wrong before the store has created its collections, is idempotent, honours the
// collection prefix, and afterwards the store's reads are served by its indexes. (queries.int.test.ts
// checks every query the store sends.)
import { describe, expect, test } from 'vitest';
import { appendOne, useMongo } from './test-support/mongo.ts';
import { explain } from './test-support/plans.ts';
import { ferretdbPostgresUrl, runIndexesSql } from './test-support/postgres-indexes.ts';
import { batch } from './test-support/records.ts';

const mongo = useMongo();
const postgres = ferretdbPostgresUrl();

if (postgres) describeScript(postgres);
else {
  describe('postgresql-indexes.sql without FerretDB on PostgreSQL', () => {
    test('is not needed: the server is MongoDB, whose own indexes serve the store', async () => {
      const info = await mongo.raw().db('admin').command({ buildInfo: 1 });
      const why = 'FerretDB serves the tests but EVENTFLOW_FERRETDB_POSTGRES_URL does not say where its PostgreSQL is (scripts/services.sh exports it)';
      expect(info.ferretdbVersion, why).toBeUndefined();
    });
  });
}

function describeScript(url: string): void {
  describe('postgresql-indexes.sql', () => {
    test('without a database it prints its usage and fails', async () => {
      const run = await runIndexesSql(url, {});
      expect(run.code).not.toBe(0);
      expect(run.stderr).toContain('usage: psql <url> -v database=<MongoDB database>');
    });

    test('before the store has connected it says so and creates nothing', async () => {
      const { database, db } = mongo.fresh();
      const none = await runIndexesSql(url, { database });
      expect(none.code).not.toBe(0);
      expect(none.stderr).toContain(`FerretDB has no database "${database}"`);
      await db.collection('eventflow_records').insertOne({ _id: 'x' } as never);
      const partial = await runIndexesSql(url, { database });
      expect(partial.code).not.toBe(0);
      expect(partial.stderr).toContain('has no collection eventflow_outbox, eventflow_snapshots: connect the store once');
    });

    test('after the store has connected it indexes its collections, also under a prefix, and runs again harmlessly', async () => {
      const { store, database, db } = mongo.fresh({ collectionPrefix: 'shop_' });
      await appendOne(store, 'order-1', 0, batch('order-1', 0, ['e1']));
      const filler = Array.from({ length: 3000 }, (_, i) => ({ _id: `filler:${i}`, aggregate_id: 'filler', pad: 'x'.repeat(400) }));
      await db.collection<{ _id: string }>('shop_records').insertMany(filler);
      const read = { command: 'find', collection: 'shop_records', filter: { aggregate_id: 'order-1' } };
      expect((await explain(db, read)).indexed).toBe(false);

      const first = await runIndexesSql(url, { database, prefix: 'shop_' });
      expect(first.stderr).toBe('');
      expect(first.code).toBe(0);
      expect(await explain(db, read)).toMatchObject({ server: 'ferretdb-postgresql', indexed: true });
      expect(await explain(db, { command: 'find', collection: 'shop_snapshots', filter: { aggregate_id: 'order-1' } })).toMatchObject({ indexed: true });

      const again = await runIndexesSql(url, { database, prefix: 'shop_' });
      expect(again.code).toBe(0);
      expect((await store.read('order-1')).map((record) => record.event_id)).toEqual(['e1']);
    });
  });
}
