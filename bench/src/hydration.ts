// 2. Hydration vs history length: the cost of loading an instance with 10 ... 100k stored records,
// cold (cache empty: a send to it, or state()) and warm (a send to a cached instance), with and
// without snapshots. Figures are ratios of the largest (and middle) history to the 10-record one.
import { createMemoryStore, type MemoryStore } from '@eventflow/memory';
import { countingStore, type CountingStore } from './counting-store.ts';
import { accountVersion, fillAccount, flows, startSystem, stopSystem, type FillTarget, type System } from './machine.ts';
import { startResult, statsOf, type BenchResult, type Row, type Scale } from './report.ts';
import { interleave, timeRatio, type Contender, type Measured, type RoundOptions } from './rounds.ts';

export interface HydrationOptions extends RoundOptions {
  /** History lengths; the first is the baseline of every ratio. */
  readonly sizes: readonly number[];
  /** Instances per size (round-robin, so one instance grows by few records) = records / size, 1..64. */
  readonly poolRecords: number;
}

export const HYDRATION: Record<Scale, HydrationOptions> = {
  full: { rounds: 5, time: 200, warmupTime: 30, iterations: 5, warmupIterations: 2, sizes: [10, 1_000, 100_000], poolRecords: 16_000 },
  quick: { rounds: 3, time: 60, warmupTime: 10, iterations: 3, warmupIterations: 1, sizes: [10, 1_000, 10_000], poolRecords: 4_000 },
  tiny: { rounds: 1, time: 5, warmupTime: 0, iterations: 2, warmupIterations: 0, sizes: [10, 50], poolRecords: 100 },
};

const SNAPSHOT_EVERY = 100;

interface Variant {
  readonly name: string;
  /** A cache that holds the whole pool (warm) or cacheSize 0 (every send hydrates). */
  readonly cached: boolean;
  readonly snapshots: boolean;
  readonly op: 'send' | 'state';
  /** Every event of an instance in one conversation (the caller passes conversation_id). */
  readonly oneConversation: boolean;
  /** Variants naming the same pool use the same instances (they must not cache them). */
  readonly pool: string;
}

const VARIANTS: readonly Variant[] = [
  { name: 'cold send, snapshots', cached: false, snapshots: true, op: 'send', oneConversation: false, pool: 'a' },
  { name: 'cold send, no snapshots', cached: false, snapshots: false, op: 'send', oneConversation: false, pool: 'a' },
  { name: 'cold state()', cached: false, snapshots: true, op: 'state', oneConversation: false, pool: 'a' },
  { name: 'warm send', cached: true, snapshots: true, op: 'send', oneConversation: false, pool: 'b' },
  { name: 'cold send, snapshots, one conversation', cached: false, snapshots: true, op: 'send', oneConversation: true, pool: 'c' },
  { name: 'warm send, one conversation', cached: true, snapshots: true, op: 'send', oneConversation: true, pool: 'd' },
];

interface Prepared {
  readonly variant: Variant;
  readonly system: System;
  readonly counter: CountingStore;
  /** Instance ids per size. */
  readonly pool: ReadonlyMap<number, readonly string[]>;
  sends: number;
}

const conversationOf = (id: string) => `conv-${id}`;

async function deposit(prepared: Prepared, id: string): Promise<void> {
  const conversation = prepared.variant.oneConversation ? { conversation_id: conversationOf(id) } : {};
  const result = await prepared.system.runtime.send({ event: ':deposit', to: '@account', aggregate_id: id, data: { amount: 1 }, ...conversation });
  if (result.state !== '#open') throw new Error(`hydration: ${id} is in ${result.state}`);
}

async function prepare(options: HydrationOptions): Promise<Prepared[]> {
  const version = accountVersion();
  const stores = { snapshots: createMemoryStore(), plain: createMemoryStore() };
  const storeOf = (variant: Variant): MemoryStore => (variant.snapshots ? stores.snapshots : stores.plain);
  const pools = new Map<string, Map<number, string[]>>();
  for (const pool of new Set(VARIANTS.map((v) => v.pool))) {
    const users = VARIANTS.filter((v) => v.pool === pool);
    const targets: FillTarget[] = [...new Set(users.map(storeOf))].map((store) => ({ store, snapshotEvery: store === stores.snapshots ? SNAPSHOT_EVERY : 0 }));
    const bySize = new Map<number, string[]>();
    for (const size of options.sizes) {
      const ids = Array.from({ length: Math.max(1, Math.min(64, Math.floor(options.poolRecords / size))) }, (_, k) => `account-${pool}${size}x${k}`);
      for (const id of ids) await fillAccount(targets, id, size, version, users[0]?.oneConversation ? conversationOf(id) : undefined);
      bySize.set(size, ids);
    }
    pools.set(pool, bySize);
  }
  const prepared: Prepared[] = [];
  for (const variant of VARIANTS) {
    const counter = countingStore(storeOf(variant));
    const system = await startSystem(flows().account, { store: counter.store, cacheSize: variant.cached ? 10_000 : 0, snapshotEvery: variant.snapshots ? SNAPSHOT_EVERY : 0 });
    const entry: Prepared = { variant, system, counter, pool: pools.get(variant.pool) as Map<number, string[]>, sends: 0 };
    if (variant.cached) for (const ids of entry.pool.values()) for (const id of ids) await deposit(entry, id);
    counter.reset();
    prepared.push(entry);
  }
  return prepared;
}

