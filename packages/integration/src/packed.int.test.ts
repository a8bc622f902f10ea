// Users install our packages from npm: pack the publishable workspaces, install the tarballs in an
// empty project, then run a flow, the conformance suite's one-file example and the CLI from there.
import { copyFileSync, mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { dirname, join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { afterAll, expect, test } from 'vitest';
import { packTarballs, run as runIn } from './packed/pack.ts';

const here = dirname(fileURLToPath(import.meta.url));
const root = join(here, '..', '..', '..');
const project = mkdtempSync(join(tmpdir(), 'eventflow-packed-'));
const packages = ['@eventflow/language', '@eventflow/core', '@eventflow/memory', '@eventflow/conformance', '@eventflow/flow-test', '@eventflow/cli'];

afterAll(() => rmSync(project, { recursive: true, force: true }));

const run = (command: string, args: string[], cwd = project) => runIn(command, args, cwd);

test('the packed packages install into an empty project and work there', () => {
  // Packing uses dist/, which `npm install` (prepare) builds; packTarballs builds again so they are current.
  const files = packTarballs(root, packages, join(project, 'tarballs'));
  expect(files).toHaveLength(packages.length);
  writeFileSync(join(project, 'package.json'), JSON.stringify({ name: 'packed-smoke', private: true, type: 'module' }));
  run('npm', ['install', '--no-audit', '--no-fund', ...files, 'vitest@^4', 'fast-check@^4']);

  copyFileSync(join(here, 'packed', 'main.mjs'), join(project, 'main.mjs'));
  expect(run('node', ['main.mjs']).trim()).toBe('#paid');

  copyFileSync(join(here, 'packed', 'conformance.test.ts'), join(project, 'conformance.test.ts'));
  const suite = run('npx', ['vitest', 'run', '--reporter=json']);
  const report = JSON.parse(suite.slice(suite.indexOf('{'))) as { numPassedTests: number; numFailedTests: number };
  expect(report.numFailedTests).toBe(0);
  expect(report.numPassedTests).toBeGreaterThan(40);

  writeFileSync(join(project, 'broken.flow'), 'machine: @order\n  on @customer\n');
  let output = '';
  try {
    run('npx', ['eventflow', 'check', 'broken.flow']);
  } catch (error) {
    output = String((error as { stdout?: string }).stdout) + String((error as { stderr?: string }).stderr);
    expect((error as { status?: number }).status).toBe(2);
  }
  expect(output).toContain("broken.flow:2:6: error: Expected an event name after 'on', found '@customer'.");
}, 240_000);

test('every publishable package passes publint and arethetypeswrong (ESM with types)', () => {
  const published = ['packages/language', 'packages/core', 'packages/memory', 'packages/mongodb', 'packages/kafka', 'packages/flow-test', 'packages/cli', 'test-harness'];
  for (const dir of published) {
    expect(run(join(root, 'node_modules', '.bin', 'publint'), [dir], root)).toContain('All good!');
    // Exits non-zero on any problem; a failure here throws with attw's table.
    run(join(root, 'node_modules', '.bin', 'attw'), ['--pack', dir, '--profile', 'esm-only', '--format', 'table-flipped'], root);
  }
}, 240_000);
