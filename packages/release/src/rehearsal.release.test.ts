// The release rehearsal: every public package is versioned and published to a local registry, then
// installed in an empty project that runs it on Node, Deno and Bun, runs `eventflow test`, the
// conformance suite against an adapter of its own, and a project made by `npm create eventflow`.
import { mkdtempSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, expect, test } from 'vitest';
import { scopedNpmrc } from './consumer.ts';
import { Rehearsal } from './rehearsal.ts';
import { startService } from './service.ts';
import { run } from './run.ts';
import { libraries, publicPackages } from './workspaces.ts';

const rehearsal = new Rehearsal();
afterAll(() => rehearsal.close());
const publicNames = publicPackages().map((w) => w.manifest.name);
const quiet = { ...process.env, NO_COLOR: '1', DENO_NO_UPDATE_CHECK: '1' };

test('changeset version + changeset publish put every public package on a local registry', async () => {
  const { versions } = await rehearsal.published();
  console.log(`published: ${[...versions].map(([name, version]) => `${name}@${version}`).join(', ')}`);
  expect([...versions.keys()].sort()).toEqual([...publicNames].sort());
});

test.each(publicPackages().map((w) => [w.manifest.name, w] as const))('%s: the tarball on the registry passes publint and arethetypeswrong, and holds only compiled files', async (name, { manifest }) => {
  const { scratch, tarballs } = await rehearsal.published();
  const tarball = tarballs.get(name)!;
  const bin = (tool: string) => join(scratch.root, 'node_modules', '.bin', tool);
  const [lint, , listing] = await Promise.all([
    run(bin('publint'), ['run', '--strict', tarball], { cwd: scratch.root }),
    manifest.exports === undefined ? undefined : run(bin('attw'), [tarball, '--profile', 'esm-only', '--format', 'table-flipped'], { cwd: scratch.root }),
    run('tar', ['-tzf', tarball], { cwd: scratch.root }),
  ]);
  expect(lint.stdout).toContain('All good!');
  const files = listing.stdout.trim().split('\n').map((path) => path.replace(/^package\//, ''));
  expect(files).toEqual(expect.arrayContaining(['package.json', 'LICENSE', 'README.md']));
  // A starter's template/ is data copied into new projects, never imported from node_modules.
  expect(files.filter((file) => /\.(ts|mts|map)$/.test(file) && !/\.d\.m?ts$/.test(file) && !file.startsWith('template/'))).toEqual([]);
  const published = JSON.parse((await run('tar', ['-xzOf', tarball, 'package/package.json'], { cwd: scratch.root })).stdout) as { exports?: unknown };
  expect(JSON.stringify(published.exports ?? {})).not.toContain('"source"');
});

test('an empty project installs every library from the registry with no install script run', async () => {
  const { dir } = await rehearsal.consumer();
  const { versions } = await rehearsal.published();
  for (const { manifest } of libraries()) {
    const installed = JSON.parse(readFileSync(join(dir, 'node_modules', manifest.name, 'package.json'), 'utf8')) as { version: string };
    expect({ [manifest.name]: installed.version }).toEqual({ [manifest.name]: versions.get(manifest.name) });
  }
});

test('every library imports on Node (compiled JS, no .ts under node_modules)', async () => {
  const { dir } = await rehearsal.consumer();
  const names = libraries().map((w) => w.manifest.name);
  const script = `for (const name of ${JSON.stringify(names)}) { const m = await import(name); console.log(name, Object.keys(m).length); }`;
  const { stdout } = await run('node', ['--input-type=module', '-e', script], { cwd: dir });
  for (const name of names) expect(stdout).toMatch(new RegExp(`^${name} [1-9]`, 'm'));
  const sources = await run('find', ['node_modules/@eventflow', '-name', '*.ts', '-not', '-name', '*.d.ts'], { cwd: dir });
  expect(sources.stdout.trim()).toBe('');
});

/** How each runtime runs the tour (Deno type-checks it against the published .d.ts first). */
const runtimes = [
  { name: 'Node 20', version: /^node 20\./, commands: async () => [['node', '--import', 'tsx', 'tour.ts']] },
  {
    name: 'Deno 2',
    version: /^deno 2\./,
    commands: async () => {
      const { deno } = await rehearsal.tools();
      return [[deno, 'check', 'tour.ts'], [deno, 'run', '--allow-read', '--allow-env', 'tour.ts']];
    },
  },
  { name: 'Bun', version: /^bun 1\./, commands: async () => [[(await rehearsal.tools()).bun, 'tour.ts']] },
];

test.each(runtimes)("the README's five-minute tour runs on $name", async ({ version, commands }) => {
  const { dir } = await rehearsal.consumer();
  let stdout = '';
  for (const [command, ...args] of await commands()) stdout = (await run(command!, args, { cwd: dir, env: quiet })).stdout;
  const result = JSON.parse(stdout.trim().split('\n').at(-1)!) as { runtime: string; state: string; atSeq1: string };
  console.log(`tour ran on ${result.runtime}`);
  expect(result.runtime).toMatch(version);
  expect(result).toMatchObject({ state: '#paid', atSeq1: '#awaiting_payment' });
});

test('`eventflow test` runs a flow with .ts bindings and its .test.flow', async () => {
  const { dir } = await rehearsal.consumer();
  const { versions } = await rehearsal.published();
  const { stdout } = await run('npx', ['eventflow', 'test', 'flows'], { cwd: dir, env: quiet });
  expect(stdout).toContain(`EventFlow v${versions.get('@eventflow/cli')}`);
  expect(stdout).toContain('Loading bindings... 1 found');
  expect(stdout).toContain('✓ a card over the limit is declined');
  expect(stdout).toMatch(/✓ \d+ passing/);
});

test('the published conformance suite passes against a tiny adapter written in the project', async () => {
  const { dir } = await rehearsal.consumer();
  const { stdout } = await run('npx', ['vitest', 'run', '--reporter=json'], { cwd: dir, env: quiet, timeoutMs: 300_000 });
  const report = JSON.parse(stdout.slice(stdout.indexOf('{'))) as { numPassedTests: number; numFailedTests: number };
  expect(report.numFailedTests).toBe(0);
  expect(report.numPassedTests).toBeGreaterThan(10);
});

test('npm create eventflow@latest my-app, npm install, npm test, npm start (serve), npm run diagram', async () => {
  const registry = await rehearsal.registry();
  const { versions } = await rehearsal.published();
  const home = mkdtempSync(join(tmpdir(), 'eventflow-create-'));
  try {
    // create-eventflow is unscoped: this one command asks the local registry (it has no dependencies).
    const createEnv = { ...quiet, npm_config_registry: registry.url, npm_config_yes: 'true' };
    const created = await run('npm', ['create', 'eventflow@latest', 'my-app'], { cwd: home, env: createEnv });
    expect(created.stdout).toContain('Created my-app');
    const app = join(home, 'my-app');
    writeFileSync(join(app, '.npmrc'), scopedNpmrc(registry));
    await run('npm', ['install', '--no-audit', '--no-fund', '--strict-allow-scripts'], { cwd: app, env: quiet, timeoutMs: 300_000 });
    const tested = await run('npm', ['test'], { cwd: app, env: quiet });
    expect(tested.stdout).toContain(`EventFlow v${versions.get('@eventflow/cli')}`);
    expect(tested.stdout).toMatch(/✓ 7 passing/);
    // npm start = eventflow serve: the (api) handler answers over HTTP, the conversation completes.
    const service = await startService('npm', ['start'], { cwd: app, env: { ...quiet, EVENTFLOW_HTTP_PORT: '0', EVENTFLOW_LOG_PRETTY: 'false' } });
    try {
      const answer = await fetch(`${service.url}/order/checkout`, { method: 'POST', headers: { 'content-type': 'application/json' }, body: '{"total":120}' });
      expect({ status: answer.status, body: await answer.json() }).toEqual({ status: 202, body: { status: 'awaiting_payment', total: 120 } });
      const id = answer.headers.get('eventflow-aggregate-id');
      expect(await stateWithin(`${service.url}/order/${id}`, 'paid')).toBe('paid');
    } finally {
      await service.stop();
      expect(service.output()).toContain('"msg":"stopped"');
    }
    await run('npm', ['run', 'diagram'], { cwd: app, env: quiet });
    expect(readFileSync(join(app, 'diagram.html'), 'utf8')).toContain('@payment');
  } finally {
    rmSync(home, { recursive: true, force: true });
  }
});

/** The instance's state once it is `wanted`, or the last one read when 20 s have passed. */
async function stateWithin(url: string, wanted: string): Promise<string> {
  const deadline = Date.now() + 20_000;
  let state = '';
  while (Date.now() < deadline) {
    state = ((await (await fetch(url)).json()) as { state: string }).state;
    if (state === wanted) break;
    await new Promise((r) => setTimeout(r, 200));
  }
  return state;
}
