// Runs the real `eventflow` command in a child process (from source, through tsx), for end-to-end
// tests of long-running commands such as `watch`. Stops only the process it started, by its pid.
import { spawn, type ChildProcess } from 'node:child_process';
import { join } from 'node:path';
import { pathToFileURL } from 'node:url';
import { REPO_ROOT } from './cli.ts';
import { waitFor } from './wait.ts';

export interface CliProcess {
  readonly child: ChildProcess;
  /** stdout and stderr so far. */
  output(): string;
  /** Waits until the output matches, and returns the first capture group (or the match). */
  waitForOutput(pattern: RegExp, timeoutMs?: number): Promise<string>;
  /** SIGTERM, then the exit code. */
  stop(): Promise<number | null>;
}

const TSX = pathToFileURL(join(REPO_ROOT, 'node_modules/tsx/dist/loader.mjs')).href;
const BIN = join(REPO_ROOT, 'packages/cli/src/bin.ts');

export function spawnCli(args: readonly string[], cwd: string): CliProcess {
  const child = spawn(process.execPath, ['--conditions=source', '--import', TSX, BIN, ...args], {
    cwd,
    env: { ...process.env, NO_COLOR: '1' },
    stdio: ['ignore', 'pipe', 'pipe'],
  });
  let text = '';
  child.stdout?.on('data', (chunk: Buffer) => (text += chunk.toString()));
  child.stderr?.on('data', (chunk: Buffer) => (text += chunk.toString()));
  const exited = new Promise<number | null>((resolve) => child.once('exit', (code) => resolve(code)));
  return {
    child,
    output: () => text,
    waitForOutput: (pattern, timeoutMs = 30_000) =>
      waitFor(`${pattern} in the output of eventflow ${args.join(' ')}`, () => {
        if (child.exitCode !== null) throw new Error(`eventflow exited with ${child.exitCode}:\n${text}`);
        const match = pattern.exec(text);
        return match ? (match[1] ?? match[0]) : undefined;
      }, timeoutMs),
    stop: async () => {
      if (child.exitCode === null) child.kill('SIGTERM');
      return exited;
    },
  };
}
