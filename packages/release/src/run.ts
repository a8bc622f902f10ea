// Runs a command and fails with what it printed: a rehearsal step that breaks shows the exact error.
import { spawn } from 'node:child_process';

export interface RunOptions {
  readonly cwd: string;
  readonly env?: NodeJS.ProcessEnv;
  /** Killed (and reported) after this long; a step never hangs the run. */
  readonly timeoutMs?: number;
}

export interface RunResult {
  readonly stdout: string;
  readonly stderr: string;
}

const SHOWN = 6000;

export class CommandError extends Error {
  readonly command: string;
  readonly exitCode: number | null;
  readonly stdout: string;
  readonly stderr: string;

  constructor(command: string, exitCode: number | null, stdout: string, stderr: string) {
    super(`\`${command}\` ${exitCode === null ? 'was killed (time-out)' : `exited ${exitCode}`}\n${tail(stderr, 'stderr')}${tail(stdout, 'stdout')}`);
    this.name = 'CommandError';
    this.command = command;
    this.exitCode = exitCode;
    this.stdout = stdout;
    this.stderr = stderr;
  }
}

function tail(text: string, label: string): string {
  if (!text.trim()) return '';
  return `--- ${label}${text.length > SHOWN ? ` (last ${SHOWN} characters)` : ''}\n${text.slice(-SHOWN)}\n`;
}

export function run(command: string, args: readonly string[], options: RunOptions): Promise<RunResult> {
  const shown = [command, ...args].join(' ');
  return new Promise((resolve, reject) => {
    // No stdin: a command that waits for input would hang the step instead of failing it.
    const child = spawn(command, args, { cwd: options.cwd, env: options.env ?? process.env, stdio: ['ignore', 'pipe', 'pipe'] });
    let stdout = '';
    let stderr = '';
    child.stdout.on('data', (chunk: Buffer) => (stdout += chunk.toString()));
    child.stderr.on('data', (chunk: Buffer) => (stderr += chunk.toString()));
    const timer = setTimeout(() => child.kill('SIGKILL'), options.timeoutMs ?? 180_000);
    child.on('error', (error) => {
      clearTimeout(timer);
      reject(new CommandError(shown, null, stdout, `${stderr}${error.message}`));
    });
    child.on('close', (code) => {
      clearTimeout(timer);
      if (code === 0) resolve({ stdout, stderr });
      else reject(new CommandError(shown, code, stdout, stderr));
    });
  });
}
