// The HTTP app runs under Deno 2 (Deno.serve + createHttpApp's fetch handler, from the sources):
// the checkout over real HTTP, the routing error, then SIGTERM drains and exits 0.
import { spawn } from 'node:child_process';
import { dirname, join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { expect, test } from 'vitest';
import { get, post } from './test-support/server.ts';

const here = dirname(fileURLToPath(import.meta.url));
const deno = join(here, '..', '..', '..', 'node_modules', '.bin', 'deno');

test('the checkout app served by Deno.serve', async () => {
  const child = spawn(deno, ['run', '--conditions=source', '--allow-read', '--allow-env', '--allow-net=127.0.0.1', 'serve.ts'], {
    cwd: join(here, '..', 'deno'),
    env: { ...process.env, DENO_NO_UPDATE_CHECK: '1', NO_COLOR: '1' },
    stdio: ['ignore', 'pipe', 'pipe'],
  });
  let output = '';
  const exited = new Promise<number | null>((resolve) => child.once('exit', (code) => resolve(code)));
  try {
    child.stderr.on('data', (chunk: Buffer) => (output += chunk.toString()));
    const started = await new Promise<{ listening: number; runtime: string; version: string }>((resolve, reject) => {
      child.stdout.on('data', (chunk: Buffer) => {
        output += chunk.toString();
        const line = output.split('\n').find((l) => l.startsWith('{"listening"'));
        if (line) resolve(JSON.parse(line));
      });
      void exited.then((code) => reject(new Error(`deno exited (${code}) before listening:\n${output}`)));
    });
    expect(started).toMatchObject({ runtime: 'deno', version: expect.stringMatching(/^2\./) });
    const url = `http://127.0.0.1:${started.listening}`;
    const created = await post(`${url}/order/checkout`, { total: 120, items: [{ sku: 'book', qty: 1 }] });
    expect(created).toMatchObject({ status: 202, body: { status: 'processing', total: 120 } });
    const id = created.headers.get('eventflow-aggregate-id');
    await expect.poll(async () => (await get(`${url}/order/${id}`)).body.state, { timeout: 30_000 }).toBe('confirmed');
    const unrouted = await post(`${url}/order/cancel_order`);
    expect(unrouted.status).toBe(409);
    expect(unrouted.body.detail).toContain("Cannot route event ':cancel_order' to @order");
    expect((await post(`${url}/order/checkout`, { total: 'x' })).status).toBe(422);
    child.kill('SIGTERM');
    expect(await exited).toBe(0);
  } finally {
    if (child.exitCode === null) child.kill('SIGKILL');
  }
}, 120_000);
