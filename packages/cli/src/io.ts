// Where a command reads and writes: the real process, or buffers in tests (runCli is in-process).
import { createRequire } from 'node:module';
import pc from 'picocolors';
import type { Colors } from '@eventflow/flow-test';

/** The slice of a stream a command writes to; `isTTY` decides whether colour is on. */
export interface Output {
  write(text: string): unknown;
  readonly isTTY?: boolean;
}

/** Where a command reads and writes: the process, or buffers in tests. */
export interface CliIo {
  readonly stdout: Output;
  readonly stderr: Output;
  /** JSON lines for `run` when no `--events` file is given: a stream, or the text itself. */
  readonly stdin?: string | AsyncIterable<string | Uint8Array>;
  /** Relative paths resolve against it (default: process.cwd()). */
  readonly cwd?: string;
  /** Read for NO_COLOR and FORCE_COLOR (default: process.env). */
  readonly env?: Readonly<Record<string, string | undefined>>;
}

/** This package's version, from its package.json (src/ and dist/ both sit beside it). */
export const VERSION = (createRequire(import.meta.url)('../package.json') as { version: string }).version;
export const BANNER = `EventFlow v${VERSION}`;

/** Exit codes: tests failed / usage or parse errors / the reader of stdout went away (128 + SIGPIPE). */
export const EXIT_OK = 0;
export const EXIT_FAILED = 1;
export const EXIT_USAGE = 2;
export const EXIT_CLOSED_PIPE = 141;

export interface Palette extends Colors {
  readonly enabled: boolean;
  cyan(text: string): string;
}

/** Colour only on a TTY; NO_COLOR (non-empty) turns it off, FORCE_COLOR (not "0") turns it on. */
export function colorsEnabled(io: CliIo): boolean {
  const env = io.env ?? process.env;
  if (env['NO_COLOR']) return false;
  const force = env['FORCE_COLOR'];
  if (force !== undefined) return force !== '0' && force !== 'false';
  return io.stdout.isTTY === true;
}

export function palette(io: CliIo): Palette {
  const enabled = colorsEnabled(io);
  const c = pc.createColors(enabled);
  return { enabled, green: c.green, red: c.red, dim: c.dim, bold: c.bold, yellow: c.yellow, cyan: c.cyan };
}

/** Writes lines with a trailing newline. */
export function println(out: Output, ...lines: string[]): void {
  out.write(lines.map((line) => `${line}\n`).join(''));
}
