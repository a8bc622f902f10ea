// For any accepted payload, the file store gives back after a restart exactly what the live runtime showed.
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import fc from 'fast-check';
import { afterAll, test } from 'vitest';
import { createMemoryStore } from '@eventflow/memory';
import { checkRestart, payloadArb, replayParameters } from './payload-restart.ts';

const dir = mkdtempSync(join(tmpdir(), 'eventflow-payload-restart-'));
afterAll(() => rmSync(dir, { recursive: true, force: true }));

test('file store: the state and history after a restart equal the live ones, for any accepted payload', async () => {
  let run = 0;
  await fc.assert(
    fc.asyncProperty(fc.array(payloadArb, { minLength: 1, maxLength: 3 }), async (payloads) => {
      const file = join(dir, `run-${run++}.jsonl`);
      await checkRestart({ open: () => createMemoryStore({ file }) }, payloads);
    }),
    { numRuns: 150, ...replayParameters() },
  );
});
