// The starter: what it writes, that its flows pass their tests and answer events, and the refusals.
import { mkdtempSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { runCli } from '@eventflow/cli';
import { afterEach, expect, test } from 'vitest';
import { scaffold, templateDir } from './scaffold.ts';
import { releasedRanges } from './starter-package.ts';

const made: string[] = [];
afterEach(() => made.splice(0).forEach((dir) => rmSync(dir, { recursive: true, force: true })));
function emptyDir(): string {
  const dir = mkdtempSync(join(tmpdir(), 'create-eventflow-'));
  made.push(dir);
  return dir;
}

function buffer() {
  let text = '';
  return { write: (chunk: string) => (text += chunk), text: () => text };
}

test('writes one system of two machines, its bindings, a .test.flow, the config and a package.json', () => {
  const dir = join(emptyDir(), 'my-app');
  expect(scaffold({ dir })).toEqual([
    '.gitignore',
    'README.md',
    'eventflow.config.ts',
    'events.jsonl',
    'flows/order.flow',
    'flows/payment.flow',
    'flows/shop.bindings.ts',
    'flows/shop.flow',
    'flows/shop.test.flow',
    'package.json',
    'tsconfig.json',
  ]);
  const manifest = JSON.parse(readFileSync(join(dir, 'package.json'), 'utf8'));
  const ranges = releasedRanges();
  expect(manifest).toMatchObject({
    name: 'my-app',
    private: true,
    type: 'module',
    scripts: {
      test: 'eventflow test flows',
      start: 'eventflow serve',
      events: 'eventflow run flows --events events.jsonl',
      diagram: 'eventflow diagram flows --type combined --output diagram.html',
    },
    dependencies: { '@eventflow/cli': ranges['@eventflow/cli'], '@eventflow/core': ranges['@eventflow/core'], '@eventflow/memory': ranges['@eventflow/memory'] },
  });
  expect(Object.keys(manifest.dependencies)).toHaveLength(3);
  const config = readFileSync(join(dir, 'eventflow.config.ts'), 'utf8');
  expect(config).toContain("\n  store: { kind: 'memory' },\n  transport: { kind: 'memory' },\n");
  expect(config).toContain("\n  // store: { kind: 'mongodb',");
  expect(config).toContain("\n  // transport: { kind: 'kafka',");
});

test('--deploy mongo-kafka: the config uses MongoDB + Kafka, and the project depends on their adapters and drivers', () => {
  const dir = join(emptyDir(), 'shop');
  scaffold({ dir, deployment: 'mongo-kafka', name: 'shop-service' });
  const manifest = JSON.parse(readFileSync(join(dir, 'package.json'), 'utf8'));
  expect(manifest.name).toBe('shop-service');
  expect(Object.keys(manifest.dependencies)).toEqual(['@eventflow/cli', '@eventflow/core', '@eventflow/kafka', '@eventflow/memory', '@eventflow/mongodb', 'kafkajs', 'mongodb']);
  const config = readFileSync(join(dir, 'eventflow.config.ts'), 'utf8');
  expect(config).toContain("\n  store: { kind: 'mongodb', url: 'mongodb://127.0.0.1:27017', database: 'shop' },\n");
  expect(config).toContain("\n  // store: { kind: 'memory' },\n");
});

test('refuses a folder with files (unless forced) and a name npm would refuse', () => {
  const dir = emptyDir();
  writeFileSync(join(dir, 'notes.txt'), 'mine');
  expect(() => scaffold({ dir })).toThrow(`${dir} is not empty; choose another folder, or pass --force to write into it`);
  expect(scaffold({ dir, force: true, name: 'forced' })).toContain('notes.txt');
  expect(() => scaffold({ dir: join(emptyDir(), 'My App') })).toThrow('"My App" is not a valid npm package name');
});

test("the template's flows pass `eventflow test` with their .ts bindings", async () => {
  const out = buffer();
  const err = buffer();
  const code = await runCli(['test', join(templateDir, 'flows')], { stdout: out, stderr: err });
  expect({ code, err: err.text() }).toEqual({ code: 0, err: '' });
  expect(out.text()).toContain('✓ a card over the limit is declined');
  expect(out.text()).toMatch(/✓ 7 passing/);
});

test("`npm run diagram`'s command draws the system as one HTML page", async () => {
  const dir = emptyDir();
  const out = buffer();
  const err = buffer();
  const code = await runCli(['diagram', join(templateDir, 'flows'), '--type', 'combined', '--output', join(dir, 'diagram.html')], { stdout: out, stderr: err });
  expect({ code, err: err.text() }).toEqual({ code: 0, err: `wrote ${join(dir, 'diagram.html')}\n` });
  const page = readFileSync(join(dir, 'diagram.html'), 'utf8');
  expect(page).toContain('@order');
  expect(page).toContain('@payment');
});

test("`npm run events`' command answers every event of events.jsonl", async () => {
  const out = buffer();
  const code = await runCli(['run', 'flows', '--events', 'events.jsonl', '--seed', '1'], { stdout: out, stderr: buffer(), cwd: templateDir });
  expect(code).toBe(0);
  const answers = out.text().trim().split('\n').map((line) => JSON.parse(line));
  expect(answers.map((a) => [a.ok, a.state, a.reply.status])).toEqual([
    [true, '#paid', 202],
    [true, '#payment_failed', 202],
  ]);
});
