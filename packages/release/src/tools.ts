// The rehearsal's own tools (Verdaccio, Bun) live in ../tools with their own lockfile, installed on
// first use: the workspace install stays free of a registry server and a second runtime.
import { existsSync, readFileSync } from 'node:fs';
import { join } from 'node:path';
import { run } from './run.ts';
import { repoRoot } from './workspaces.ts';

export const toolsDir = join(repoRoot, 'packages', 'release', 'tools');

export interface Tools {
  readonly verdaccio: string;
  readonly bun: string;
  readonly deno: string;
}

function installed(name: string, version: string): boolean {
  const manifest = join(toolsDir, 'node_modules', name, 'package.json');
  return existsSync(manifest) && (JSON.parse(readFileSync(manifest, 'utf8')) as { version: string }).version === version;
}

export async function ensureTools(): Promise<Tools> {
  const wanted = (JSON.parse(readFileSync(join(toolsDir, 'package.json'), 'utf8')) as { dependencies: Record<string, string> }).dependencies;
  if (!Object.entries(wanted).every(([name, version]) => installed(name, version))) {
    await run('npm', ['ci', '--no-audit', '--no-fund', '--strict-allow-scripts'], { cwd: toolsDir, timeoutMs: 300_000 });
  }
  return {
    verdaccio: join(toolsDir, 'node_modules', 'verdaccio', 'bin', 'verdaccio'),
    bun: join(toolsDir, 'node_modules', '.bin', 'bun'),
    // Deno is a devDependency of the repo (the acceptance tests run on it too).
    deno: join(repoRoot, 'node_modules', '.bin', 'deno'),
  };
}
