// `eventflow inspect --ui [flows...] --store <file | mongodb://...>`: the browser inspector over a
// stored run, without the system running: a JSON-lines store file (as the file was when opened) or a
// MongoDB database (followed live: other processes' new records show up within seconds). The flows,
// when given, draw the state diagrams. Runs until Ctrl+C.
import { existsSync } from 'node:fs';
import { resolve } from 'node:path';
import type { EventStore } from '@eventflow/core';
import { plural, printDiagnostics } from '../diagnostics.ts';
import { UsageError } from '../errors.ts';
import { isTestFile } from '../files.ts';
import { interrupted } from '../interrupted.ts';
import { BANNER, EXIT_OK, EXIT_USAGE, palette, println, type CliIo } from '../io.ts';
import { asts, loadFlows } from '../load.ts';
import { startInspectServer } from '../see/inspect-server.ts';

export interface InspectUiOptions {
  readonly store?: string;
  readonly database?: string;
  readonly port?: string;
  readonly host?: string;
}

export const DEFAULT_INSPECT_PORT = 5174;
const POLL_MS = 2_000;

export async function inspectUiCommand(paths: readonly string[], options: InspectUiOptions, io: CliIo, cwd: string, stop: Promise<unknown> = interrupted()): Promise<number> {
  if (options.store === undefined) throw new UsageError('inspect --ui needs --store <file | mongodb://host/...>: the store to inspect');
  const port = Number(options.port ?? DEFAULT_INSPECT_PORT);
  if (!Number.isInteger(port) || port < 0 || port > 65535) throw new UsageError(`--port must be a port number, got '${options.port}'`);
  const loaded = loadFlows(paths, { cwd, siblings: false });
  if (loaded.errors > 0) {
    printDiagnostics(io.stderr, loaded);
    println(io.stderr, palette(io).red(`✗ ${plural(loaded.errors, 'error')} in the flows; nothing served`));
    return EXIT_USAGE;
  }
  const store = await openStore(options.store, options.database, cwd);
  const c = palette(io);
  try {
    const server = await startInspectServer({
      store: store.port,
      files: asts({ ...loaded, files: loaded.files.filter((f) => !isTestFile(f.path)) }),
      port,
      host: options.host ?? '127.0.0.1',
      pollMs: store.shared ? POLL_MS : 0,
      onPollError: (error) => println(io.stderr, c.yellow(`could not read the store for new records: ${error instanceof Error ? error.message : String(error)}`)),
    });
    println(io.stdout, c.bold(BANNER), '', `  Inspector: ${server.url}`, `  Store:     ${store.describe}`, '', 'Read-only. Ctrl+C to stop.');
    void server.indexed.then(() => println(io.stdout, 'Indexed every stored instance.'));
    await stop;
    await server.close();
  } finally {
    await store.port.close();
  }
  return EXIT_OK;
}

interface OpenedStore {
  readonly port: EventStore;
  readonly describe: string;
  /** Other processes may be writing to it now. */
  readonly shared: boolean;
}

async function openStore(where: string, database: string | undefined, cwd: string): Promise<OpenedStore> {
  if (/^mongodb(\+srv)?:\/\//.test(where)) {
    const name = database ?? (/^mongodb(?:\+srv)?:\/\/[^/]+\/([^?]+)/.exec(where)?.[1] || 'eventflow');
    const { createMongoEventStore } = await optionalMongo();
    return { port: createMongoEventStore({ url: where, database: name }), describe: `MongoDB database ${name} (new records show up as they are stored)`, shared: true };
  }
  if (database !== undefined) throw new UsageError('--database goes with a mongodb:// store');
  const file = resolve(cwd, where);
  if (!existsSync(file)) throw new UsageError(`No store at ${where}`);
  const { createMemoryStore } = await import('@eventflow/memory');
  return { port: createMemoryStore({ file }), describe: `${where} (as it was when opened: restart to see later records)`, shared: false };
}

async function optionalMongo(): Promise<typeof import('@eventflow/mongodb')> {
  try {
    return await import('@eventflow/mongodb');
  } catch (error) {
    const reason = error instanceof Error ? error.message.split('\n')[0] : String(error);
    throw new UsageError(`A mongodb:// store needs @eventflow/mongodb: npm install @eventflow/mongodb mongodb (${reason})`);
  }
}
