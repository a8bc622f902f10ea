// Core runs on Deno 2 as well as Node: type-check and run a flow with the `deno` package from npm.
// Like vitest, it reads the workspaces' TypeScript sources (the `source` export condition); the
// release rehearsal (packages/release) runs the published packages on Deno.
import { execFileSync } from 'node:child_process';
import { dirname, join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { expect, test } from 'vitest';

const here = dirname(fileURLToPath(import.meta.url));
const denoDir = join(here, '..', 'deno');
const deno = join(here, '..', '..', '..', 'node_modules', '.bin', 'deno');

test('core type-checks and runs a conversation under Deno 2', () => {
  const env = { ...process.env, DENO_NO_UPDATE_CHECK: '1', NO_COLOR: '1' };
  execFileSync(deno, ['check', '--conditions=source', 'smoke.ts'], { cwd: denoDir, env, stdio: 'pipe' });
  const output = execFileSync(deno, ['run', '--conditions=source', '--allow-read', '--allow-env', 'smoke.ts'], { cwd: denoDir, env, encoding: 'utf8' });
  const result = JSON.parse(output.trim().split('\n').at(-1) as string);
  expect(result.runtime).toBe('deno');
  expect(result.version).toMatch(/^2\./);
  expect(result).toMatchObject({ state: '#paid', atSeq1: '#awaiting_payment' });
}, 120_000);
