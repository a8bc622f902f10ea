// Loads binding modules: the `--bindings` paths, or else every `*.bindings.{ts,mts,cts,js,mjs,cjs}`
// beside the loaded flows. A module default-exports a BindingSet (what `defineBindings` returns) or
// an array of them; CommonJS `module.exports = defineBindings(...)` works too. `.ts` modules are
// imported through tsx's `tsImport` on a Node without type stripping, ESM package or not.
import { readdirSync, statSync } from 'node:fs';
import { dirname, join, resolve } from 'node:path';
import { pathToFileURL } from 'node:url';
import type { BindingSet } from '@eventflow/core';
import { describeLoadFailure } from './binding-errors.ts';
import { UsageError } from './errors.ts';
import { statOrUndefined } from './files.ts';
import type { LoadedFile } from './load.ts';

const BINDING_FILE = /\.bindings\.(ts|mts|cts|js|mjs|cjs)$/;

export interface LoadedBindings {
  readonly sets: BindingSet[];
  /** Absolute paths of the modules loaded. */
  readonly modules: string[];
}

export interface LoadBindingsOptions {
  /** Import each module as it is on disk now, not as first imported (watch: an edited bindings
   * file must be seen again; each edit keeps one more module version in memory). */
  readonly fresh?: boolean;
}

/** Explicit paths (files or directories) win; otherwise the binding files in the flows' directories. */
export async function loadBindings(explicit: readonly string[], files: readonly LoadedFile[], cwd: string, options: LoadBindingsOptions = {}): Promise<LoadedBindings> {
  const modules = explicit.length > 0 ? explicit.flatMap((p) => expand(resolve(cwd, p), p)) : besideFlows(files);
  const sets: BindingSet[] = [];
  for (const module of modules) sets.push(...(await importBindings(module, cwd, options.fresh === true)));
  return { sets, modules };
}

function expand(path: string, arg: string): string[] {
  const stat = statOrUndefined(path);
  if (!stat) throw new UsageError(`Bindings module not found: ${arg}`);
  return stat.isDirectory() ? bindingFilesIn(path) : [path];
}

function besideFlows(files: readonly LoadedFile[]): string[] {
  const dirs = [...new Set(files.map((f) => dirname(f.path)))].sort();
  return dirs.flatMap(bindingFilesIn);
}

function bindingFilesIn(dir: string): string[] {
  return readdirSync(dir)
    .filter((name) => BINDING_FILE.test(name) && !name.endsWith('.d.ts'))
    .sort()
    .map((name) => join(dir, name));
}

async function importBindings(path: string, cwd: string, fresh: boolean): Promise<BindingSet[]> {
  let module: { default?: unknown; bindings?: unknown };
  try {
    module = (await importModule(path, fresh ? { version: String(statSync(path).mtimeMs) } : {})) as typeof module;
  } catch (error) {
    throw new UsageError(describeLoadFailure(path, error, cwd));
  }
  const exported = unwrapDefault(module.default ?? module.bindings);
  const sets = Array.isArray(exported) ? exported : [exported];
  for (const set of sets) {
    if (!isBindingSet(set)) {
      throw new UsageError(
        `${path} must default-export a BindingSet or an array of them (export default defineBindings('@machine', (b) => ...))`,
      );
    }
  }
  return sets as BindingSet[];
}

/**
 * A TypeScript module outside a `"type": "module"` package is compiled to CommonJS, so its
 * `export default` arrives one level down (`{ default: { default: set } }`).
 */
function unwrapDefault(exported: unknown): unknown {
  if (typeof exported === 'object' && exported !== null && !isBindingSet(exported) && 'default' in exported) return (exported as { default: unknown }).default;
  return exported;
}

function isBindingSet(value: unknown): value is BindingSet {
  return (
    typeof value === 'object' &&
    value !== null &&
    typeof (value as BindingSet).machine === 'string' &&
    Array.isArray((value as BindingSet).patterns) &&
    (value as BindingSet).named instanceof Map
  );
}

/**
 * Native import first (vitest, or a Node that strips types); tsx for TypeScript otherwise. A
 * `version` makes a new module URL, so a module edited since its first import is read again.
 */
export async function importModule(path: string, options: { version?: string } = {}): Promise<unknown> {
  const url = pathToFileURL(path).href + (options.version ? `?version=${encodeURIComponent(options.version)}` : '');
  try {
    return await import(url);
  } catch (error) {
    if (!/\.[mc]?ts$/.test(path) || (error as { code?: unknown }).code !== 'ERR_UNKNOWN_FILE_EXTENSION') throw error;
  }
  const { tsImport } = await import('tsx/esm/api');
  return tsImport(url, import.meta.url);
}
