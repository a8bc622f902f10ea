// Packs publishable workspaces into tarballs, as `npm publish` would ship them, for tests that install
// them into an empty project the way a user outside this repository does.
import { execFileSync } from 'node:child_process';
import { mkdirSync, readdirSync } from 'node:fs';
import { join } from 'node:path';

export const run = (command: string, args: string[], cwd: string): string =>
  execFileSync(command, args, { cwd, encoding: 'utf8', env: { ...process.env, NO_COLOR: '1' }, stdio: ['ignore', 'pipe', 'pipe'] });

/** Builds (packing uses dist/), packs `packages` into `destination`, and returns the tarballs' paths. */
export function packTarballs(root: string, packages: readonly string[], destination: string): string[] {
  run('npx', ['turbo', 'run', 'build', '--output-logs=errors-only'], root);
  mkdirSync(destination, { recursive: true });
  run('npm', ['pack', ...packages.flatMap((p) => ['--workspace', p]), '--pack-destination', destination], root);
  return readdirSync(destination)
    .filter((f) => f.endsWith('.tgz'))
    .map((f) => join(destination, f));
}
