// The API reference builds from the doc comments with no undocumented export, broken link or
// unexported type in a public signature (TypeDoc; `npm run docs:api` writes it to docs/api).
import { existsSync, mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, expect, test } from 'vitest';
import { run } from './run.ts';
import { repoRoot } from './workspaces.ts';

const out = mkdtempSync(join(tmpdir(), 'eventflow-api-'));
afterAll(() => rmSync(out, { recursive: true, force: true }));

test('the API reference of every library builds with every export documented and every link resolved', async () => {
  const tsx = join(repoRoot, 'node_modules', '.bin', 'tsx');
  const { stdout } = await run(tsx, [join(repoRoot, 'packages', 'release', 'src', 'api-docs.ts'), out], { cwd: repoRoot });
  expect(stdout).toMatch(/API reference of \d+ packages written/);
  expect(existsSync(join(out, 'index.html'))).toBe(true);
});
