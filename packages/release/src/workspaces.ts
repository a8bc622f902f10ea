// The public packages: every workspace of the root package.json that is not private. Everything the
// release checks and rehearses is derived from this list, so a new package is covered by existing.
import { existsSync, readdirSync, readFileSync } from 'node:fs';
import { dirname, join, relative } from 'node:path';
import { fileURLToPath } from 'node:url';

export const repoRoot = join(dirname(fileURLToPath(import.meta.url)), '..', '..', '..');

export interface Manifest {
  name: string;
  version: string;
  private?: boolean;
  exports?: unknown;
  bin?: string | Record<string, string>;
  files?: string[];
  [field: string]: unknown;
}

export interface Workspace {
  /** Path from the repository root, with forward slashes: `packages/core`. */
  readonly dir: string;
  readonly manifest: Manifest;
}

export function readManifest(root: string, dir: string): Manifest {
  return JSON.parse(readFileSync(join(root, dir, 'package.json'), 'utf8')) as Manifest;
}

/** Every workspace, in the order of the root's `workspaces` globs (`dir` or `dir/*` forms). */
export function workspaces(root = repoRoot): Workspace[] {
  const globs = (readManifest(root, '.') as { workspaces?: string[] }).workspaces ?? [];
  const dirs = globs.flatMap((glob) => {
    if (!glob.endsWith('/*')) return [glob];
    const parent = glob.slice(0, -2);
    return readdirSync(join(root, parent), { withFileTypes: true })
      .filter((entry) => entry.isDirectory())
      .map((entry) => `${parent}/${entry.name}`)
      .sort();
  });
  return dirs
    .filter((dir) => existsSync(join(root, dir, 'package.json')))
    .map((dir) => ({ dir: relative(root, join(root, dir)).split('\\').join('/'), manifest: readManifest(root, dir) }));
}

export function publicPackages(root = repoRoot): Workspace[] {
  return workspaces(root).filter((w) => w.manifest.private !== true);
}

/** Packages a program imports (they have `exports`); a create-* starter only has a bin. */
export function libraries(root = repoRoot): Workspace[] {
  return publicPackages(root).filter((w) => w.manifest.exports !== undefined);
}
