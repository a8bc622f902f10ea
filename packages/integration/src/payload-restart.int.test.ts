// For any accepted payload, the Mongo store on a real FerretDB gives back after a restart (a new
// client, a new store) exactly what the live runtime showed.
import { randomUUID } from 'node:crypto';
import fc from 'fast-check';
import { afterAll, test } from 'vitest';
import { createMongoEventStore } from '@eventflow/mongodb';
import { checkRestart, payloadArb, replayParameters } from './payload-restart.ts';
import { closeMongo, mongoClient, mongoUrl } from './servers.ts';

const databases: string[] = [];
afterAll(async () => {
  for (const name of databases) await mongoClient().db(name).dropDatabase();
  await closeMongo();
});

test('mongo store: the state and history after a restart equal the live ones, for any accepted payload', async () => {
  await fc.assert(
    fc.asyncProperty(fc.array(payloadArb, { minLength: 1, maxLength: 3 }), async (payloads) => {
      const database = `ef_payload_${randomUUID().slice(0, 8)}`;
      databases.push(database);
      // Each open makes its own client (closed with the store): nothing survives in memory between the runs.
      await checkRestart({ open: () => createMongoEventStore({ url: mongoUrl(), database }) }, payloads);
    }),
    { numRuns: 50, ...replayParameters() },
  );
});
