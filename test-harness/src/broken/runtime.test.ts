// The runtime suite must catch adapters that break replay or correlation.
import { createMemoryStore, createMemoryTransport } from '@eventflow/memory';
import { describe, expect, test } from 'vitest';
import { checkCorrelation, checkReplayDeterminism, type CheckOptions } from '../index.ts';
import { deliversToWrongInstance, rerunsBindingsOnReplay } from './runtime.ts';

const options: CheckOptions = { seed: 4321, runs: 60, endOnFailure: true };
const failure = /Property failed after \d+ tests\n\{ seed: 4321, path: "[\d:]+", endOnFailure: true \}\nCounterexample:[\s\S]*Replay: FC_SEED=4321 FC_PATH='/;
const memory = { store: { create: () => createMemoryStore() }, transport: { create: () => createMemoryTransport() } };

describe('broken runtime adapters are caught', () => {
  test('replay determinism catches a store whose replay yields re-run binding values', async () => {
    const subject = { ...memory, store: { create: () => rerunsBindingsOnReplay(createMemoryStore()) } };
    const error = await checkReplayDeterminism(subject, options).then(() => undefined, (e: Error) => e);
    expect(error?.message).toMatch(failure);
    // The mismatch is a diff of the differing lines, not two whole histories.
    expect(String((error?.cause as Error | undefined)?.message)).toMatch(/\(- live, \+ rebuilt\):\n@@ line \d+ @@\n[\s\S]*\n- [\s\S]*\n\+ /);
  });

  test('correlation catches a transport that delivers a reply to the wrong instance', async () => {
    const subject = { ...memory, transport: { create: () => deliversToWrongInstance(createMemoryTransport()) } };
    await expect(checkCorrelation(subject, { ...options, faults: false, settleTimeoutMs: 3_000 })).rejects.toThrow(failure);
  });

  test('the memory adapters pass both with the same seed', async () => {
    await checkReplayDeterminism(memory, { seed: 4321, runs: 30 });
    await checkCorrelation(memory, { seed: 4321, runs: 30 });
  });
});
