// An empty project that installs the published packages as a user would: @eventflow/* from the
// local registry (a scoped line in its .npmrc), everything else (drivers, vitest) from the default one.
import { mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import type { Registry } from './registry.ts';
import { run } from './run.ts';

export interface Consumer {
  readonly dir: string;
  remove(): void;
}

export function scopedNpmrc(registry: Registry): string {
  return `@eventflow:registry=${registry.url}\n`;
}

export async function installConsumer(registry: Registry, versions: ReadonlyMap<string, string>, libraries: readonly string[]): Promise<Consumer> {
  const dir = mkdtempSync(join(tmpdir(), 'eventflow-consumer-'));
  writeFileSync(join(dir, '.npmrc'), scopedNpmrc(registry));
  // esbuild (under tsx, under @eventflow/cli) needs no install script: denied, so a strict install passes.
  writeFileSync(join(dir, 'package.json'), `${JSON.stringify({ name: 'rehearsal-consumer', private: true, type: 'module', allowScripts: { esbuild: false } }, null, 2)}\n`);
  const specs = libraries.map((name) => `${name}@${versions.get(name)}`);
  await run('npm', ['install', '--no-audit', '--no-fund', '--strict-allow-scripts', ...specs], { cwd: dir, timeoutMs: 300_000 });
  return { dir, remove: () => rmSync(dir, { recursive: true, force: true }) };
}
