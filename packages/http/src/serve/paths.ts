// The `flows` and `bindings` entries of a config: paths or globs relative to the served directory.
import { resolve } from 'node:path';
import { globSync, isDynamicPattern } from 'tinyglobby';

/** Each entry as an absolute path; a glob becomes the files it matches, sorted (none: an error naming it). */
export function expandPaths(root: string, entries: readonly string[], field: string): string[] {
  return entries.flatMap((entry) => {
    if (!isDynamicPattern(entry)) return [resolve(root, entry)];
    const found = globSync(entry, { cwd: root, absolute: true, ignore: ['**/node_modules/**', '**/dist/**'] }).sort();
    if (found.length === 0) throw new Error(`${field}: '${entry}' matches no file under ${root}`);
    return found;
  });
}