function contender(prepared: Prepared, size: number): Contender {
  const ids = prepared.pool.get(size) as readonly string[];
  let next = 0;
  const pick = () => ids[next++ % ids.length] as string;
  const fn =
    prepared.variant.op === 'state'
      ? async () => {
          const view = await prepared.system.runtime.state(pick());
          if (view.seq < size) throw new Error(`hydration: state() saw seq ${view.seq} < ${size}`);
        }
      : async () => {
          prepared.sends++;
          await deposit(prepared, pick());
        };
  return { name: `${prepared.variant.name}, ${size.toLocaleString('en-US')} records`, opsPerCall: 1, fn };
}

function storeReads(prepared: Prepared): number {
  return (prepared.counter.counts['read'] ?? 0) + (prepared.counter.counts['loadSnapshot'] ?? 0);
}

export async function runHydration(scale: Scale = 'full'): Promise<BenchResult> {
  const options = HYDRATION[scale];
  const finish = startResult('hydration', 'Hydration vs history length', scale, { ...options, snapshotEvery: SNAPSHOT_EVERY });
  const fillStart = performance.now();
  const prepared = await prepare(options);
  const fillSeconds = Math.round((performance.now() - fillStart) / 100) / 10;
  const contenders = new Map<string, Contender>();
  for (const entry of prepared) for (const size of options.sizes) contenders.set(`${entry.variant.name}|${size}`, contender(entry, size));
  const measured = await interleave([...contenders.values()], options);
  const get = (variant: Variant, size: number) => measured.get((contenders.get(`${variant.name}|${size}`) as Contender).name) as Measured;

  const [smallest, ...larger] = options.sizes as [number, ...number[]];
  const largest = options.sizes.at(-1) as number;
  const warm = prepared.filter((p) => p.variant.cached);
  const warmReads = warm.reduce((sum, p) => sum + storeReads(p), 0);
  const rows: Row[] = [];
  for (const { variant } of prepared) {
    const base = get(variant, smallest);
    for (const size of larger) {
      const subject = get(variant, size);
      const ratio = timeRatio(subject, base);
      let target: Row['target'];
      if (size === largest && variant.name === 'cold send, snapshots') target = { text: `<= 2x (${largest} vs ${smallest} records, snapshots)`, met: ratio <= 2 };
      if (size === largest && variant.name === 'warm send') {
        const sends = warm.reduce((sum, p) => sum + p.sends, 0).toLocaleString('en-US');
        target = { text: `a warm send reads nothing from the store (${warmReads} reads in ${sends} warm sends)`, met: warmReads === 0 };
      }
      rows.push({
        subject: subject.name,
        baseline: base.name,
        unit: 'ms/op',
        subject_value: 1000 / subject.ops_per_s,
        baseline_value: 1000 / base.ops_per_s,
        ratio,
        ratio_means: `time per op, ${size} / ${smallest} records (lower is better)`,
        subject_stats: statsOf(subject, 'one hydration'),
        baseline_stats: statsOf(base, 'one hydration'),
        ...(target ? { target } : {}),
      });
    }
  }
  const checks: Record<string, unknown> = {
    warm_sends: warm.reduce((sum, p) => sum + p.sends, 0),
    warm_store_reads: warmReads,
    warm_store_calls: Object.fromEntries(warm.map((p) => [p.variant.name, { ...p.counter.counts }])),
    cold_store_calls_per_send: Object.fromEntries(
      prepared
        .filter((p) => !p.variant.cached && p.sends > 0)
        .map((p) => [p.variant.name, Object.fromEntries(Object.entries(p.counter.counts).map(([k, n]) => [k, Math.round((n / p.sends) * 100) / 100]))]),
    ),
    fill_seconds: fillSeconds,
  };
  for (const entry of prepared) await stopSystem(entry.system);
  return finish(rows, checks, [
    'Cold sends run on a runtime with cacheSize 0 (every send hydrates from the store); state() reads the stream.',
    `Records are written with store.append as the runtime writes them: each from @customer in its own conversation, except in the "one conversation" variants; with snapshots, the latest one the runtime would have saved (every ${SNAPSHOT_EVERY}) is stored.`,
    'Each send appends one record, so instances are used round-robin from a pool per size.',
  ]);
}
