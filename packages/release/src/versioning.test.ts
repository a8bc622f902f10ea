// `changeset version` after a core release, on a scratch copy: the adapters (core is their peer) are
// not released while the new core is inside their peer range, the packages that depend on core get a
// patch with the new range, nothing jumps to 1.0.0, and every workspace still links the others.
import { readdirSync, rmSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { afterAll, describe, expect, test } from 'vitest';
import { run } from './run.ts';
import { scratchCopy } from './scratch.ts';
import { publicPackages, workspaces, type Manifest } from './workspaces.ts';

const CORE = '@eventflow/core';
const DEPENDENCY_FIELDS = ['dependencies', 'devDependencies', 'peerDependencies'] as const;
// `changeset version` takes a few seconds, more on a loaded machine.
const SLOW = { timeout: 120_000 };

function bump(version: string, type: 'minor' | 'patch'): string {
  const [major, minor, patch] = version.split('.').map(Number) as [number, number, number];
  return type === 'minor' ? `${major}.${minor + 1}.0` : `${major}.${minor}.${patch + 1}`;
}

function ranges(manifest: Manifest, field: (typeof DEPENDENCY_FIELDS)[number]): Record<string, string> {
  return (manifest[field] as Record<string, string> | undefined) ?? {};
}

/** Versions before and after `changeset version` with one changeset releasing core. */
async function versionAfterCoreRelease(type: 'minor' | 'patch') {
  const scratch = scratchCopy(`version-${type}`);
  try {
    const changesets = join(scratch.root, '.changeset');
    for (const name of readdirSync(changesets).filter((n) => n.endsWith('.md') && n !== 'README.md')) rmSync(join(changesets, name));
    writeFileSync(join(changesets, 'core-release.md'), `---\n'${CORE}': ${type}\n---\n\nA ${type} release of core.\n`);
    const before = new Map(publicPackages(scratch.root).map((w) => [w.manifest.name, w.manifest]));
    await run(join(scratch.root, 'node_modules', '.bin', 'changeset'), ['version'], { cwd: scratch.root, timeoutMs: 120_000 });
    return { before, after: workspaces(scratch.root) };
  } finally {
    scratch.remove();
  }
}

describe.each(['minor', 'patch'] as const)('changeset version after a %s release of core', (type) => {
  const result = versionAfterCoreRelease(type);
  afterAll(async () => void (await result.catch(() => undefined)));

  test('core moves one step; the adapters keep their version and their peer range admits the new core', SLOW, async () => {
    const { before, after } = await result;
    const coreBefore = before.get(CORE)!.version;
    const coreAfter = after.find((w) => w.manifest.name === CORE)!.manifest.version;
    expect(coreAfter).toBe(bump(coreBefore, type));
    const adapters = after.filter((w) => w.manifest.private !== true && CORE in ranges(w.manifest, 'peerDependencies'));
    expect(adapters.map((w) => w.manifest.name)).toEqual(expect.arrayContaining(['@eventflow/memory', '@eventflow/kafka', '@eventflow/mongodb', '@eventflow/conformance']));
    for (const { manifest } of adapters) {
      expect({ [manifest.name]: manifest.version }).toEqual({ [manifest.name]: before.get(manifest.name)!.version });
    }
  });

  test('no package jumps a major version', SLOW, async () => {
    const { before, after } = await result;
    for (const { manifest } of after.filter((w) => before.has(w.manifest.name))) {
      expect({ [manifest.name]: manifest.version.split('.')[0] }).toEqual({ [manifest.name]: before.get(manifest.name)!.version.split('.')[0] });
    }
  });

  test('every workspace range on another workspace admits its new version (npm still links them)', SLOW, async () => {
    const { after } = await result;
    const versions = new Map(after.map((w) => [w.manifest.name, w.manifest.version]));
    const unmet: string[] = [];
    for (const { manifest } of after) {
      for (const field of DEPENDENCY_FIELDS) {
        for (const [name, range] of Object.entries(ranges(manifest, field))) {
          const version = versions.get(name);
          if (version !== undefined && !satisfies(version, range)) unmet.push(`${manifest.name} ${field} ${name}@${range} (now ${version})`);
        }
      }
    }
    expect(unmet).toEqual([]);
  });
});

/** The range forms the workspaces use: `^x.y.z`, `x.y.z`, and `>=a.b.c <d.e.f`. */
function satisfies(version: string, range: string): boolean {
  const v = version.split('.').map(Number);
  const cmp = (other: string) => {
    const o = other.split('.').map(Number);
    for (let i = 0; i < 3; i++) if (v[i] !== o[i]) return (v[i] ?? 0) - (o[i] ?? 0);
    return 0;
  };
  if (range.startsWith('^')) {
    const base = range.slice(1);
    const [major, minor] = base.split('.').map(Number);
    const sameLine = major === 0 ? v[0] === 0 && v[1] === minor : v[0] === major;
    return sameLine && cmp(base) >= 0;
  }
  const bounds = range.match(/^>=(\S+) <(\S+)$/);
  if (bounds) return cmp(bounds[1]!) >= 0 && cmp(bounds[2]!) < 0;
  return cmp(range) === 0;
}
