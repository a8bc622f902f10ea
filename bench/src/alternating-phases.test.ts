// The phase runner's bookkeeping, on a fake clock: rates, ratios, the alternating order, a full
// collection after every phase. No timing is asserted: the clock moves only when a contender runs.
import { describe, expect, test } from 'vitest';
import { alternatePhases, type PhaseHost } from './alternating-phases.ts';
import type { Contender } from './rounds.ts';

/** A host whose clock moves only when a contender's call advances it. */
function fakeHost(): PhaseHost & { advance(ms: number): void; collections: number } {
  let now = 0;
  const host = {
    collections: 0,
    now: () => now,
    collect: () => void host.collections++,
    advance: (ms: number) => void (now += ms),
  };
  return host;
}

/** A contender whose call takes `msPerCall` on the fake clock; `log` gets its phase starts. */
function contender(name: string, msPerCall: (round: number) => number, host: ReturnType<typeof fakeHost>, log: string[]): Contender {
  let round = -1;
  return {
    name,
    opsPerCall: 3,
    beforeAll: () => {
      round++;
      log.push(name);
    },
    fn: () => host.advance(msPerCall(round)),
  };
}

describe('alternating phases', () => {
  test('each round runs every contender once, the order reversed every other round, a full collection after each phase', async () => {
    const host = fakeHost();
    const log: string[] = [];
    const contenders = ['a', 'b', 'c'].map((name) => contender(name, () => 10, host, log));
    await alternatePhases(contenders, { rounds: 4, phaseMs: 100 }, host);
    expect(log).toEqual(['a', 'b', 'c', 'c', 'b', 'a', 'a', 'b', 'c', 'c', 'b', 'a']);
    expect(host.collections).toBe(12);
  });

  test('ops/s per round, the median over rounds, and ratios to the first contender with their range', async () => {
    const host = fakeHost();
    const log: string[] = [];
    // 3 ops per call: 10 ms per call is 300 ops/s; b is twice as fast except in round 1, where it is as fast.
    const a = contender('a', () => 10, host, log);
    const b = contender('b', (round) => (round === 1 ? 10 : 5), host, log);
    const [first, second] = await alternatePhases([a, b], { rounds: 3, phaseMs: 100 }, host);
    expect(first?.perRound).toEqual([300, 300, 300]);
    expect(first?.ratio).toBe(1);
    expect(second?.perRound).toEqual([600, 300, 600]);
    expect(second?.opsPerS).toBe(600);
    expect(second?.ratio).toBe(2);
    expect(second?.ratioRange).toEqual([1, 2]);
  });

  test('a call longer than the phase still counts once, over the time it took', async () => {
    const host = fakeHost();
    const [only] = await alternatePhases([contender('slow', () => 1_500, host, [])], { rounds: 1, phaseMs: 100 }, host);
    expect(only?.perRound).toEqual([2]);
  });

  test('a contender with a per-call setup is refused: the phase would time it', async () => {
    const host = fakeHost();
    const withSetup: Contender = { name: 'fresh per call', opsPerCall: 1, beforeEach: () => undefined, fn: () => host.advance(1) };
    await expect(alternatePhases([withSetup], { rounds: 1, phaseMs: 10 }, host)).rejects.toThrow(/fresh per call: .*beforeEach/);
  });
});
