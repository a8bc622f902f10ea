// A long-running command of the rehearsal (`npm start` = `eventflow serve`): started in its own
// process group, ready once it logs its URL and its /readyz answers 200 (it listens before its
// subscriptions have joined), stopped with SIGTERM (a drain) and its exit awaited.
import { spawn } from 'node:child_process';

export interface Service {
  /** `http://127.0.0.1:PORT` from the service's `listening` log line. */
  readonly url: string;
  /** SIGTERM to the whole group (npm, its shell, the server); resolves once every one of them has
   * closed the output (npm itself ends on the signal; the server drains first). */
  stop(): Promise<void>;
  output(): string;
}

export async function startService(command: string, args: readonly string[], options: { cwd: string; env: NodeJS.ProcessEnv; deadlineMs?: number }): Promise<Service> {
  const deadline = Date.now() + (options.deadlineMs ?? 60_000);
  const service = await listeningService(command, args, options);
  for (;;) {
    const status = await fetch(`${service.url}/readyz`).then((answer) => answer.status, (error: Error) => error.message);
    if (status === 200) return service;
    if (Date.now() > deadline) {
      await service.stop();
      throw new Error(`\`${[command, ...args].join(' ')}\` listened but /readyz still answered ${status}:\n${service.output()}`);
    }
    await new Promise((resolve) => setTimeout(resolve, 200));
  }
}

function listeningService(command: string, args: readonly string[], options: { cwd: string; env: NodeJS.ProcessEnv; deadlineMs?: number }): Promise<Service> {
  const child = spawn(command, args, { cwd: options.cwd, env: options.env, stdio: ['ignore', 'pipe', 'pipe'], detached: true });
  let output = '';
  const exited = new Promise<number | null>((resolve) => child.once('exit', (code) => resolve(code)));
  const closed = new Promise<void>((resolve) => child.once('close', () => resolve()));
  const stop = async () => {
    if (child.exitCode === null && child.pid !== undefined) process.kill(-child.pid, 'SIGTERM');
    await closed;
  };
  return new Promise((resolve, reject) => {
    const timer = setTimeout(() => {
      void stop();
      reject(new Error(`\`${[command, ...args].join(' ')}\` logged no "listening" line within ${(options.deadlineMs ?? 60_000) / 1000}s:\n${output}`));
    }, options.deadlineMs ?? 60_000);
    const read = (chunk: Buffer) => {
      output += chunk.toString();
      const listening = output.split('\n').find((line) => line.includes('"msg":"listening"'));
      if (!listening) return;
      clearTimeout(timer);
      resolve({ url: (JSON.parse(listening) as { url: string }).url, stop, output: () => output });
    };
    child.stdout.on('data', read);
    child.stderr.on('data', (chunk: Buffer) => (output += chunk.toString()));
    void exited.then((code) => {
      clearTimeout(timer);
      reject(new Error(`\`${[command, ...args].join(' ')}\` exited ${code} before it listened:\n${output}`));
    });
  });
}
