// A local npm registry for the rehearsal: Verdaccio on 127.0.0.1, storage in a temporary folder, no
// uplinks (it serves only what was published to it), and one throwaway user whose token publishes.
import { spawn, type ChildProcess } from 'node:child_process';
import { mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { createServer } from 'node:net';
import { tmpdir } from 'node:os';
import { join } from 'node:path';

export interface Registry {
  /** `http://127.0.0.1:PORT/` */
  readonly url: string;
  /** The `.npmrc` line that authenticates publishing. */
  readonly authLine: string;
  stop(): Promise<void>;
}

const CONFIG = (storage: string) => `
storage: ${storage}/storage
auth:
  htpasswd:
    file: ${storage}/htpasswd
    max_users: 10
uplinks: {}
packages:
  '**':
    access: $all
    publish: $authenticated
    unpublish: $authenticated
max_body_size: 100mb
logs: { type: stdout, format: pretty, level: warn }
`;

function freePort(): Promise<number> {
  return new Promise((resolve, reject) => {
    const server = createServer();
    server.once('error', reject);
    server.listen(0, '127.0.0.1', () => {
      const address = server.address();
      server.close(() => (typeof address === 'object' && address ? resolve(address.port) : reject(new Error('no port'))));
    });
  });
}

async function waitUntilUp(url: string, child: ChildProcess, output: () => string, deadlineMs: number): Promise<void> {
  const deadline = Date.now() + deadlineMs;
  while (Date.now() < deadline) {
    if (child.exitCode !== null) throw new Error(`Verdaccio exited ${child.exitCode} before it answered:\n${output()}`);
    try {
      if ((await fetch(`${url}-/ping`)).ok) return;
    } catch {
      // not listening yet
    }
    await new Promise((r) => setTimeout(r, 200));
  }
  throw new Error(`Verdaccio did not answer ${url}-/ping within ${deadlineMs / 1000}s:\n${output()}`);
}

async function addUser(url: string): Promise<string> {
  const name = 'rehearsal';
  const response = await fetch(`${url}-/user/org.couchdb.user:${name}`, {
    method: 'PUT',
    headers: { 'content-type': 'application/json' },
    body: JSON.stringify({ name, password: `pw-${crypto.randomUUID()}`, email: 'rehearsal@example.invalid' }),
  });
  const body = (await response.json()) as { token?: string; error?: string };
  if (!response.ok || !body.token) throw new Error(`Verdaccio refused the rehearsal user: ${response.status} ${JSON.stringify(body)}`);
  return body.token;
}

export async function startRegistry(verdaccio: string): Promise<Registry> {
  const storage = mkdtempSync(join(tmpdir(), 'eventflow-registry-'));
  writeFileSync(join(storage, 'config.yaml'), CONFIG(storage));
  const port = await freePort();
  const url = `http://127.0.0.1:${port}/`;
  const child = spawn(process.execPath, [verdaccio, '--config', join(storage, 'config.yaml'), '--listen', `127.0.0.1:${port}`], {
    stdio: ['ignore', 'pipe', 'pipe'],
  });
  let output = '';
  child.stdout?.on('data', (chunk: Buffer) => (output = (output + chunk.toString()).slice(-4000)));
  child.stderr?.on('data', (chunk: Buffer) => (output = (output + chunk.toString()).slice(-4000)));
  const stop = async () => {
    if (child.exitCode === null) {
      const exited = new Promise((resolve) => child.once('exit', resolve));
      child.kill('SIGTERM');
      await exited;
    }
    rmSync(storage, { recursive: true, force: true });
  };
  try {
    await waitUntilUp(url, child, () => output, 60_000);
    const token = await addUser(url);
    return { url, authLine: `//127.0.0.1:${port}/:_authToken=${token}`, stop };
  } catch (error) {
    await stop();
    throw error;
  }
}
