// `eventflow run <paths...>`: feeds JSON-lines events into the flows on memory adapters and prints one
// JSON line per event. With --store the run is durable: a later run continues the same instances.
import { readFileSync } from 'node:fs';
import { resolve } from 'node:path';
import { createIds, createRuntime, isEventFlowError, type Runtime, type SendInput } from '@eventflow/core';
import { createMemoryStore, createMemoryTransport, type MemoryStore } from '@eventflow/memory';
import { plural, printDiagnostics } from '../diagnostics.ts';
import { UsageError } from '../errors.ts';
import { isTestFile } from '../files.ts';
import { EXIT_FAILED, EXIT_OK, EXIT_USAGE, palette, println, readStdin, type CliIo } from '../io.ts';
import { parseEventLines } from '../jsonl.ts';
import { asts, loadFlows } from '../load.ts';
import { loadBindings } from '../load-bindings.ts';

export interface RunOptions {
  readonly bindings?: readonly string[];
  readonly events?: string;
  readonly store?: string;
  readonly dump?: boolean;
  readonly seed?: string;
}

export async function runCommand(paths: readonly string[], options: RunOptions, io: CliIo, cwd: string): Promise<number> {
  const seed = parseSeed(options.seed);
  const loaded = loadFlows(paths, { cwd, siblings: false });
  if (loaded.errors > 0) {
    printDiagnostics(io.stderr, loaded);
    println(io.stderr, palette(io).red(`✗ ${plural(loaded.errors, 'error')} in the flows; nothing ran`));
    return EXIT_USAGE;
  }
  const flows = asts({ ...loaded, files: loaded.files.filter((f) => !isTestFile(f.path)) });
  const bindings = await loadBindings(options.bindings ?? [], loaded.files, cwd);
  const input = options.events !== undefined ? readEvents(resolve(cwd, options.events), options.events) : await readStdin(io);
  const store = createMemoryStore(options.store !== undefined ? { file: resolve(cwd, options.store), onRepair: (message) => println(io.stderr, `warning: ${message}`) } : {});
  const downstream: string[] = [];
  const runtime = await createRuntime({
    flows,
    store,
    transport: createMemoryTransport(),
    bindings: bindings.sets,
    // A seeded run that continues a stored one must not reuse the ids it generated the first time.
    ...(seed !== undefined ? { ids: createIds({ seed: seed + (await countRecords(store)) }) } : {}),
    onError: (error, envelope) => downstream.push(`${envelope ? `${envelope.event} → ${envelope.to.machine}: ` : ''}${messageOf(error)}`),
  });
  let failures = 0;
  try {
    for (const entry of parseEventLines(input)) {
      const line = 'error' in entry ? failure(undefined, entry.error, entry.line) : await sendOne(runtime, entry.input);
      if (line['ok'] === false) failures++;
      println(io.stdout, JSON.stringify(line));
      for (const problem of downstream.splice(0)) println(io.stderr, `warning: ${problem}`);
    }
    if (options.dump) {
      for (const instance of await runtime.instances()) {
        const { aggregate_id, machine, state, context, seq } = instance;
        println(io.stdout, JSON.stringify({ aggregate_id, machine, state, context, seq }));
      }
    }
  } finally {
    await runtime.close();
    await store.close();
  }
  return failures > 0 ? EXIT_FAILED : EXIT_OK;
}

/** send, settle, then the instance as it stands once the whole system has reacted. */
async function sendOne(runtime: Runtime, input: SendInput): Promise<Record<string, unknown>> {
  try {
    const result = await runtime.send(input);
    await runtime.settle();
    const now = await runtime.state(result.aggregate_id);
    return {
      ok: true,
      event: input.event,
      aggregate_id: result.aggregate_id,
      state: now.state,
      seq: now.seq,
      ...(result.reply ? { reply: result.reply } : {}),
    };
  } catch (error) {
    return failure(input.event, error);
  }
}

function failure(event: string | undefined, error: unknown, line?: number): Record<string, unknown> {
  const code = isEventFlowError(error) ? error.code : 'ERROR';
  const hint = isEventFlowError(error) ? error.hint : undefined;
  return {
    ok: false,
    ...(event !== undefined ? { event } : {}),
    ...(line !== undefined ? { line } : {}),
    error: { code, message: messageOf(error), ...(hint !== undefined ? { hint } : {}) },
  };
}

function messageOf(error: unknown): string {
  return error instanceof Error ? error.message : String(error);
}

function readEvents(path: string, arg: string): string {
  try {
    return readFileSync(path, 'utf8');
  } catch {
    throw new UsageError(`Cannot read --events file: ${arg}`);
  }
}

function parseSeed(seed: string | undefined): number | undefined {
  if (seed === undefined) return undefined;
  const value = Number(seed);
  if (!Number.isInteger(value)) throw new UsageError(`--seed must be an integer, got '${seed}'`);
  return value;
}

async function countRecords(store: MemoryStore): Promise<number> {
  let count = 0;
  for (const id of await store.listAggregates()) count += await store.lastSeq(id);
  return count;
}
