// Scale-out: two worker processes in one consumer group share the partitions. One is killed with
// SIGKILL mid-run: the other takes over its partitions within the group's session timeout,
// re-sends any outbox it left, and every conversation completes exactly once (redeliveries are
// deduplicated by event id) within 15 s of the kill (session timeout 6 s, outbox sweep 5 s). One is stopped with SIGTERM mid-run: it
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
const SWEEP_MS = 5_000;
const READY_MS = 60_000;

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
    const timer = setTimeout(() => reject(new Error(`worker not ready after ${READY_MS} ms:\n${output}`)), READY_MS);
    child.stdout?.on('data', (chunk: Buffer) => {
      const text = chunk.toString();
      output += text;
      const lines = (pending + text).split('\n');
      pending = lines.pop() ?? '';
      for (const line of lines) {
        if (line === 'ready') {
          clearTimeout(timer);
          resolve();
        }
        else if (line.startsWith('received ')) received.push(...line.slice('received '.length).split(' '));
      }
    });
    child.once('exit', (code) => reject(new Error(`worker exited with ${code} before it was ready:\n${output}`)));
  });
  return { child, received, output: () => output };
}

/** Starts every conversation at once (sends of one moment are one batch: one append, one publish). */
async function checkouts(ingress: Node, count: number, orders: string[] = []): Promise<string[]> {
  const sends = Array.from({ length: count }, (_, i) => ingress.runtime.send({ event: ':checkout', to: '@order', from: '@customer', data: { total: 10 + orders.length + i } }));
  orders.push(...(await Promise.all(sends)).map((sent) => sent.aggregate_id));
  return orders;
}

/**
 * The second half of the conversations, a few at a time, while a worker is stopped; the last few
 * only once `lastWave` resolves (after the test has checked the stop came mid-run), so the run
 * cannot be over before the stop, however fast the workers are.
 */
async function moreCheckouts(ingress: Node, orders: string[], lastWave: Promise<void>): Promise<void> {
  for (let sent = 4; sent < CONVERSATIONS / 2; sent += 4) {
    await checkouts(ingress, 4, orders);
    await new Promise((resolve) => setTimeout(resolve, 100));
  }
  await lastWave;
  await checkouts(ingress, 4, orders);
}

/** A promise and the function that resolves it. */
function gate(): { opened: Promise<void>; open: () => void } {
  let open: () => void = () => {};
  const opened = new Promise<void>((resolve) => (open = resolve));
  return { opened, open };
}

/**
 * Counts the orders paid: an order's second commit (`_id` `<order>:2`, its :payment_success) is
 * stored. Looked up by `_id` (the primary key), only for orders not yet seen paid, so watching does
 * not load the store the workers use (a scanning query every poll did, on a busy machine). `orders`
 * may grow while it is watched.
 */
function paidCounter(namespace: string, orders: readonly string[]): () => Promise<number> {
  const records = mongoClient().db(`ef_${namespace}`).collection<{ _id: string }>('eventflow_records');
  const paid = new Set<string>();
  return async () => {
    const open = orders.filter((id) => !paid.has(id));
    const found = await records.find({ _id: { $in: open.map((id) => `${id}:2`) } }, { projection: { _id: 1 } }).toArray();
    for (const { _id } of found) paid.add(_id.slice(0, -':2'.length));
    return paid.size;
  };
}

/** Once some conversations are done; half of them are still to be sent (moreCheckouts). */
async function midRun(paid: () => Promise<number>): Promise<void> {
  await expect.poll(paid, { timeout: 60_000, interval: 200 }).toBeGreaterThan(3);
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
  // A peer re-sends what stayed in the outbox across two sweeps (5-10 s here): what the killed
  // worker stored but had not published. Shorter sweeps re-send envelopes still being published on
  // a busy machine (each re-send is deduplicated, but they add load and copies).
  const [first, second] = await Promise.all([startWorker(namespace, SWEEP_MS), startWorker(namespace, SWEEP_MS)]);
  const ingress = await startNode(namespace, { consume: false, outboxSweepMs: SWEEP_MS });
  const orders = await checkouts(ingress, CONVERSATIONS / 2);
  const paid = paidCounter(namespace, orders);
  await midRun(paid);
  const lastWave = gate();
  const more = moreCheckouts(ingress, orders, lastWave.opened);
  first.child.kill('SIGKILL');
  await once(first.child, 'exit');
  const killedAt = Date.now();
  expect(await paid(), 'the kill must happen mid-run').toBeLessThan(CONVERSATIONS);
  lastWave.open();
  await more;
  console.log(`scale-out: ${orders.length} conversations started`);
  expect(first.received.length, 'the killed worker had work').toBeGreaterThan(0);
  await expect
    .poll(paid, { timeout: 15_000, interval: 200, message: `conversations done within 15 s of the kill\n${second.output()}` })
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
  const orders = await checkouts(ingress, CONVERSATIONS / 2);
  const paid = paidCounter(namespace, orders);
  await midRun(paid);
  const lastWave = gate();
  const more = moreCheckouts(ingress, orders, lastWave.opened);
  const stoppedAt = Date.now();
  first.child.kill('SIGTERM');
  const [code] = (await once(first.child, 'exit')) as [number | null];
  expect(code, first.output()).toBe(0);
  expect(first.output()).toMatch(/stopped in \d+ ms/);
  expect(await paid(), 'the stop must happen mid-run').toBeLessThan(CONVERSATIONS);
  lastWave.open();
  await more;
  // Leaving the group at once (no session timeout to wait out) lets the other worker finish quickly.
  await expect
    .poll(paid, { timeout: 15_000, interval: 200, message: `conversations done within 15 s of SIGTERM\n${second.output()}` })
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
