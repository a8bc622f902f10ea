// Finds .flow and .test.flow files under the paths given on the command line.
import { readdirSync, statSync } from 'node:fs';
import { basename, join, relative, resolve } from 'node:path';
import { UsageError } from './errors.ts';

export interface FoundFile {
  /** Absolute path. */
  readonly path: string;
  /** Relative to the argument it was found under (a file argument: its base name). */
  readonly label: string;
}

const SKIPPED_DIRS = new Set(['node_modules', 'dist', 'coverage']);

export function isFlowFile(path: string): boolean {
  return path.endsWith('.flow');
}

export function isTestFile(path: string): boolean {
  return path.endsWith('.test.flow');
}

/** Files in argument order; a directory contributes its .flow files recursively, sorted by path. */
export function findFlowFiles(paths: readonly string[], cwd: string): FoundFile[] {
  const found = new Map<string, FoundFile>();
  for (const arg of paths) {
    const path = resolve(cwd, arg);
    const stat = statOrUndefined(path);
    if (!stat) throw new UsageError(`No such file or directory: ${arg}`);
    if (stat.isDirectory()) {
      const files = walk(path);
      if (files.length === 0) throw new UsageError(`No .flow files in ${arg}`);
      for (const file of files) if (!found.has(file)) found.set(file, { path: file, label: posix(relative(path, file)) });
    } else if (isFlowFile(path)) {
      if (!found.has(path)) found.set(path, { path, label: basename(path) });
    } else {
      throw new UsageError(`Not a .flow file: ${arg}`);
    }
  }
  return [...found.values()];
}

function walk(dir: string): string[] {
  const out: string[] = [];
  const entries = readdirSync(dir, { withFileTypes: true }).sort((a, b) => (a.name < b.name ? -1 : a.name > b.name ? 1 : 0));
  for (const entry of entries) {
    if (entry.name.startsWith('.')) continue;
    const path = join(dir, entry.name);
    if (entry.isDirectory()) {
      if (!SKIPPED_DIRS.has(entry.name)) out.push(...walk(path));
    } else if (isFlowFile(entry.name)) {
      out.push(path);
    }
  }
  return out;
}

export function statOrUndefined(path: string): ReturnType<typeof statSync> | undefined {
  try {
    return statSync(path);
  } catch {
    return undefined;
  }
}

/** Forward slashes, for names shown to people and in diagnostics. */
export function posix(path: string): string {
  return path.split('\\').join('/');
}
