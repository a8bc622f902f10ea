// `eventflow inspect [paths...] --store <file> [instance]`: time travel over a persisted run:
// it opens the store read-only, replays stored records (never re-runs handlers) and dispatches nothing.
import { existsSync } from 'node:fs';
import { resolve } from 'node:path';
import { displayId, initialSnapshot, parseInstanceRef, replay, type Snapshot, type StoredRecord } from '@eventflow/core';
import { createMemoryStore, type MemoryStore } from '@eventflow/memory';
import { plural, printDiagnostics } from '../diagnostics.ts';
import { UsageError } from '../errors.ts';
import { statOrUndefined } from '../files.ts';
import { EXIT_OK, EXIT_USAGE, palette, println, type CliIo, type Palette } from '../io.ts';
import { loadFlows } from '../load.ts';
import { inspectUiCommand } from './inspect-ui.ts';

export interface InspectOptions {
  readonly store?: string;
  readonly at?: string;
  readonly history?: boolean;
  readonly format?: string;
  /** The old spelling of `--format json`. */
  readonly json?: boolean;
  /** Serve the browser inspector instead (inspect-ui.ts). */
  readonly ui?: boolean;
  readonly database?: string;
  readonly port?: string;
  readonly host?: string;
}

export async function inspectCommand(args: readonly string[], options: InspectOptions, io: CliIo, cwd: string): Promise<number> {
  if (options.ui) {
    const refs = args.filter((a) => statOrUndefined(resolve(cwd, a)) === undefined);
    if (refs.length > 0) throw new UsageError(`inspect --ui takes flow paths, not instances (no such file: ${refs.join(', ')}); open an instance in the page`);
    return inspectUiCommand(args, options, io, cwd);
  }
  for (const flag of ['database', 'port', 'host'] as const) if (options[flag] !== undefined) throw new UsageError(`--${flag} goes with --ui`);
  if (options.store === undefined) throw new UsageError('inspect needs --store <file>: the JSON-lines store of a run');
  const storePath = resolve(cwd, options.store);
  if (!existsSync(storePath)) throw new UsageError(`No store at ${options.store}`);
  const paths = args.filter((a) => statOrUndefined(resolve(cwd, a)) !== undefined);
  const refs = args.filter((a) => !paths.includes(a));
  if (refs.length > 1) throw new UsageError(`inspect takes one instance, got ${refs.join(', ')}`);
  if (paths.length > 0) {
    const loaded = loadFlows(paths, { cwd, siblings: false });
    if (loaded.errors > 0) {
      printDiagnostics(io.stderr, loaded);
      return EXIT_USAGE;
    }
  }
  const at = parseAt(options.at);
  const store = createMemoryStore({ file: storePath, readOnly: true, onRepair: (message) => println(io.stderr, `warning: ${message}`) });
  try {
    const ref = refs[0];
    const json = options.format === 'json' || options.json === true;
    if (ref === undefined) await listInstances(store, io, json);
    else await showInstance(store, await findInstance(store, ref), at, options.history === true, json, io);
  } finally {
    await store.close();
  }
  return EXIT_OK;
}

async function listInstances(store: MemoryStore, io: CliIo, json: boolean): Promise<void> {
  const rows: Snapshot[] = [];
  for (const id of await store.listAggregates()) rows.push(await rebuild(store, id));
  if (json) {
    for (const s of rows) println(io.stdout, JSON.stringify({ aggregate_id: s.aggregate_id, machine: s.machine, state: s.state, seq: s.seq }));
    return;
  }
  const c = palette(io);
  println(io.stdout, c.bold(`${plural(rows.length, 'instance')} stored`));
  const names = rows.map((s) => displayId(s.machine, s.aggregate_id));
  const width = Math.max(0, ...names.map((n) => n.length));
  const stateWidth = Math.max(0, ...rows.map((s) => s.state.length));
  rows.forEach((s, i) => println(io.stdout, `  ${(names[i] as string).padEnd(width)}  ${c.cyan(s.state.padEnd(stateWidth))}  seq ${s.seq}`));
}

