// What every public package carries, checked on the checkout in milliseconds (the rehearsal checks
// the tarballs themselves): the licence, where it comes from, what it ships and what it exports.
import { existsSync, readFileSync } from 'node:fs';
import { join } from 'node:path';
import { describe, expect, test } from 'vitest';
import { publishedManifest } from './published-manifest.ts';
import { publicPackages, readManifest, repoRoot, type Manifest } from './workspaces.ts';

const root = readManifest(repoRoot, '.') as Manifest & { repository: { url: string } };
const license = readFileSync(join(repoRoot, 'LICENSE'), 'utf8');
const repo = root.repository.url.replace(/^git\+/, '').replace(/\.git$/, '');

/** Every file path an `exports` map can resolve to. */
function targets(exports: unknown): string[] {
  if (typeof exports === 'string') return [exports];
  if (typeof exports !== 'object' || exports === null) return [];
  return Object.values(exports).flatMap(targets);
}

test('there are public packages, and the root names the repository once for all of them', () => {
  expect(publicPackages().length).toBeGreaterThan(5);
  expect(root.repository.url).toMatch(/^git\+https:\/\/github\.com\/[^/]+\/[^/]+\.git$/);
});

describe.each(publicPackages().map((w) => [w.manifest.name, w] as const))('%s', (_, { dir, manifest }) => {
  test("carries the root's LICENSE, a README, and where it comes from", () => {
    expect(existsSync(join(repoRoot, dir, 'README.md'))).toBe(true);
    expect(readFileSync(join(repoRoot, dir, 'LICENSE'), 'utf8')).toBe(license);
    expect(manifest).toMatchObject({
      license: 'MIT',
      repository: { type: 'git', url: root.repository.url, directory: dir },
      homepage: `${repo}/tree/main/${dir}#readme`,
      bugs: { url: `${repo}/issues` },
      engines: { node: '>=20.19' },
      publishConfig: { access: 'public' },
      type: 'module',
    });
    expect(manifest.description).toEqual(expect.any(String));
  });

  test('ships built output only: dist (and its bin, template or operator scripts), never src', () => {
    expect(manifest.files?.every((entry) => ['dist', 'bin', 'template', 'ferretdb'].includes(entry))).toBe(true);
    expect(manifest.files).toContain('dist');
  });

  test('as published, every export condition resolves to compiled JS or its .d.ts in dist', () => {
    if (manifest.exports === undefined) return expect(manifest.bin).toBeDefined();
    expect(manifest.sideEffects).toBe(false);
    const published = targets(publishedManifest(manifest).exports);
    expect(published.length).toBeGreaterThan(0);
    for (const target of published) expect(target).toMatch(/^\.\/dist\/.*(\.js|\.d\.ts)$/);
    expect(targets(manifest.exports).filter((t) => !published.includes(t)).every((t) => t.startsWith('./src/'))).toBe(true);
  });

  test('depends on the other packages with caret ranges, and peers on them with a range that admits their next minor', () => {
    for (const field of ['dependencies', 'devDependencies'] as const) {
      for (const [name, range] of Object.entries((manifest[field] ?? {}) as Record<string, string>)) {
        if (name.startsWith('@eventflow/')) expect({ [name]: range }).toEqual({ [name]: expect.stringMatching(/^\^\d+\.\d+\.\d+$/) });
      }
    }
    for (const [name, range] of Object.entries((manifest.peerDependencies ?? {}) as Record<string, string>)) {
      if (name.startsWith('@eventflow/')) expect({ [name]: range }).toEqual({ [name]: expect.stringMatching(/^>=\d+\.\d+\.\d+ <\d+\.0\.0$/) });
    }
  });
});
