// fast-check settings and failure reports. Every property goes through `assertProperty`, so a
// failure always prints the seed, the path and the counterexample, plus the line that replays it
// (the test file and the test's own name), and ends within its time limit rather than as a timeout.
import fc from 'fast-check';
import { expect } from 'vitest';
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
    // Past the limit no new case starts and shrinking stops: the failure found so far is reported.
    // A case may take `timeLimitMs / 2` at most, so even one started just before the limit ends
    // (as a failure with its seed) before the test's own timeout.
    ...(options.timeLimitMs === undefined ? {} : { interruptAfterTimeLimit: options.timeLimitMs, timeout: Math.ceil(options.timeLimitMs / 2) }),
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
  const parameters = fcParameters<Ts>(options, defaultRuns);
  const details = await fc.check(property, parameters);
  if (!details.failed) {
    if (details.interrupted) {
      console.warn(`conformance: ${testName() ?? 'a property'} reached its time limit (${options.timeLimitMs} ms) after ${details.numRuns} of ${parameters.numRuns} cases; all passed (seed ${details.seed})`);
    }
    return;
  }
  const report = fc.defaultReportMessage(details) ?? `Property failed (seed ${details.seed})`;
  throw new Error(`${report}${replayLine(details, report)}`, { cause: details.errorInstance });
}

function replayLine<Ts>(details: fc.RunDetails<Ts>, report: string): string {
  if (details.counterexamplePath === null) return '';
  const commands = /replayPath="([^"]*)"/.exec(report)?.[1];
  const name = testName();
  const file = testFile();
  return (
    `\n\nReplay: FC_SEED=${details.seed} FC_PATH='${details.counterexamplePath}'` +
    (commands === undefined ? '' : ` FC_REPLAY_PATH='${commands}'`) +
    ` npx vitest run${file === undefined ? '' : ` ${shellQuote(file)}`} -t ${name === undefined ? "'<the failing test>'" : shellQuote(namePattern(name))}`
  );
}

/** The running vitest test's name, suites included (undefined outside a test). */
function testName(): string | undefined {
  try {
    return expect.getState().currentTestName || undefined;
  } catch {
    return undefined;
  }
}

function testFile(): string | undefined {
  try {
    const path = expect.getState().testPath;
    if (!path) return undefined;
    const cwd = (globalThis as { process?: { cwd(): string } }).process?.cwd();
    return cwd !== undefined && path.startsWith(`${cwd}/`) ? path.slice(cwd.length + 1) : path;
  } catch {
    return undefined;
  }
}

/** vitest matches `-t` (a regular expression) against the file, suite and test names joined by spaces. */
function namePattern(name: string): string {
  return `${name.split(' > ').join(' ').replace(/[.*+?^${}()|[\]\\]/g, '\\$&')}$`;
}

function shellQuote(text: string): string {
  return `'${text.replaceAll("'", `'\\''`)}'`;
}
