// Publishing to the local registry from a scratch copy, as the release workflow does on npm:
// `changeset version`, the published manifests, then `changeset publish` (no git tags here).
import { mkdirSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { writePublishedManifests } from './published-manifest.ts';
import type { Registry } from './registry.ts';
import { run } from './run.ts';
import { scratchCopy, type Scratch } from './scratch.ts';
import { publicPackages } from './workspaces.ts';

export interface Published {
  readonly scratch: Scratch;
  /** name -> version, as the registry reports its `latest`. */
  readonly versions: ReadonlyMap<string, string>;
  /** name -> the tarball the registry serves for that version, downloaded into the scratch copy. */
  readonly tarballs: ReadonlyMap<string, string>;
}

/** npm settings that send every registry request of a child process to the local registry. */
export function registryEnv(registry: Registry, userconfig: string): NodeJS.ProcessEnv {
  writeFileSync(userconfig, `registry=${registry.url}\n${registry.authLine}\n`);
  return { ...process.env, npm_config_registry: registry.url, npm_config_userconfig: userconfig, npm_config_update_notifier: 'false' };
}

interface Packument {
  'dist-tags'?: { latest?: string };
  versions?: Record<string, { dist: { tarball: string } }>;
}

export async function publishAll(registry: Registry): Promise<Published> {
  const scratch = scratchCopy('release');
  const env = registryEnv(registry, join(scratch.root, '.npmrc-rehearsal'));
  const changeset = join(scratch.root, 'node_modules', '.bin', 'changeset');
  await run(changeset, ['version'], { cwd: scratch.root, env, timeoutMs: 120_000 });
  writePublishedManifests(scratch.root);
  await run(changeset, ['publish', '--no-git-tag'], { cwd: scratch.root, env, timeoutMs: 300_000 });
  const versions = new Map<string, string>();
  const tarballs = new Map<string, string>();
  mkdirSync(join(scratch.root, 'tarballs'));
  for (const { manifest } of publicPackages(scratch.root)) {
    const response = await fetch(`${registry.url}${manifest.name.replace('/', '%2f')}`);
    const body = (await response.json()) as Packument;
    const latest = body['dist-tags']?.latest;
    const tarball = latest === undefined ? undefined : body.versions?.[latest]?.dist.tarball;
    if (latest !== manifest.version || tarball === undefined) {
      throw new Error(`${manifest.name}@${manifest.version} is not the registry's latest (${response.status}: ${latest ?? JSON.stringify(body)})`);
    }
    versions.set(manifest.name, latest);
    const file = join(scratch.root, 'tarballs', `${manifest.name.replace('@', '').replace('/', '-')}-${latest}.tgz`);
    writeFileSync(file, Buffer.from(await (await fetch(tarball)).arrayBuffer()));
    tarballs.set(manifest.name, file);
  }
  return { scratch, versions, tarballs };
}
