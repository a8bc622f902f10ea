// `npm run bench [-- --only <name>[,<name>]] [--quick]`: runs the benchmarks, prints a table per
// benchmark and writes bench/results/<name>.json. Re-executes itself with --expose-gc (the
// idle-instance benchmark measures heap after full collections) when started without it.
import { spawnSync } from 'node:child_process';
import { BENCHMARKS, NEEDS_SERVERS } from './benchmarks.ts';
import { describeMachine, renderTable, writeResult, type BenchResult, type Scale } from './report.ts';
import { serversAvailable } from './servers.ts';

const HEAP_MIB = 8192;

function reexecWithGc(): never {
  const args = [...process.execArgv, '--expose-gc', `--max-old-space-size=${HEAP_MIB}`, ...process.argv.slice(1)];
  const child = spawnSync(process.execPath, args, { stdio: 'inherit' });
  process.exit(child.status ?? 1);
}

function parseArgs(argv: readonly string[]): { only: string[]; scale: Scale } {
  const only: string[] = [];
  let scale: Scale = 'full';
  for (let i = 0; i < argv.length; i++) {
    const arg = argv[i] as string;
    if (arg === '--quick') scale = 'quick';
    else if (arg === '--only') only.push(...(argv[++i] ?? '').split(','));
    else if (arg.startsWith('--only=')) only.push(...arg.slice('--only='.length).split(','));
    else throw new Error(`Unknown argument ${arg}. Usage: main.ts [--only <name>[,<name>]] [--quick]`);
  }
  const unknown = only.filter((name) => !(name in BENCHMARKS));
  if (unknown.length > 0) throw new Error(`Unknown benchmark ${unknown.join(', ')}; known: ${Object.keys(BENCHMARKS).join(', ')}`);
  return { only: only.length > 0 ? only : Object.keys(BENCHMARKS), scale };
}

async function main(): Promise<void> {
  const { only, scale } = parseArgs(process.argv.slice(2));
  if (typeof globalThis.gc !== 'function') reexecWithGc();
  console.log(`machine: ${describeMachine()}`);
  const started = Date.now();
  const results: BenchResult[] = [];
  for (const name of only) {
    if (NEEDS_SERVERS.has(name) && !serversAvailable()) {
      console.log(`\nskipped ${name}: needs servers — run npm run bench (it starts them through scripts/with-services.sh) or set EVENTFLOW_KAFKA_BROKERS and EVENTFLOW_MONGO_URL`);
      continue;
    }
    const result = await (BENCHMARKS[name] as (scale: Scale) => Promise<BenchResult>)(scale);
    results.push(result);
    console.log(`\n${renderTable(result)}\nwritten: ${writeResult(result)}`);
    globalThis.gc?.();
  }
  console.log(`\n## Targets (${scale}, ${Math.round((Date.now() - started) / 1000)} s in all)`);
  for (const result of results) {
    for (const row of result.rows) {
      if (row.target) console.log(`${row.target.met ? 'MET   ' : 'MISSED'} ${result.name}: ${row.target.text}; ratio ${row.ratio.toPrecision(3)} (${row.subject} vs ${row.baseline})`);
    }
  }
}

await main();
