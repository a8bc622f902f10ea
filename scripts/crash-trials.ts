// `npm run crash-trials [-- --trials 100 --seed N]`: kill -9 trials of `eventflow run --store` (see
// packages/cli/src/test-support/crash-trial.ts); prints one line per trial and the counts. Exit 1
// when anything was stuck, lost or applied twice.
import { parseArgs } from 'node:util';
import { crashTrials, describeTrial } from '../packages/cli/src/test-support/crash-trial.ts';

const { values } = parseArgs({ options: { trials: { type: 'string', default: '100' }, seed: { type: 'string' }, checkouts: { type: 'string', default: '8' } } });
const trials = Number(values.trials);
const seed = values.seed === undefined ? Math.floor(Math.random() * 2 ** 31) : Number(values.seed);
const checkouts = Number(values.checkouts);
console.log(`crash trials: ${trials} trials of ${checkouts} checkouts, seed ${seed} (--seed ${seed} replays them)`);
const started = Date.now();
const totals = await crashTrials(trials, seed, (result) => console.log(describeTrial(result)), { checkouts });
console.log(
  `${totals.trials} trials (${totals.killed} killed mid-run) in ${Math.round((Date.now() - started) / 1000)} s: ` +
    `${totals.stuck} stuck, ${totals.lost} lost, ${totals.appliedTwice} applied twice, ${totals.undispatched} left undispatched, ${totals.failedRestarts} failed restarts`,
);
process.exitCode = totals.stuck + totals.lost + totals.appliedTwice + totals.undispatched + totals.failedRestarts > 0 ? 1 : 0;
