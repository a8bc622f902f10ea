// kill -9 of `eventflow run --store` at random points (a real child process, SIGKILL), then a run
// on the same file fed the same lines: no conversation stuck, no line lost, nothing applied twice.
// A few trials here; `npm run crash-trials` runs the full hundred. EVENTFLOW_CRASH_SEED replays.
import { expect, test } from 'vitest';
import { crashTrials, describeTrial } from './test-support/crash-trial.ts';

const TRIALS = 10;

test(`${TRIALS} kill -9 trials of eventflow run --store: 0 stuck, 0 lost, 0 applied twice`, async () => {
  const seed = Number(process.env['EVENTFLOW_CRASH_SEED'] ?? Math.floor(Math.random() * 2 ** 31));
  console.info(`crash trials: seed ${seed} (EVENTFLOW_CRASH_SEED=${seed} replays them)`);
  const lines: string[] = [];
  const totals = await crashTrials(TRIALS, seed, (result) => lines.push(describeTrial(result)));
  console.info(lines.join('\n'));
  expect({ stuck: totals.stuck, lost: totals.lost, appliedTwice: totals.appliedTwice, undispatched: totals.undispatched, failedRestarts: totals.failedRestarts }, `seed ${seed}`).toEqual({
    stuck: 0,
    lost: 0,
    appliedTwice: 0,
    undispatched: 0,
    failedRestarts: 0,
  });
  // The kill point is drawn within a run's journal: most runs must really be killed mid-way.
  expect(totals.killed, `seed ${seed}`).toBeGreaterThanOrEqual(TRIALS / 2);
}, 600_000);
