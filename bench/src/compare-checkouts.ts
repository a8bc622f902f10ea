// `npm run bench:compare -- <checkout>... [--rounds N] [--phase-ms N] [--store memory|nothing]`:
// this checkout's runtime against other checkouts' (each installed and built: `npm install && npm run
// build` there), in one process, in alternating phases (src/alternating-phases.ts). Each checkout runs
// its own runtime-throughput contender on its own packages: the same 50 checkouts per call as the
// benchmark, on a fresh memory store per phase, or on a store keeping nothing (the runtime alone).
// For before/after figures of a change: `git worktree add ../before <commit>`, install, build, compare.
import { resolve } from 'node:path';
import { pathToFileURL } from 'node:url';
import { alternatePhases, type PhaseFigures } from './alternating-phases.ts';
import { THROUGHPUT } from './runtime-throughput.ts';
import type { Contender } from './rounds.ts';

interface CompareOptions {
  readonly checkouts: readonly string[];
  readonly rounds: number;
  readonly phaseMs: number;
  readonly store: 'memory' | 'nothing';
}

const USAGE = 'Usage: compare-checkouts.ts <checkout>... [--rounds N] [--phase-ms N] [--store memory|nothing]';

function parseArgs(argv: readonly string[]): CompareOptions {
  const checkouts: string[] = [];
  let rounds = 20;
  let phaseMs = 600;
  let store: CompareOptions['store'] = 'memory';
  for (let i = 0; i < argv.length; i++) {
    const arg = argv[i] as string;
    if (arg === '--rounds') rounds = positive(arg, argv[++i]);
    else if (arg === '--phase-ms') phaseMs = positive(arg, argv[++i]);
    else if (arg === '--store') store = storeKind(argv[++i]);
    else if (arg.startsWith('--')) throw new Error(`Unknown option ${arg}. ${USAGE}`);
    else checkouts.push(resolve(arg));
  }
  if (checkouts.length === 0) throw new Error(`Name at least one other checkout. ${USAGE}`);
  return { checkouts, rounds, phaseMs, store };
}

function positive(option: string, value: string | undefined): number {
  const number = Number(value);
  if (!Number.isInteger(number) || number < 1) throw new Error(`${option} takes a whole number above 0, got ${value ?? 'nothing'}`);
  return number;
}

function storeKind(value: string | undefined): CompareOptions['store'] {
  if (value === 'memory' || value === 'nothing') return value;
  throw new Error(`--store is memory (the memory store) or nothing (a store keeping nothing: the runtime alone), got ${value ?? 'nothing'}`);
}

/** A checkout's EventFlow contender, built from its own bench sources and packages. */
async function contenderOf(checkout: string, name: string, store: CompareOptions['store']): Promise<Contender> {
  const source = (file: string) => pathToFileURL(`${checkout}/bench/src/${file}`).href;
  const throughput = (await import(source('runtime-throughput.ts')).catch((error: unknown) => {
    throw new Error(`${checkout} has no bench/src/runtime-throughput.ts to compare (${String(error)})`);
  })) as { eventflowContender?: (name: string, batch: number, store?: () => unknown) => Contender };
  if (typeof throughput.eventflowContender !== 'function') throw new Error(`${checkout}: its runtime-throughput.ts exports no eventflowContender`);
  const keepingNothing = store === 'nothing' ? ((await import(source('forgetful-store.ts'))) as { forgetfulStore: () => unknown }).forgetfulStore : undefined;
  return throughput.eventflowContender(name, THROUGHPUT.full.batch, keepingNothing);
}

function render(figures: readonly PhaseFigures[], options: CompareOptions): string {
  const lines = [
    `${options.rounds} rounds of ${options.phaseMs} ms phases, ${options.store === 'memory' ? 'memory store' : 'store keeping nothing'}; ratios to this checkout, median of per-round ratios [lowest..highest]`,
    '| checkout | events/s (median) | ratio | range |',
    '| --- | --- | --- | --- |',
  ];
  for (const figure of figures) {
    lines.push(`| ${figure.name} | ${Math.round(figure.opsPerS).toLocaleString('en-US')} | ${figure.ratio.toFixed(3)} | ${figure.ratioRange[0].toFixed(2)}..${figure.ratioRange[1].toFixed(2)} |`);
  }
  return lines.join('\n');
}

async function main(): Promise<void> {
  const options = parseArgs(process.argv.slice(2));
  const here = resolve(import.meta.dirname, '../..');
  const checkouts = [here, ...options.checkouts];
  const contenders = await Promise.all(checkouts.map((checkout) => contenderOf(checkout, checkout === here ? `${checkout} (this checkout)` : checkout, options.store)));
  console.log(render(await alternatePhases(contenders, options), options));
}

try {
  await main();
} catch (error) {
  console.error(error instanceof Error ? error.message : String(error));
  process.exitCode = 1;
}
