// Timed phases of several contenders in one process, alternating, with a full garbage collection
// between phases (untimed). Each phase starts from the same heap, so a phase does not pay for the
// garbage the previous contender left: on 2 cores, two identical runtimes compared this way differ
// by a few % (median of 20 rounds), where separate processes differ by ±7 %.
import { median, type Contender } from './rounds.ts';

export interface PhaseOptions {
  readonly rounds: number;
  /** How long each contender runs per round (whole calls of `fn`), ms. */
  readonly phaseMs: number;
}

/** What the phases of one contender came to; ratios are to the first contender of the run. */
export interface PhaseFigures {
  readonly name: string;
  /** ops/s of each round, in order. */
  readonly perRound: readonly number[];
  /** Median over rounds. */
  readonly opsPerS: number;
  /** Median of the per-round ratios of this contender's ops/s to the first contender's. */
  readonly ratio: number;
  /** The lowest and highest per-round ratio: how far one round can be off. */
  readonly ratioRange: readonly [number, number];
}

/** Where a phase runner gets its time and its full collection (injected by tests). */
export interface PhaseHost {
  readonly now: () => number;
  readonly collect: () => void;
}

const NODE: PhaseHost = {
  now: () => performance.now(),
  collect: () => {
    if (typeof globalThis.gc !== 'function') throw new Error('alternating phases need a full collection between phases: run node with --expose-gc');
    globalThis.gc();
  },
};

/** Runs `rounds` rounds; each runs every contender for one phase, in reverse order every other round. */
export async function alternatePhases(contenders: readonly Contender[], options: PhaseOptions, host: PhaseHost = NODE): Promise<PhaseFigures[]> {
  const perRound = contenders.map((): number[] => []);
  for (let round = 0; round < options.rounds; round++) {
    const order = contenders.map((_, i) => i);
    if (round % 2 === 1) order.reverse();
    for (const i of order) perRound[i]?.push(await phase(contenders[i] as Contender, options.phaseMs, host));
  }
  const first = perRound[0] ?? [];
  return contenders.map((contender, i) => {
    const rates = perRound[i] ?? [];
    const ratios = rates.map((rate, round) => rate / (first[round] as number));
    return { name: contender.name, perRound: rates, opsPerS: median(rates), ratio: median(ratios), ratioRange: [Math.min(...ratios), Math.max(...ratios)] };
  });
}

/** One contender's phase: its setup, whole calls for `phaseMs`, its teardown, then a full collection. Returns ops/s. */
async function phase(contender: Contender, phaseMs: number, host: PhaseHost): Promise<number> {
  if (contender.beforeEach) throw new Error(`${contender.name}: alternating phases time every call, so a per-call setup (beforeEach) would be timed too`);
  await contender.beforeAll?.();
  let ops = 0;
  const started = host.now();
  let elapsed = 0;
  while (elapsed < phaseMs) {
    await contender.fn();
    ops += contender.opsPerCall;
    elapsed = host.now() - started;
  }
  await contender.afterAll?.();
  host.collect();
  return ops / (elapsed / 1000);
}
