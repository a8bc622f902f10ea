// Runs `eventflow serve` as a real process (node with tsx's loader, on the sources) and reads its JSON log lines: the
// `listening` line gives the URL; stop() sends a signal and resolves with the exit code.
import { spawn, type ChildProcess } from 'node:child_process';
import { join } from 'node:path';
import { REPO_ROOT } from './cli.ts';

const BIN = join(REPO_ROOT, 'packages', 'cli', 'src', 'bin.ts');

export interface ServeProcess {
  readonly child: ChildProcess;
  /** Every JSON line logged so far. */
  readonly lines: Record<string, any>[];
  /** Its URL, once it logged `started` (the runtime runs, the API is served). */
  readonly url: Promise<string>;
  readonly exited: Promise<number | null>;
  stderr(): string;
  stop(signal?: NodeJS.Signals): Promise<number | null>;
}

const running = new Set<ChildProcess>();

/** `preload`: modules node imports before the CLI (`--import`), such as an OpenTelemetry SDK setup. */
export function spawnServe(args: readonly string[], env: Record<string, string> = {}, preload: readonly string[] = []): ServeProcess {
  // Node itself, not the tsx command: tsx relays a signal and SIGKILLs a child that is busy for 30 ms.
  const imports = preload.flatMap((module) => ['--import', module]);
  const child = spawn(process.execPath, ['--import', 'tsx', ...imports, '--conditions=source', BIN, 'serve', ...args], {
    cwd: REPO_ROOT,
    env: { ...process.env, NO_COLOR: '1', ...env },
    stdio: ['ignore', 'pipe', 'pipe'],
  });
  running.add(child);
  const lines: Record<string, any>[] = [];
  let stderr = '';
  let partial = '';
  let listening: (url: string) => void = () => {};
  const exited = new Promise<number | null>((resolve) => child.once('exit', (code) => {
    running.delete(child);
    resolve(code);
  }));
  const url = new Promise<string>((resolve, reject) => {
    listening = resolve;
    void exited.then((code) => reject(new Error(`serve exited (${code}) before it started:\n${stderr}\n${lines.map((l) => JSON.stringify(l)).join('\n')}`)));
  });
  url.catch(() => undefined);
  child.stdout?.on('data', (chunk: Buffer) => {
    partial += chunk.toString();
    const complete = partial.split('\n');
    partial = complete.pop() ?? '';
    for (const text of complete) {
      if (!text.trim()) continue;
      const line = JSON.parse(text) as Record<string, any>;
      lines.push(line);
      if (line['msg'] === 'started') listening(line['url']);
    }
  });
  child.stderr?.on('data', (chunk: Buffer) => (stderr += chunk.toString()));
  return {
    child,
    lines,
    url,
    exited,
    stderr: () => stderr,
    stop: (signal = 'SIGTERM') => {
      if (child.exitCode === null && child.signalCode === null) child.kill(signal);
      return exited;
    },
  };
}

/** For afterAll: kills whatever a failed test left running. */
export function killLeftovers(): void {
  for (const child of running) child.kill('SIGKILL');
}
