// Scale-out: two worker processes in one consumer group share the partitions. One is killed
// (SIGKILL) mid-run; the other takes over its partitions, re-sends any outbox it left, and every
// conversation still completes exactly once (redeliveries are deduplicated by event id).
import { spawn, type ChildProcess } from 'node:child_process';
import { once } from 'node:events';
import { dirname, join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { afterAll, expect, test } from 'vitest';
import { mongoClient, closeMongo } from './servers.ts';
import { startNode } from './scale-out/system.ts';

const here = dirname(fileURLToPath(import.meta.url));
const tsx = join(here, '..', '..', '..', 'node_modules', '.bin', 'tsx');
const workers: ChildProcess[] = [];

afterAll(async () => {
  for (const worker of workers) if (worker.exitCode === null) worker.kill('SIGKILL');
  await closeMongo();
});

async function startWorker(namespace: string): Promise<ChildProcess> {
  const child = spawn(tsx, ['--conditions=source', join(here, 'scale-out', 'worker.ts'), namespace], { stdio: ['ignore', 'pipe', 'pipe'], env: process.env });
  workers.push(child);
  let output = '';
  child.stderr?.on('data', (chunk: Buffer) => (output += chunk.toString()));
  await new Promise<void>((resolve, reject) => {
    child.stdout?.on('data', (chunk: Buffer) => chunk.toString().includes('ready') && resolve());
    child.once('exit', (code) => reject(new Error(`worker exited with ${code} before it was ready:\n${output}`)));
  });
  return child;
}

test('two workers share the work; killing one mid-run loses nothing and applies nothing twice', async () => {
  const namespace = `scale-${Date.now().toString(36)}`;
  const [first, second] = await Promise.all([startWorker(namespace), startWorker(namespace)]);
  const ingress = await startNode(namespace, { consume: false });
  const orders: string[] = [];
  for (let i = 0; i < 40; i++) {
    orders.push((await ingress.runtime.send({ event: ':checkout', to: '@order', from: '@customer', data: { total: 10 + i } })).aggregate_id);
  }
  const records = mongoClient().db(`ef_${namespace}`).collection('eventflow_records');
  // Kill the first worker once some conversations are done but most are still running.
  await expect.poll(() => records.countDocuments({ 'records.event_type': ':payment_success' }), { timeout: 60_000, interval: 100 }).toBeGreaterThan(3);
  first.kill('SIGKILL');
  await once(first, 'exit');
  const doneAtKill = await records.countDocuments({ 'records.event_type': ':payment_success' });
  expect(doneAtKill, 'the kill must happen mid-run').toBeLessThan(orders.length);
  await expect
    .poll(async () => (await Promise.all(orders.map((id) => ingress.runtime.state(id)))).filter((v) => v.state === '#paid').length, {
      timeout: 90_000,
      interval: 500,
    })
    .toBe(orders.length);

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
  second.kill('SIGTERM');
  await once(second, 'exit');
  await ingress.close();
  await mongoClient().db(`ef_${namespace}`).dropDatabase();
}, 180_000);
