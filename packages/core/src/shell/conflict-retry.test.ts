// The conflict backoff: waits below a bound that starts at firstWaitMs and doubles up to
// longestWaitMs, drawn at random within it, until the deadline (timeoutMs) has passed.
import { afterEach, expect, it, vi } from 'vitest';
import { ConflictRetry } from './conflict-retry.ts';

afterEach(() => {
  vi.useRealTimers();
});

/** How long each wait lasted (fake time), until wait() said the deadline had passed. */
async function waits(retry: ConflictRetry): Promise<number[]> {
  const lasted: number[] = [];
  for (;;) {
    const started = Date.now();
    const waiting = retry.wait();
    await vi.runAllTimersAsync();
    if (!(await waiting)) return lasted;
    lasted.push(Date.now() - started);
  }
}

it('doubles the bound from the first wait up to the longest, and stops at the deadline', async () => {
  vi.useFakeTimers();
  const atTheBound = new ConflictRetry({ timeoutMs: 200, firstWaitMs: 10, longestWaitMs: 40 }, () => 1);
  expect(await waits(atTheBound)).toEqual([10, 20, 40, 40, 40, 40, 10]);
});

it('draws each wait at random below the bound (jitter), so writers who collided spread out', async () => {
  vi.useFakeTimers();
  const draws = [0.5, 0.25, 0];
  const jittered = new ConflictRetry({ timeoutMs: 30, firstWaitMs: 8, longestWaitMs: 100 }, () => draws.shift() ?? 1);
  expect(await waits(jittered)).toEqual([4, 4, 0, 22]);
});
