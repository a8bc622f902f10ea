// Writes a new project: the template's files, its package.json and its eventflow.config.ts. It
// never writes into a folder that has files unless asked to (`force`).
import { cpSync, existsSync, mkdirSync, readdirSync, renameSync, writeFileSync } from 'node:fs';
import { basename, join, relative, sep } from 'node:path';
import { fileURLToPath } from 'node:url';
import { configFile } from './config-file.ts';
import { starterPackage, type Deployment } from './starter-package.ts';

export const templateDir = fileURLToPath(new URL('../template', import.meta.url));

export interface ScaffoldOptions {
  readonly dir: string;
  /** The package name; default: the folder's name. */
  readonly name?: string;
  readonly deployment?: Deployment;
  readonly force?: boolean;
  /** Version ranges of the EventFlow packages (default: the released ones). */
  readonly ranges?: Record<string, string>;
}

export class ScaffoldError extends Error {
  override name = 'ScaffoldError';
}

const VALID_NAME = /^(?:@[a-z0-9-~][a-z0-9-._~]*\/)?[a-z0-9-~][a-z0-9-._~]*$/;

/** Returns the files written, relative to `dir`, sorted. */
export function scaffold(options: ScaffoldOptions): string[] {
  if (existsSync(options.dir) && readdirSync(options.dir).length > 0 && !options.force) {
    throw new ScaffoldError(`${options.dir} is not empty; choose another folder, or pass --force to write into it`);
  }
  const name = options.name ?? basename(options.dir);
  if (!VALID_NAME.test(name)) {
    throw new ScaffoldError(`"${name}" is not a valid npm package name (lower case letters, digits, - . _ ~); choose one with --name`);
  }
  mkdirSync(options.dir, { recursive: true });
  cpSync(templateDir, options.dir, { recursive: true });
  // npm leaves .gitignore files out of published packages, so the template ships it without the dot.
  renameSync(join(options.dir, 'gitignore'), join(options.dir, '.gitignore'));
  const deployment = options.deployment ?? 'memory';
  writeFileSync(join(options.dir, 'package.json'), `${JSON.stringify(starterPackage(name, deployment, options.ranges), null, 2)}\n`);
  writeFileSync(join(options.dir, 'eventflow.config.ts'), configFile(deployment));
  return readdirSync(options.dir, { recursive: true, withFileTypes: true })
    .filter((entry) => entry.isFile())
    .map((entry) => relative(options.dir, join(entry.parentPath, entry.name)).split(sep).join('/'))
    .sort();
}
