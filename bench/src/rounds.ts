// Interleaved comparison: every round builds one tinybench Bench holding all contenders (in
// alternating order), so drift of the machine during the run hits subject and baseline alike.
// Figures are medians over rounds; a ratio is the median of the per-round ratios.
import { Bench, type FnOptions } from 'tinybench';

/** One thing being timed. `fn` does `opsPerCall` units of work (events, parses, MB...). */
export interface Contender {
  readonly name: string;
  readonly fn: () => unknown;
  readonly opsPerCall: number;
  /** Untimed per-phase setup and teardown (tinybench runs them for warmup and for the run). */
  readonly beforeAll?: () => unknown;
  readonly afterAll?: () => unknown;
  readonly beforeEach?: () => unknown;
}

export interface RoundOptions {
  readonly rounds: number;
  /** Time budget per task and round, ms. */
  readonly time: number;
  readonly warmupTime: number;
  /** Minimum timed calls per task and round. */
  readonly iterations: number;
  readonly warmupIterations: number;
}

/** Medians over rounds for one contender. Latencies are per call of `fn`. */
export interface Measured {
  readonly name: string;
  readonly ops_per_s: number;
  readonly p50_ms: number;
  readonly p99_ms: number;
  readonly calls: number;
  readonly ops_per_call: number;
  /** ops/s of each round, in order. */
  readonly per_round: readonly number[];
}

interface RoundFigure {
  readonly opsPerS: number;
  readonly p50: number;
  readonly p99: number;
  readonly calls: number;
}

export async function interleave(contenders: readonly Contender[], options: RoundOptions): Promise<Map<string, Measured>> {
  const figures = new Map<string, RoundFigure[]>(contenders.map((c) => [c.name, []]));
  for (let round = 0; round < options.rounds; round++) {
    const bench = new Bench({
      time: options.time,
      iterations: options.iterations,
      warmupTime: options.warmupTime,
      warmupIterations: options.warmupIterations,
      warmup: options.warmupIterations > 0,
      throws: true,
    });
    const order = round % 2 === 0 ? contenders : [...contenders].reverse();
    for (const contender of order) bench.add(contender.name, contender.fn, hooks(contender));
    for (const task of await bench.run()) {
      const result = task.result;
      if (result.state !== 'completed') throw new Error(`${task.name}: ${result.state === 'errored' ? result.error.message : result.state}`);
      const contender = contenders.find((c) => c.name === task.name) as Contender;
      figures.get(task.name)?.push({
        opsPerS: (contender.opsPerCall * 1000) / result.period,
        p50: result.latency.p50,
        p99: result.latency.p99,
        calls: result.latency.samplesCount,
      });
    }
  }
  const measured = new Map<string, Measured>();
  for (const contender of contenders) {
    const list = figures.get(contender.name) ?? [];
    measured.set(contender.name, {
      name: contender.name,
      ops_per_s: median(list.map((f) => f.opsPerS)),
      p50_ms: median(list.map((f) => f.p50)),
      p99_ms: median(list.map((f) => f.p99)),
      calls: list.reduce((sum, f) => sum + f.calls, 0),
      ops_per_call: contender.opsPerCall,
      per_round: list.map((f) => f.opsPerS),
    });
  }
  return measured;
}

/** Median over rounds of subject/baseline ops/s (a figure > 1 means the subject is faster). */
export function speedRatio(subject: Measured, baseline: Measured): number {
  const n = Math.min(subject.per_round.length, baseline.per_round.length);
  const ratios: number[] = [];
  for (let i = 0; i < n; i++) ratios.push((subject.per_round[i] as number) / (baseline.per_round[i] as number));
  return median(ratios);
}

/** Median over rounds of subject/baseline time per op (a figure > 1 means the subject is slower). */
export function timeRatio(subject: Measured, baseline: Measured): number {
  return 1 / speedRatio(subject, baseline);
}

export function median(values: readonly number[]): number {
  if (values.length === 0) return Number.NaN;
  const sorted = [...values].sort((a, b) => a - b);
  const mid = sorted.length >> 1;
  return sorted.length % 2 === 1 ? (sorted[mid] as number) : ((sorted[mid - 1] as number) + (sorted[mid] as number)) / 2;
}

function hooks(contender: Contender): FnOptions {
  const options: FnOptions = {};
  const { beforeAll, afterAll, beforeEach } = contender;
  if (beforeAll) options.beforeAll = async () => void (await beforeAll());
  if (afterAll) options.afterAll = async () => void (await afterAll());
  if (beforeEach) options.beforeEach = async () => void (await beforeEach());
  return options;
}
