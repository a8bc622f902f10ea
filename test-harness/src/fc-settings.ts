// fast-check settings and failure reports. Every property goes through `assertProperty`, so a
// failure always prints the seed, the path and the shrunk counterexample, plus the line to replay it.
import fc from 'fast-check';
import type { CheckOptions } from './options.ts';

interface FcEnvironment {
  readonly runs?: number;
  readonly seed?: number;
  readonly path?: string;
  readonly replayPath?: string;
}

/** FC_NUM_RUNS, FC_SEED, FC_PATH and FC_REPLAY_PATH, where the platform has environment variables. */
export function fcEnvironment(): FcEnvironment {
  const env = (globalThis as { process?: { env?: Record<string, string | undefined> } }).process?.env ?? {};
  const number = (text: string | undefined) => (text === undefined || text.trim() === '' ? undefined : Number(text));
  const runs = number(env.FC_NUM_RUNS);
  const seed = number(env.FC_SEED);
  return {
    ...(runs !== undefined && Number.isInteger(runs) && runs > 0 ? { runs } : {}),
    ...(seed !== undefined && Number.isInteger(seed) ? { seed } : {}),
    ...(env.FC_PATH ? { path: env.FC_PATH } : {}),
    ...(env.FC_REPLAY_PATH ? { replayPath: env.FC_REPLAY_PATH } : {}),
  };
}

/** fast-check parameters: explicit options, then the environment, then the check's default run count. */
export function fcParameters<T>(options: CheckOptions, defaultRuns: number): fc.Parameters<T> {
  const env = fcEnvironment();
  const seed = options.seed ?? env.seed;
  const path = options.path ?? (options.seed === undefined ? env.path : undefined);
  return {
    numRuns: options.runs ?? env.runs ?? defaultRuns,
    ...(seed !== undefined ? { seed } : {}),
    ...(seed !== undefined && path !== undefined ? { path } : {}),
    ...(options.endOnFailure ? { endOnFailure: true } : {}),
  };
}

/** `fc.commands` needs its own replay path (printed in the counterexample) besides seed and path. */
export function commandsReplayPath(options: CheckOptions): string | undefined {
  return options.replayPath ?? (options.seed === undefined ? fcEnvironment().replayPath : undefined);
}

/** Runs a property; on failure throws fast-check's full report and how to replay it. */
export async function assertProperty<Ts>(
  property: fc.IAsyncProperty<Ts>,
  options: CheckOptions,
  defaultRuns: number,
): Promise<void> {
  const details = await fc.check(property, fcParameters(options, defaultRuns));
  if (!details.failed) return;
  const report = fc.defaultReportMessage(details) ?? `Property failed (seed ${details.seed})`;
  const commands = /replayPath="([^"]*)"/.exec(report)?.[1];
  const replay =
    details.counterexamplePath === null
      ? ''
      : `\n\nReplay: FC_SEED=${details.seed} FC_PATH='${details.counterexamplePath}'` +
        (commands === undefined ? '' : ` FC_REPLAY_PATH='${commands}'`) +
        ` npx vitest run -t '<this test>'`;
  throw new Error(`${report}${replay}`, { cause: details.errorInstance });
}
