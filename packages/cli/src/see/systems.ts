// Splits loaded flows into systems, one page each for `export`: a `system:` file with the machines it
// uses and the tests that name them; a machine file no system uses is a system of its own.
import { basename, dirname, resolve } from 'node:path';
import { stem } from '@eventflow/diagram';
import { isTestFile } from '../files.ts';
import type { LoadedFile } from '../load.ts';

export interface SystemGroup {
  /** File-name stem of the page: the system's name, or the machine file's name. */
  readonly name: string;
  readonly title: string;
  readonly files: readonly LoadedFile[];
}

export function systemGroups(files: readonly LoadedFile[]): SystemGroup[] {
  const byPath = new Map(files.map((f) => [f.path, f]));
  const taken = new Set<string>();
  const groups: SystemGroup[] = [];
  for (const file of files) {
    const system = file.ast?.system;
    if (!system) continue;
    const members = [file, ...system.uses.flatMap((u) => byPath.get(resolve(dirname(file.path), u.path)) ?? [])];
    const machines = new Set(members.flatMap((m) => m.ast?.machines.map((x) => x.name) ?? []));
    const tests = files.filter((f) => f.ast?.tests.some((t) => t.system === system.name || (t.machine !== undefined && machines.has(t.machine))));
    const all = [...new Set([...members, ...tests])];
    all.forEach((f) => taken.add(f.path));
    groups.push({ name: stem(system.name), title: system.name, files: all });
  }
  for (const file of files) {
    if (taken.has(file.path) || isTestFile(file.path) || !file.ast || file.ast.machines.length === 0) continue;
    const sibling = byPath.get(file.path.replace(/\.flow$/, '.test.flow'));
    const name = basename(file.path, '.flow');
    groups.push({ name: stem(name), title: name, files: sibling ? [file, sibling] : [file] });
  }
  return groups;
}
