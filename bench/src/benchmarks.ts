// Every benchmark by name, in the order `npm run bench` runs them.
import type { BenchResult, Scale } from './report.ts';
import { runThroughput } from './runtime-throughput.ts';
import { runStoreFilled } from './store-filled.ts';
import { runHydration } from './hydration.ts';
import { runInstances } from './instances.ts';
import { runParser } from './parser.ts';

export type Benchmark = (scale: Scale) => Promise<BenchResult>;

export const BENCHMARKS: Readonly<Record<string, Benchmark>> = {
  'runtime-throughput': runThroughput,
  'store-filled': runStoreFilled,
  hydration: runHydration,
  instances: runInstances,
  parser: runParser,
};
