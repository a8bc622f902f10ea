// One look at a set of flows, as `export` and `watch` show it: the diagnostics, the diagrams (when the
// flows parse) and a test run with coverage (when they also check clean and the bindings load).
import { diagramSet, type DiagramSet, type DiagramType } from '@eventflow/diagram';
import { createSuite, runFlowTests, type TestReport } from '@eventflow/flow-test';
import type { FlowFile } from '@eventflow/language';
import { isTestFile } from '../files.ts';
import type { LoadedFile, LoadResult } from '../load.ts';
import { loadBindings } from '../load-bindings.ts';

export interface Evaluation {
  readonly title: string;
  readonly loaded: LoadResult;
  /** Absent while any file has an error. */
  readonly diagrams?: DiagramSet;
  readonly report?: TestReport;
  /** Why the tests did not run although the flows are fine (a bindings module failed to load). */
  readonly testError?: string;
}

export interface EvaluateOptions {
  readonly title: string;
  readonly cwd: string;
  readonly bindings?: readonly string[];
  readonly type?: DiagramType;
  /** Run the tests too (default true). */
  readonly tests?: boolean;
  /** Read bindings modules as they are on disk now (watch). */
  readonly freshBindings?: boolean;
}

export async function evaluate(loaded: LoadResult, files: readonly LoadedFile[], options: EvaluateOptions): Promise<Evaluation> {
  if (loaded.errors > 0) return { title: options.title, loaded };
  const flows = flowsOf(files);
  const diagrams = diagramSet(flows, options.type ?? 'combined', options.title);
  if (options.tests === false) return { title: options.title, loaded, diagrams };
  try {
    const bindings = await loadBindings(options.bindings ?? [], files, options.cwd, { fresh: options.freshBindings === true });
    const all: FlowFile[] = files.flatMap((f) => (f.ast ? [f.ast] : []));
    const report = await runFlowTests(createSuite(all, bindings.sets));
    return { title: options.title, loaded, diagrams, report };
  } catch (error) {
    return { title: options.title, loaded, diagrams, testError: error instanceof Error ? error.message : String(error) };
  }
}

/** The system's name, else the one machine's, else the first path's last segment. */
export function titleOf(flows: readonly FlowFile[], paths: readonly string[]): string {
  const system = flows.find((f) => f.system)?.system?.name;
  const machines = flows.flatMap((f) => f.machines).filter((m) => m.name);
  if (system) return system;
  if (machines.length === 1) return (machines[0]?.name ?? '').replace(/^@/, '');
  const last = (paths[0] ?? 'flows').replace(/[\\/]+$/, '').split(/[\\/]/).pop() ?? 'flows';
  return last.replace(/\.flow$/, '') || 'flows';
}

/** The parsed flows (not the tests) of a load. */
export function flowsOf(files: readonly LoadedFile[]): FlowFile[] {
  return files.flatMap((f) => (f.ast && !isTestFile(f.path) ? [f.ast] : []));
}
