// Runs the CLI in-process with captured output, and makes throw-away flow directories.
import { mkdtempSync, mkdirSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { dirname, join, resolve } from 'node:path';
import { fileURLToPath, pathToFileURL } from 'node:url';
import { runCli } from '../main.ts';

export const REPO_ROOT = resolve(dirname(fileURLToPath(import.meta.url)), '../../../..');
export const CHECKOUT_FLOWS = join(REPO_ROOT, 'apps/checkout/flows');

/** `import { defineBindings } from ...` that works from a temp dir (no node_modules there). */
export const CORE_IMPORT = pathToFileURL(join(REPO_ROOT, 'packages/core/src/index.ts')).href;

export interface CliRun {
  readonly code: number;
  readonly stdout: string;
  readonly stderr: string;
}

export async function cli(argv: readonly string[], options: { cwd?: string; stdin?: string; env?: Record<string, string> } = {}): Promise<CliRun> {
  let stdout = '';
  let stderr = '';
  const code = await runCli(argv, {
    stdout: { write: (text: string) => (stdout += text) },
    stderr: { write: (text: string) => (stderr += text) },
    stdin: options.stdin ?? '',
    cwd: options.cwd ?? REPO_ROOT,
    env: options.env ?? {},
  });
  return { code, stdout, stderr };
}

/** A temp directory holding `files` (relative path -> text). */
export function tempFlows(files: Readonly<Record<string, string>>): string {
  const dir = mkdtempSync(join(tmpdir(), 'eventflow-cli-'));
  for (const [name, text] of Object.entries(files)) {
    mkdirSync(dirname(join(dir, name)), { recursive: true });
    writeFileSync(join(dir, name), text);
  }
  return dir;
}

/** JSON lines of a run's stdout. */
export function jsonLines(text: string): Record<string, unknown>[] {
  return text
    .split('\n')
    .filter((line) => line.trim() !== '')
    .map((line) => JSON.parse(line) as Record<string, unknown>);
}
