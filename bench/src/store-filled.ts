// 1b. The throughput run of runtime-throughput.ts on a memory store that already holds 1M records
// (written with store.append, not through the runtime), against the same run on an empty store.
import { createMemoryStore, type MemoryStore } from '@eventflow/memory';
import { fillCheckouts } from './machine.ts';
import { startResult, statsOf, type BenchResult, type Scale } from './report.ts';
import { interleave, speedRatio, type Measured, type RoundOptions } from './rounds.ts';
import { EVENTS_PER_CHECKOUT, eventflowContender } from './runtime-throughput.ts';

export interface FilledOptions extends RoundOptions {
  readonly batch: number;
  /** Records stored before the run (3 per checkout: 2 order records, 1 payment record). */
  readonly stored: number;
}

export const FILLED: Record<Scale, FilledOptions> = {
  full: { rounds: 7, time: 600, warmupTime: 150, iterations: 10, warmupIterations: 5, batch: 50, stored: 1_000_000 },
  quick: { rounds: 3, time: 150, warmupTime: 50, iterations: 5, warmupIterations: 3, batch: 50, stored: 100_000 },
  tiny: { rounds: 1, time: 5, warmupTime: 0, iterations: 2, warmupIterations: 0, batch: 4, stored: 300 },
};

export async function runStoreFilled(scale: Scale = 'full'): Promise<BenchResult> {
  const options = FILLED[scale];
  const finish = startResult('store-filled', `Runtime throughput with ${options.stored.toLocaleString('en-US')} records already stored`, scale, { ...options });
  const filled: MemoryStore = createMemoryStore();
  const fillStart = performance.now();
  const written = await fillCheckouts(filled, options.stored);
  const fillSeconds = (performance.now() - fillStart) / 1000;
  const aggregates = (await filled.listAggregates()).length;
  const outbox = (await filled.undispatched()).length;
  if (outbox !== 0) throw new Error(`store-filled: ${outbox} records still in the outbox after the fill`);

  const subject = eventflowContender(`EventFlow, ${written.toLocaleString('en-US')} records stored`, options.batch, () => filled);
  const baseline = eventflowContender('EventFlow, empty store', options.batch);
  const measured = await interleave([subject, baseline], options);
  const s = measured.get(subject.name) as Measured;
  const b = measured.get(baseline.name) as Measured;
  const ratio = speedRatio(s, b);
  const call = `${options.batch} checkouts (${options.batch * EVENTS_PER_CHECKOUT} events)`;
  return finish(
    [
      {
        subject: s.name,
        baseline: b.name,
        unit: 'events/s',
        subject_value: s.ops_per_s,
        baseline_value: b.ops_per_s,
        ratio,
        ratio_means: 'filled/empty events/s (higher is better)',
        subject_stats: statsOf(s, call),
        baseline_stats: statsOf(b, call),
        target: { text: '>= 0.8 of the empty-store figure', met: ratio >= 0.8 },
      },
    ],
    { records_stored: written, aggregates_stored: aggregates, fill_seconds: Math.round(fillSeconds * 10) / 10 },
    [
      'Both runs share one process and heap (the filled store stays alive during the empty-store rounds), so the ratio shows per-event costs that grow with the store, not the GC cost of a large heap.',
      'A new runtime is created on the filled store for every phase; the records it appends during the run stay in that store.',
    ],
  );
}