async function showInstance(store: MemoryStore, id: string, at: number | undefined, history: boolean, json: boolean, io: CliIo): Promise<void> {
  const all = await store.read(id);
  const last = all.at(-1)?.seq ?? 0;
  if (at !== undefined && at > last) throw new UsageError(`${id} has ${plural(last, 'record')}; --at ${at} is past its end`);
  const records = at === undefined ? all : all.filter((r) => r.seq <= at);
  const snapshot = replay(initialSnapshot((all[0] as StoredRecord).machine, id), records);
  if (json) {
    const { aggregate_id, machine, state, context, seq, links } = snapshot;
    println(io.stdout, JSON.stringify({ aggregate_id, machine, state, context, seq, history: snapshot.history, links }));
    if (history) for (const record of records) println(io.stdout, JSON.stringify(recordJson(record)));
    return;
  }
  const c = palette(io);
  println(
    io.stdout,
    `${c.bold(displayId(snapshot.machine, id))} ${c.dim(`(${id})`)}`,
    `  seq:      ${snapshot.seq} of ${last}`,
    `  state:    ${c.cyan(snapshot.state)}`,
    `  entered:  ${snapshot.history.join(' → ') || '(none)'}`,
    `  context:  ${JSON.stringify(snapshot.context)}`,
    `  links:    ${formatLinks(snapshot) || '(none)'}`,
  );
  if (history) {
    println(io.stdout, '', c.bold('History'));
    for (const record of records) println(io.stdout, ...historyLines(record, c));
  }
}

function formatLinks(snapshot: Snapshot): string {
  return Object.entries(snapshot.links)
    .flatMap(([machine, links]) => links.map((l) => `${displayId(machine, l.aggregate_id)} (${l.conversation_id})`))
    .join(', ');
}

function historyLines(record: StoredRecord, c: Palette): string[] {
  const from = record.from ? ` from ${record.from.aggregate_id ? displayId(record.from.machine, record.from.aggregate_id) : record.from.machine}` : '';
  const lines = [`  ${String(record.seq).padStart(3)}  ${record.event_type}${from}  → ${c.cyan(record.outcome.state_after)}`];
  for (const e of record.outcome.emitted) {
    const to = e.to.aggregate_id ? displayId(e.to.machine, e.to.aggregate_id) : e.to.machine;
    lines.push(c.dim(`         emitted ${e.event} → ${to} (${e.conversation_id})`));
  }
  return lines;
}

function recordJson(record: StoredRecord): Record<string, unknown> {
  return {
    seq: record.seq,
    event: record.event_type,
    from: record.from,
    conversation_id: record.conversation_id,
    state_after: record.outcome.state_after,
    emitted: record.outcome.emitted.map((e) => ({ event: e.event, to: e.to, conversation_id: e.conversation_id })),
  };
}

async function rebuild(store: MemoryStore, id: string): Promise<Snapshot> {
  const records = await store.read(id);
  return replay(initialSnapshot(records[0]?.machine ?? '@unknown', id), records);
}

/** `order-abc`, `@order:abc`, or an unambiguous prefix of a stored id. */
async function findInstance(store: MemoryStore, ref: string): Promise<string> {
  const ids = await store.listAggregates();
  const wanted = parseInstanceRef(ref).aggregateId;
  if (ids.includes(wanted)) return wanted;
  const matches = ids.filter((id) => id.startsWith(wanted));
  if (matches.length === 1) return matches[0] as string;
  if (matches.length > 1) throw new UsageError(`'${ref}' matches ${matches.length} instances: ${matches.join(', ')}`);
  throw new UsageError(`No instance '${ref}' in the store`);
}

function parseAt(at: string | undefined): number | undefined {
  if (at === undefined) return undefined;
  const seq = Number(at);
  if (!Number.isInteger(seq) || seq < 0) throw new UsageError(`--at must be a seq (0, 1, 2 ...), got '${at}'`);
  return seq;
}
