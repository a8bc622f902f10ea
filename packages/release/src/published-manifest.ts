// The package.json a registry gets: the repo's own, less the `source` export condition. In the repo,
// `source` points the tests, tsc and Deno at src/*.ts; a published package ships only dist/, and a
// consumer whose tools set a `source` condition of their own must land on compiled JS too.
// Run as a script (the release workflow, before `changeset publish`) it rewrites every public
// package's manifest in place: only on a throwaway checkout or the rehearsal's scratch copy.
import { writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { publicPackages, repoRoot, type Manifest } from './workspaces.ts';

const REPO_ONLY_CONDITIONS = new Set(['source']);

/** `exports` with the repo-only conditions removed at every level. */
export function publishedExports(exports: unknown): unknown {
  if (typeof exports !== 'object' || exports === null || Array.isArray(exports)) return exports;
  const kept = Object.entries(exports).filter(([key]) => !REPO_ONLY_CONDITIONS.has(key));
  return Object.fromEntries(kept.map(([key, value]) => [key, publishedExports(value)]));
}

export function publishedManifest(manifest: Manifest): Manifest {
  return manifest.exports === undefined ? manifest : { ...manifest, exports: publishedExports(manifest.exports) };
}

/** Rewrites each public package.json under `root`; returns the directories changed. */
export function writePublishedManifests(root: string): string[] {
  return publicPackages(root).map(({ dir, manifest }) => {
    writeFileSync(join(root, dir, 'package.json'), `${JSON.stringify(publishedManifest(manifest), null, 2)}\n`);
    return dir;
  });
}

if (process.argv[1] === fileURLToPath(import.meta.url)) {
  const root = process.argv[2] ?? repoRoot;
  for (const dir of writePublishedManifests(root)) console.log(`published manifest: ${dir}/package.json`);
}
