// 3. Many idle instances: heap bytes per instance held in the runtime's instance cache (cacheSize
// N + 1), against a plain Map of { state, context } and against the contexts alone. Heap is read
// after full collections (global.gc: main.ts re-executes node with --expose-gc), without code spaces.
import { getHeapSpaceStatistics, setFlagsFromString } from 'node:v8';
import { runInNewContext } from 'node:vm';
import { createMemoryStore, type MemoryStore } from '@eventflow/memory';
import { countingStore } from './counting-store.ts';
import { accountRecord, flows, startSystem, stopSystem } from './machine.ts';
import { startResult, type BenchResult, type Scale } from './report.ts';
import { median } from './rounds.ts';

export interface InstancesOptions {
  readonly instances: number;
  readonly rounds: number;
}

export const INSTANCES: Record<Scale, InstancesOptions> = {
  full: { instances: 1_000_000, rounds: 3 },
  quick: { instances: 100_000, rounds: 2 },
  tiny: { instances: 10_000, rounds: 1 },
};

/** Per instance, one round. */
interface Round {
  readonly runtime: number;
  readonly map: number;
  readonly context: number;
  readonly hydrateMicros: number;
  readonly seconds: number;
}

let collect: (() => void) | undefined;

/** Full collection: global.gc, or (e.g. under vitest) the same function obtained at run time. */
export function fullGc(): void {
  if (!collect) {
    if (typeof globalThis.gc === 'function') collect = globalThis.gc as () => void;
    else {
      setFlagsFromString('--expose-gc');
      collect = runInNewContext('gc') as () => void;
    }
  }
  collect();
}

/** Heap used by objects after a full collection: code spaces are left out (JIT output is noise here). */
function heapAfterGc(): number {
  fullGc();
  let used = 0;
  for (const space of getHeapSpaceStatistics()) if (!space.space_name.startsWith('code')) used += space.space_used_size;
  return used;
}

/** Holds what is being measured across the collection that follows it (a dead local could be collected). */
let sink: unknown;

/** Heap bytes per item that `build` keeps alive (it returns what it built; it is released after). */
async function bytesPer(count: number, build: () => unknown): Promise<number> {
  const before = heapAfterGc();
  sink = await build();
  const after = heapAfterGc();
  sink = undefined;
  return (after - before) / count;
}

async function runtimeRound(store: MemoryStore, ids: readonly string[]): Promise<{ bytes: number; hydrateMicros: number }> {
  const counter = countingStore(store);
  const system = await startSystem(flows().account, { store: counter.store, cacheSize: ids.length + 1, consume: false });
  let micros = 0;
  const bytes = await bytesPer(ids.length, async () => {
    const started = performance.now();
    const views = await system.runtime.instances('@account');
    micros = ((performance.now() - started) * 1000) / ids.length;
    if (views.length !== ids.length) throw new Error(`instances: hydrated ${views.length} of ${ids.length}`);
    return undefined; // the views are dropped: only the cache keeps the instances
  });
  // Untimed proof that they are cached: sends to a sample read nothing from the store.
  counter.reset();
  for (let i = 0; i < Math.min(50, ids.length); i++) {
    await system.runtime.send({ event: ':deposit', to: '@account', aggregate_id: ids[i] as string, data: { amount: 1 } });
  }
  const reads = (counter.counts['read'] ?? 0) + (counter.counts['loadSnapshot'] ?? 0);
  if (reads > 0) throw new Error(`instances: ${reads} store reads for sends to cached instances`);
  await stopSystem(system);
  return { bytes, hydrateMicros: micros };
}

function mapRound(ids: readonly string[]): Promise<number> {
  return bytesPer(ids.length, () => {
    const map = new Map<string, { state: string; context: Record<string, unknown> }>();
    for (let i = 0; i < ids.length; i++) map.set(ids[i] as string, { state: '#open', context: { balance: i } });
    return map;
  });
}

function contextRound(count: number): Promise<number> {
  return bytesPer(count, () => {
    const contexts: Record<string, unknown>[] = new Array(count);
    for (let i = 0; i < count; i++) contexts[i] = { balance: i };
    return contexts;
  });
}

export async function runInstances(scale: Scale = 'full'): Promise<BenchResult> {
  const options = INSTANCES[scale];
  const n = options.instances;
  const finish = startResult('instances', `Idle instances: heap per instance, ${n.toLocaleString('en-US')} instances`, scale, { ...options });
  const ids = Array.from({ length: n }, (_, i) => `account-${i.toString(36).padStart(8, '0')}`);
  const store = createMemoryStore();
  const fillStart = performance.now();
  const storeBytes = await bytesPer(n, async () => {
    for (let i = 0; i < n; i++) await store.append([{ aggregateId: ids[i] as string, expectedSeq: 0, records: [accountRecord(ids[i] as string, 1, i)] }]);
  });
  const fillSeconds = (performance.now() - fillStart) / 1000;
  const rounds: Round[] = [];
  for (let r = 0; r < options.rounds; r++) {
    const roundStart = performance.now();
    // Alternate the order so heap drift between measurements does not favour one side.
    let map = r % 2 === 0 ? await mapRound(ids) : 0;
    const { bytes, hydrateMicros } = await runtimeRound(store, ids);
    if (r % 2 === 1) map = await mapRound(ids);
    const context = await contextRound(n);
    rounds.push({ runtime: bytes, map, context, hydrateMicros, seconds: (performance.now() - roundStart) / 1000 });
  }
  const runtime = median(rounds.map((r) => r.runtime));
  const map = median(rounds.map((r) => r.map));
  const context = median(rounds.map((r) => r.context));
  const beyond = runtime - context;
  return finish(
    [
      {
        subject: 'runtime instance cache',
        baseline: 'Map of {state, context}',
        unit: 'B/instance',
        subject_value: runtime,
        baseline_value: map,
        ratio: runtime / map,
        ratio_means: 'subject/baseline heap bytes per instance (lower is better)',
        target: { text: `<= 1 KiB beyond its context (${Math.round(beyond)} B)`, met: beyond <= 1024 },
      },
      {
        subject: 'memory store, 1 record per instance',
        baseline: 'Map of {state, context}',
        unit: 'B/instance',
        subject_value: storeBytes,
        baseline_value: map,
        ratio: storeBytes / map,
        ratio_means: 'subject/baseline heap bytes per instance (lower is better)',
      },
    ],
    {
      context_bytes_per_instance: Math.round(context),
      runtime_bytes_beyond_context: Math.round(beyond),
      hydrate_all_micros_per_instance: Math.round(median(rounds.map((r) => r.hydrateMicros)) * 100) / 100,
      fill_seconds: Math.round(fillSeconds * 10) / 10,
      per_round: rounds.map((r) => ({ runtime: Math.round(r.runtime), map: Math.round(r.map), context: Math.round(r.context), seconds: Math.round(r.seconds * 10) / 10 })),
    },
    [
      'Instances are @account instances with one stored record each (context { balance }); the runtime hydrates them all with instances() into a cache of cacheSize N + 1 (it keeps the most recently used N + 1), and the views it returns are dropped before measuring.',
      'Ids are allocated before every measurement, so no side pays for them; "beyond its context" subtracts the heap of the contexts alone.',
    ],
  );
}
