// Worker processes of the production-path benchmark: started with `node --import tsx` (the tsx
// command's wrapper SIGKILLs a child that is slow to stop), ready once they print `ready`. They run
// the built packages (dist/), as the benchmark's own process and users do.
import { spawn, type ChildProcess } from 'node:child_process';
import { once } from 'node:events';
import { dirname, join } from 'node:path';
import { fileURLToPath } from 'node:url';

const WORKER = join(dirname(fileURLToPath(import.meta.url)), 'worker.ts');
const READY_TIMEOUT_MS = 120_000;
/** Extra node flags for the workers, e.g. `--cpu-prof --cpu-prof-dir=/tmp/profiles` (NODE_OPTIONS refuses --cpu-prof). */
const WORKER_NODE_FLAGS = (process.env.EVENTFLOW_BENCH_WORKER_FLAGS ?? '').split(' ').filter(Boolean);

/** Workers still running: killed when this process exits, so none outlives a failed or timed-out run (they print nothing, so a closed pipe would not stop them). */
const running = new Set<ChildProcess>();
process.once('exit', () => {
  for (const child of running) child.kill('SIGKILL');
});

export interface WorkerProcess {
  readonly child: ChildProcess;
  readonly output: () => string;
}

export async function startWorkers(kind: 'eventflow' | 'raw', namespace: string, count: number, maxBatchSize?: number): Promise<WorkerProcess[]> {
  const args = [kind, namespace, ...(maxBatchSize === undefined ? [] : [String(maxBatchSize)])];
  return Promise.all(Array.from({ length: count }, () => startWorker(args)));
}

async function startWorker(args: readonly string[]): Promise<WorkerProcess> {
  const child = spawn(process.execPath, [...WORKER_NODE_FLAGS, '--import', 'tsx', WORKER, ...args], { stdio: ['ignore', 'pipe', 'pipe'], env: process.env });
  running.add(child);
  child.once('exit', () => running.delete(child));
  let output = '';
  child.stderr?.on('data', (chunk: Buffer) => (output += chunk.toString()));
  await new Promise<void>((resolve, reject) => {
    const timer = setTimeout(() => reject(new Error(`worker ${args.join(' ')} not ready after ${READY_TIMEOUT_MS} ms:\n${output}`)), READY_TIMEOUT_MS);
    child.stdout?.on('data', (chunk: Buffer) => {
      output += chunk.toString();
      if (output.includes('ready')) {
        clearTimeout(timer);
        resolve();
      }
    });
    child.once('exit', (code) => {
      clearTimeout(timer);
      reject(new Error(`worker ${args.join(' ')} exited with ${code} before it was ready:\n${output}`));
    });
  });
  return { child, output: () => output };
}

/** SIGTERM (a clean stop), SIGKILL after 30 s. */
export async function stopWorkers(workers: readonly WorkerProcess[]): Promise<void> {
  await Promise.all(
    workers.map(async ({ child }) => {
      if (child.exitCode !== null || child.signalCode !== null) return;
      const exited = once(child, 'exit');
      child.kill('SIGTERM');
      const timer = setTimeout(() => child.kill('SIGKILL'), 30_000);
      await exited;
      clearTimeout(timer);
    }),
  );
}

export async function killWorker(worker: WorkerProcess): Promise<void> {
  const exited = once(worker.child, 'exit');
  worker.child.kill('SIGKILL');
  await exited;
}
