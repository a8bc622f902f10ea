// Scale-out: two worker processes in one consumer group share the partitions. One is killed with
// SIGKILL mid-run: the other takes over its partitions within the group's session timeout,
// re-sends any outbox it left, and every conversation completes exactly once (redeliveries are
// deduplicated by event id) within 15 s of the kill. One is stopped with SIGTERM mid-run: it
// finishes and commits what it holds, leaves the group at once, and nothing is delivered twice.
import { spawn, type ChildProcess } from 'node:child_process';
import { once } from 'node:events';
import { dirname, join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { afterAll, expect, test } from 'vitest';
import { mongoClient, closeMongo } from './servers.ts';
import { startNode, type Node } from './scale-out/system.ts';

const here = dirname(fileURLToPath(import.meta.url));
const workers: ChildProcess[] = [];
const CONVERSATIONS = 40;

afterAll(async () => {
  for (const worker of workers) if (worker.exitCode === null && worker.signalCode === null) worker.kill('SIGKILL');
  await closeMongo();
});

interface Worker {
  readonly child: ChildProcess;
  /** Ids of every batch the worker received, in order (a batch's ids on one line). */
  readonly received: string[];
  readonly output: () => string;
}

// `node --import tsx`, not the tsx command: its wrapper SIGKILLs a child that is slow to stop.
async function startWorker(namespace: string, outboxSweepMs: number): Promise<Worker> {
  const script = join(here, 'scale-out', 'worker.ts');
  const child = spawn(process.execPath, ['--import', 'tsx', '--conditions=source', script, namespace, String(outboxSweepMs)], {
    stdio: ['ignore', 'pipe', 'pipe'],
    env: process.env,
  });
  workers.push(child);
  const received: string[] = [];
  let output = '';
  let pending = '';
  child.stderr?.on('data', (chunk: Buffer) => (output += chunk.toString()));
  await new Promise<void>((resolve, reject) => {
    child.stdout?.on('data', (chunk: Buffer) => {
      const text = chunk.toString();
      output += text;
      const lines = (pending + text).split('\n');
      pending = lines.pop() ?? '';
      for (const line of lines) {
        if (line === 'ready') resolve();
        else if (line.startsWith('received ')) received.push(...line.slice('received '.length).split(' '));
      }
    });
    child.once('exit', (code) => reject(new Error(`worker exited with ${code} before it was ready:\n${output}`)));
  });
  return { child, received, output: () => output };
}

async function checkouts(ingress: Node): Promise<string[]> {
  const orders: string[] = [];
  for (let i = 0; i < CONVERSATIONS; i++) {
    orders.push((await ingress.runtime.send({ event: ':checkout', to: '@order', from: '@customer', data: { total: 10 + i } })).aggregate_id);
  }
  return orders;
}

/** Once some conversations are done but most are still running. */
async function midRun(namespace: string): Promise<void> {
  const records = mongoClient().db(`ef_${namespace}`).collection('eventflow_records');
  await expect.poll(() => records.countDocuments({ 'records.event_type': ':payment_success' }), { timeout: 60_000, interval: 50 }).toBeGreaterThan(3);
}

async function paid(ingress: Node, orders: readonly string[]): Promise<number> {
  return (await Promise.all(orders.map((id) => ingress.runtime.state(id)))).filter((v) => v.state === '#paid').length;
}

/** Every conversation took its path once: no step missing, none applied twice. */
async function expectEachOnce(ingress: Node, orders: readonly string[]): Promise<void> {
  for (const id of orders) {
    const history = await ingress.runtime.history(id);
    expect(history.map((r) => r.event_type)).toEqual([':checkout', ':payment_success']);
    const request = history[0]?.outcome.emitted[0];
    expect(history[1]?.conversation_id).toBe(request?.conversation_id);
  }
  const payments = await ingress.runtime.instances('@payment');
  expect(payments).toHaveLength(orders.length);
  for (const payment of payments) {
    const events = (await ingress.runtime.history(payment.aggregate_id)).map((r) => r.event_type);
    expect(events).toEqual([':payment_request', ':card_authorized']);
  }
  expect(await ingress.runtime.instances('@bank')).toHaveLength(orders.length);
}

async function finish(namespace: string, ingress: Node, survivor: Worker): Promise<void> {
  survivor.child.kill('SIGTERM');
  await once(survivor.child, 'exit');
  await ingress.close();
  await mongoClient().db(`ef_${namespace}`).dropDatabase();
}

test('two workers share the work; killing one (SIGKILL) mid-run: every conversation done within 15 s, none applied twice', async () => {
  const namespace = `scale-${Date.now().toString(36)}`;
  const [first, second] = await Promise.all([startWorker(namespace, 1_000), startWorker(namespace, 1_000)]);
  const ingress = await startNode(namespace, { consume: false });
  const orders = await checkouts(ingress);
  await midRun(namespace);
  first.child.kill('SIGKILL');
  await once(first.child, 'exit');
  const killedAt = Date.now();
  expect(await paid(ingress, orders), 'the kill must happen mid-run').toBeLessThan(orders.length);
  expect(first.received.length, 'the killed worker had work').toBeGreaterThan(0);
  await expect
    .poll(() => paid(ingress, orders), { timeout: 15_000, interval: 200, message: `conversations done within 15 s of the kill\n${second.output()}` })
    .toBe(orders.length);
  console.log(`scale-out: last conversation done ${Date.now() - killedAt} ms after the kill`);
  await expectEachOnce(ingress, orders);
  await finish(namespace, ingress, second);
}, 180_000);

test('a worker stopped with SIGTERM mid-run commits what it handled and leaves the group; the other takes over with zero redeliveries', async () => {
  const namespace = `drain-${Date.now().toString(36)}`;
  // No peer re-sends another's outbox in this test: a clean stop leaves none, and an eager sweep on a
  // loaded machine would re-send envelopes still being published, which is not the group's doing.
  const [first, second] = await Promise.all([startWorker(namespace, 60_000), startWorker(namespace, 60_000)]);
  const ingress = await startNode(namespace, { consume: false, outboxSweepMs: 60_000 });
  const orders = await checkouts(ingress);
  await midRun(namespace);
  const stoppedAt = Date.now();
  first.child.kill('SIGTERM');
  const [code] = (await once(first.child, 'exit')) as [number | null];
  expect(code, first.output()).toBe(0);
  expect(first.output()).toMatch(/stopped in \d+ ms/);
  expect(await paid(ingress, orders), 'the stop must happen mid-run').toBeLessThan(orders.length);
  // Leaving the group at once (no session timeout to wait out) lets the other worker finish quickly.
  await expect
    .poll(() => paid(ingress, orders), { timeout: 15_000, interval: 200, message: `conversations done within 15 s of SIGTERM\n${second.output()}` })
    .toBe(orders.length);
  console.log(`scale-out: SIGTERM to last conversation done ${Date.now() - stoppedAt} ms`);
  const received = [...first.received, ...second.received];
  const twice = received.filter((id, i) => received.indexOf(id) !== i);
  expect(twice, 'envelopes delivered more than once').toEqual([]);
  expect(first.received.length, 'the stopped worker had work').toBeGreaterThan(0);
  expect(second.received.length, 'the other worker had work').toBeGreaterThan(0);
  await expectEachOnce(ingress, orders);
  await finish(namespace, ingress, second);
}, 180_000);
