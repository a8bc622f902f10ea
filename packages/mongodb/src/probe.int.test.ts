// The store asks the server once whether its unique index on `event_ids` holds per element; only
// then may an append at a known position skip its read. FerretDB 1.x compares whole arrays.
import { expect, test } from 'vitest';
import { probeElementUniqueness } from './schema.ts';
import { databaseName, useMongo } from './test-support/mongo.ts';

const mongo = useMongo();

test('FerretDB does not enforce a unique array index per element, so appends keep their event-id read', async () => {
  const db = mongo.raw().db(databaseName('probe'));
  try {
    expect(await probeElementUniqueness(db, 'eventflow_')).toBe(false);
    expect((await db.listCollections().toArray()).map((c) => c.name)).toEqual([]);
  } finally {
    await db.dropDatabase();
  }
});
