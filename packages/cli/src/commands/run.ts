// `eventflow run <paths...>`: feeds JSON-lines events into the flows on memory adapters and prints one
// line per event as soon as it is read (JSON, or `--format pretty`). With --store the run is durable:
// a later run continues the same instances and first finishes what a crashed run left in flight.
import { readFileSync } from 'node:fs';
import { resolve } from 'node:path';
import { createIds, createRuntime, EventFlowError, isEventFlowError, systemClock, type Envelope } from '@eventflow/core';
import { isViolationNotice, violationError } from '@eventflow/flow-test';
import { createMemoryStore, createMemoryTransport, type MemoryStore } from '@eventflow/memory';
import { plural, printDiagnostics, printWarnings } from '../diagnostics.ts';
import { UsageError } from '../errors.ts';
import { isTestFile } from '../files.ts';
import { inputLines } from '../input-lines.ts';
import { EXIT_FAILED, EXIT_OK, EXIT_USAGE, palette, println, type CliIo } from '../io.ts';
import { parseEventLine } from '../jsonl.ts';
import { asts, loadFlows } from '../load.ts';
import { loadBindings } from '../load-bindings.ts';
import { findMissing } from '../missing.ts';
import { failure, messageOf, runLine, type LineResult } from '../run-line.ts';
import { prettyLine } from '../run-pretty.ts';

export interface RunOptions {
  readonly bindings?: readonly string[];
  readonly events?: string;
  readonly store?: string;
  readonly dump?: boolean;
  readonly seed?: string;
  readonly format?: string;
}

export async function runCommand(paths: readonly string[], options: RunOptions, io: CliIo, cwd: string): Promise<number> {
  const seed = parseSeed(options.seed);
  const loaded = loadFlows(paths, { cwd, siblings: false });
  if (loaded.errors > 0) {
    printDiagnostics(io.stderr, loaded);
    println(io.stderr, palette(io).red(`✗ ${plural(loaded.errors, 'error')} in the flows; nothing ran`));
    return EXIT_USAGE;
  }
  printWarnings(io.stderr, loaded);
  const flows = asts({ ...loaded, files: loaded.files.filter((f) => !isTestFile(f.path)) });
  const bindings = await loadBindings(options.bindings ?? [], loaded.files, cwd);
  refuseUnboundGuards(flows, bindings.sets);
  const input = options.events !== undefined ? readEvents(resolve(cwd, options.events), options.events) : (io.stdin ?? process.stdin);
  const store = createMemoryStore(options.store !== undefined ? { file: resolve(cwd, options.store), onRepair: (message) => println(io.stderr, `warning: ${message}`) } : {});
  // A seeded run that continues a stored one must not reuse the ids it generated the first time.
  const ids = seed !== undefined ? createIds({ seed: seed + (await countRecords(store)) }) : createIds();
  const problems: unknown[] = [];
  const warn = (text: string) => println(io.stderr, `warning: ${text}`);
  const runtime = await createRuntime({
    flows,
    store,
    transport: createMemoryTransport(),
    bindings: bindings.sets,
    ids,
    onError: (error, envelope) => {
      if (!isViolationNotice(error, envelope?.event)) problems.push(downstream(error, envelope));
    },
    observe: (record, effects) => {
      if (effects.violation) problems.push(violationError(record.machine, record.event_type, effects.violation));
    },
  });
  const setup = { runtime, store, ids, bindings: bindings.sets, now: () => systemClock.now() };
  const print = (line: LineResult) => println(io.stdout, options.format === 'pretty' ? prettyLine(line, palette(io)) : JSON.stringify(line));
  let failures = 0;
  let number = 0;
  try {
    for await (const raw of inputLines(input)) {
      const entry = parseEventLine(raw, ++number);
      if (entry === undefined) continue;
      const line = 'error' in entry ? failure(undefined, entry.error, entry.line) : await runLine(setup, entry, problems, warn);
      if (line['ok'] === false) failures++;
      print(line);
    }
    // What this run started, and what a crashed run left in the store's outbox, is finished before it exits.
    await runtime.settle().catch((error: unknown) => {
      failures++;
      println(io.stderr, `error: ${messageOf(error)}`);
    });
    if (options.dump) {
      for (const instance of await runtime.instances()) {
        const { aggregate_id, machine, state, context, seq } = instance;
        print({ aggregate_id, machine, state, context, seq });
      }
    }
  } finally {
    await runtime.close();
    await store.close();
  }
  return failures > 0 ? EXIT_FAILED : EXIT_OK;
}

/** A failure of an event the line's event caused, named by that event unless its message names it already. */
function downstream(error: unknown, envelope: Envelope | undefined): unknown {
  if (envelope === undefined || !isEventFlowError(error) || error.code === 'UNHANDLED_EVENT') return error;
  return new EventFlowError(error.code, `${envelope.event} → ${envelope.to.machine}: ${error.message}`, { cause: error, ...(error.hint !== undefined ? { hint: error.hint } : {}) });
}

/** A guard no binding answers fails every event that reaches it: refused before anything runs. */
function refuseUnboundGuards(flows: Parameters<typeof findMissing>[0], sets: Parameters<typeof findMissing>[1]): void {
  const unbound = findMissing(flows, sets).flatMap((r) => [...r.guards.map((g) => `'${g}'`), ...r.functions].map((text) => `${text} (${r.owner})`));
  if (unbound.length === 0) return;
  throw new UsageError(`run needs a binding for every guard and function; none for ${unbound.join(', ')} (eventflow bindings:missing lists them with the calls that bind them)`);
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
  for (const id of await store.listAggregates()) count += (await store.read(id)).length;
  return count;
}
