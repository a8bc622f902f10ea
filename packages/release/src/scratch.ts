// A scratch copy of the repository: the files git tracks or would track, the public packages' built
// dist/, and a link to the checkout's node_modules (tools only). Versioning and publishing happen
// there, so the checkout is never changed.
import { execFileSync } from 'node:child_process';
import { cpSync, existsSync, mkdirSync, mkdtempSync, rmSync, symlinkSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { dirname, join } from 'node:path';
import { publicPackages, repoRoot } from './workspaces.ts';

export interface Scratch {
  readonly root: string;
  remove(): void;
}

export function scratchCopy(prefix: string, root = repoRoot): Scratch {
  const copy = mkdtempSync(join(tmpdir(), `eventflow-${prefix}-`));
  const listed = execFileSync('git', ['ls-files', '--cached', '--others', '--exclude-standard', '-z'], { cwd: root, encoding: 'utf8' });
  for (const file of listed.split('\0').filter(Boolean)) {
    if (!existsSync(join(root, file))) continue; // deleted in the work tree, not yet in the index
    mkdirSync(dirname(join(copy, file)), { recursive: true });
    cpSync(join(root, file), join(copy, file));
  }
  for (const { dir } of publicPackages(root)) {
    if (existsSync(join(root, dir, 'dist'))) cpSync(join(root, dir, 'dist'), join(copy, dir, 'dist'), { recursive: true });
  }
  symlinkSync(join(root, 'node_modules'), join(copy, 'node_modules'), 'dir');
  return { root: copy, remove: () => rmSync(copy, { recursive: true, force: true }) };
}
