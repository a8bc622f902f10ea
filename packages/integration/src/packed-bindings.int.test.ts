// The README's "Bindings in your own project", done as a user outside this repository does it: an
// empty folder that is NOT a "type": "module" package, `npm install @eventflow/core @eventflow/cli`
// (from packed tarballs: the packages are not published yet), the README's flow in flows/ and its
// bindings beside it as .ts, then bindings:missing, test and run. Also a CommonJS .js bindings module,
// a syntax error in one, and a reader that closes the pipe early.
import { spawnSync } from 'node:child_process';
import { mkdirSync, mkdtempSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { dirname, join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { afterAll, beforeAll, describe, expect, test } from 'vitest';
import { libraries } from '../../release/src/workspaces.ts';
import { packTarballs, run } from './packed/pack.ts';

const root = join(dirname(fileURLToPath(import.meta.url)), '..', '..', '..');
const project = mkdtempSync(join(tmpdir(), 'eventflow-user-'));
// core and cli are what the user installs; the others (every library, from the workspaces) are their
// dependencies, not on a registry yet.
const packages = libraries(root).map((w) => w.manifest.name);

/** The first fenced block of `lang` after `heading` in the root README. */
function readmeBlock(heading: string, lang: string): string {
  const readme = readFileSync(join(root, 'README.md'), 'utf8');
  const from = readme.indexOf(heading);
  expect(from, `README.md has no heading '${heading}'`).toBeGreaterThanOrEqual(0);
  const start = readme.indexOf(`\`\`\`${lang}\n`, from) + lang.length + 4;
  return readme.slice(start, readme.indexOf('```', start));
}

/** The installed `eventflow` through a shell; `statuses` are the exit statuses of the pipe's commands. */
function eventflow(args: string, input?: string): { stdout: string; stderr: string; statuses: number[] } {
  const line = `npx --no-install eventflow ${args}; echo "statuses: \${PIPESTATUS[*]}" >&2`;
  const done = spawnSync('bash', ['-c', line], { cwd: project, encoding: 'utf8', timeout: 120_000, env: { ...process.env, NO_COLOR: '1' }, ...(input ? { input } : {}) });
  const [stderr = '', statuses = ''] = done.stderr.split(/statuses: /);
  return { stdout: done.stdout, stderr, statuses: statuses.trim().split(' ').map(Number) };
}

beforeAll(() => {
  const tarballs = packTarballs(root, packages, join(project, 'tarballs'));
  expect(tarballs).toHaveLength(packages.length);
  // What `npm init -y` writes: no "type" field, so .js and .ts files are CommonJS here.
  writeFileSync(join(project, 'package.json'), JSON.stringify({ name: 'shop', version: '1.0.0', private: true }));
  run('npm', ['install', '--no-audit', '--no-fund', ...tarballs], project);
  mkdirSync(join(project, 'flows'));
  writeFileSync(join(project, 'flows', 'shop.flow'), readmeBlock('### 1. A `.flow` file', 'flow'));
  writeFileSync(join(project, 'flows', 'payment.bindings.ts'), readmeBlock('### 2. Its bindings', 'ts'));
}, 300_000);

afterAll(() => rmSync(project, { recursive: true, force: true }));

describe('bindings in a project outside this repository', () => {
  test('the README flow and its .ts bindings: nothing missing, the scenario passes, run answers', () => {
    expect(eventflow('bindings:missing flows')).toEqual({ stdout: '✓ No bindings missing\n', stderr: '', statuses: [0] });
    const tested = eventflow('test flows');
    expect(tested.stderr).toBe('');
    expect(tested.stdout).toContain('Loading bindings... 1 found');
    expect(tested.stdout).toMatch(/^✓ 3 passing \(\d+ms\)$/m);
    expect(tested.statuses).toEqual([0]);
    const ran = eventflow('run flows --seed 1', '{"event":":checkout","to":"@order","data":{"amount":120}}\n');
    expect(JSON.parse(ran.stdout)).toMatchObject({ ok: true, event: ':checkout', state: '#paid', seq: 2 });
    expect(ran.statuses).toEqual([0]);
  }, 120_000);

  test('a CommonJS .js bindings module (require / module.exports) works too', () => {
    mkdirSync(join(project, 'cjs'));
    writeFileSync(join(project, 'cjs', 'shop.flow'), readmeBlock('### 1. A `.flow` file', 'flow'));
    writeFileSync(
      join(project, 'cjs', 'payment.bindings.js'),
      "const { defineBindings } = require('@eventflow/core');\n\nmodule.exports = defineBindings('@payment', (b) => {\n  b.guard('card is valid', (ctx) => ctx.get('amount', 0) <= 5000);\n});\n",
    );
    const tested = eventflow('test cjs');
    expect(tested.stdout).toMatch(/^✓ 3 passing \(\d+ms\)$/m);
    expect(tested.statuses).toEqual([0]);
  }, 120_000);

  test('a syntax error in a .ts bindings module is shown at its file:line:col with a caret', () => {
    mkdirSync(join(project, 'broken'));
    writeFileSync(join(project, 'broken', 'shop.flow'), readmeBlock('### 1. A `.flow` file', 'flow'));
    writeFileSync(
      join(project, 'broken', 'payment.bindings.ts'),
      "import { defineBindings } from '@eventflow/core';\n\nexport default defineBindings('@payment', (b) => {\n  b.guard('card is valid', (ctx) => ctx.get('amount', 0) <= );\n});\n",
    );
    expect(eventflow('test broken')).toEqual({
      stdout: 'EventFlow v0.1.0\n\nLoading flows...\n  → shop.flow (2 machines, 1 scenario)\n',
      stderr: [
        'error: Cannot load bindings module broken/payment.bindings.ts',
        'broken/payment.bindings.ts:4:61: error: Unexpected ")"',
        "  4 |   b.guard('card is valid', (ctx) => ctx.get('amount', 0) <= );",
        '    |                                                             ^',
        '',
      ].join('\n'),
      statuses: [2],
    });
  }, 120_000);

  test('eventflow … | head -1 stops quietly when head has read its line', () => {
    const events = Array.from({ length: 3000 }, () => '{"event":":checkout","to":"@order","data":{"amount":10}}').join('\n');
    writeFileSync(join(project, 'events.jsonl'), `${events}\n`);
    const piped = eventflow('run flows --events events.jsonl | head -1');
    expect(piped.stdout).toMatch(/^\{"ok":true,"event":":checkout",[^\n]*\n$/);
    expect(piped.stderr).toBe('');
    expect(piped.statuses).toEqual([141, 0]);
    const tested = eventflow('test flows | head -1');
    expect(tested).toMatchObject({ stdout: 'EventFlow v0.1.0\n', stderr: '' });
  }, 120_000);
});
