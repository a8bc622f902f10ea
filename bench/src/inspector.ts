// 6. The inspector with 100k instances: the time of its list page (a machine's instances, first page
// and a page deep in) and of its filter page (instances in one state: a rare state, and a page deep
// in a common one), on a memory store holding 100k instances, against the same pages on a store of
// 1k. A ratio near 1 means the page does not slow down as the store grows. Pages are rendered whole
// (HTML, state diagram) through the inspector's fetch handler, as `eventflow serve` answers them.
import type { StoredRecord } from '@eventflow/core';
import { createInspector, storeSource, type Inspector } from '@eventflow/inspector';
import { createMemoryStore, type MemoryStore } from '@eventflow/memory';
import { checkoutRecords, flows } from './machine.ts';
import { startResult, statsOf, type BenchResult, type Row, type Scale } from './report.ts';
import { interleave, timeRatio, type Contender, type Measured, type RoundOptions } from './rounds.ts';

export interface InspectorOptions extends RoundOptions {
  /** Instances in the subject store (half orders, half payments). */
  readonly instances: number;
  /** Instances in the baseline store. */
  readonly baseline: number;
}

export const INSPECTOR: Record<Scale, InspectorOptions> = {
  full: { rounds: 5, time: 300, warmupTime: 50, iterations: 10, warmupIterations: 3, instances: 100_000, baseline: 1_000 },
  quick: { rounds: 3, time: 100, warmupTime: 20, iterations: 5, warmupIterations: 2, instances: 100_000, baseline: 1_000 },
  tiny: { rounds: 1, time: 5, warmupTime: 0, iterations: 2, warmupIterations: 0, instances: 400, baseline: 100 },
};

/** One order in this many waits for its payment (#awaiting_payment): the rare state. */
const RARE_EVERY = 50;

interface Filled {
  readonly store: MemoryStore;
  readonly inspector: Inspector;
  /** An order id 90 % of the way through the orders (a deep page starts after it). */
  readonly deep: string;
  readonly buildMs: number;
  /** Heap the index added, after full collections (NaN without --expose-gc). */
  readonly indexMib: number;
}

/** Checkouts of two instances each; every RARE_EVERY-th order never gets its payment's answer. */
async function fill(instances: number): Promise<Filled> {
  const store = createMemoryStore();
  const checkouts = instances / 2;
  const orders: string[] = [];
  for (let n = 0; n < checkouts; n++) {
    const [order, payment, paid] = checkoutRecords(n);
    const records: StoredRecord[] = n % RARE_EVERY === 0 ? [order, payment] : [order, payment, paid];
    for (const record of records) await store.append([{ aggregateId: record.aggregate_id, expectedSeq: record.seq - 1, records: [record] }]);
    orders.push(order.aggregate_id);
  }
  const heap = () => (globalThis.gc ? (globalThis.gc(), process.memoryUsage().heapUsed) : Number.NaN);
  const before = heap();
  const inspector = createInspector();
  const began = performance.now();
  inspector.attach(storeSource(store, flows().checkout));
  await inspector.ready();
  const buildMs = performance.now() - began;
  return { store, inspector, deep: orders[Math.floor(orders.length * 0.9)] as string, buildMs, indexMib: (heap() - before) / 2 ** 20 };
}

interface Page {
  readonly name: string;
  readonly path: (filled: Filled) => string;
}

const PAGES: readonly Page[] = [
  { name: 'list page, first', path: () => '/machines/order' },
  { name: 'list page, 90% deep', path: (f) => `/machines/order?after=${f.deep}` },
  { name: 'filter page, rare state', path: () => '/machines/order?state=awaiting_payment' },
  { name: 'filter page, common state 90% deep', path: (f) => `/machines/order?state=paid&after=${f.deep}` },
];

function contender(label: string, filled: Filled, page: Page): Contender {
  const request = new Request(`http://inspector.bench${page.path(filled)}`);
  return {
    name: `${page.name}, ${label}`,
    opsPerCall: 1,
    fn: async () => {
      const response = await filled.inspector.fetch(request.clone());
      if (response.status !== 200) throw new Error(`inspector: ${page.path(filled)} answered ${response.status}`);
      const text = await response.text();
      if (!text.includes('id="instances"')) throw new Error(`inspector: ${page.path(filled)} shows no instances`);
    },
  };
}

/** What of the list page is the store's own listing: the page against `listAggregates({ machine: '@order' })` alone, same store. */
async function listingShare(filled: Filled, options: InspectorOptions): Promise<Row> {
  const page = contender(`${options.instances.toLocaleString('en-US')} instances`, filled, PAGES[0] as Page);
  const listing: Contender = { name: `store.listAggregates({ machine: '@order' }) alone, ${options.instances.toLocaleString('en-US')} instances`, opsPerCall: 1, fn: () => filled.store.listAggregates({ machine: '@order' }) };
  const measured = await interleave([page, listing], options);
  const s = measured.get(page.name) as Measured;
  const b = measured.get(listing.name) as Measured;
  return {
    subject: s.name,
    baseline: b.name,
    unit: 'calls/s',
    subject_value: s.ops_per_s,
    baseline_value: b.ops_per_s,
    ratio: timeRatio(s, b),
    ratio_means: 'time of the whole list page / time of the store listing it starts with (near 1: the listing is the page)',
    subject_stats: statsOf(s, 'one page, 50 rows'),
    baseline_stats: statsOf(b, 'every @order id'),
  };
}

export async function runInspector(scale: Scale = 'full'): Promise<BenchResult> {
  const options = INSPECTOR[scale];
  const finish = startResult('inspector', `Inspector pages with ${options.instances.toLocaleString('en-US')} instances stored`, scale, { ...options });
  const big = await fill(options.instances);
  const small = await fill(options.baseline);
  const rows: Row[] = [];
  for (const page of PAGES) {
    const subject = contender(`${options.instances.toLocaleString('en-US')} instances`, big, page);
    const baseline = contender(`${options.baseline.toLocaleString('en-US')} instances`, small, page);
    const measured = await interleave([subject, baseline], options);
    const s = measured.get(subject.name) as Measured;
    const b = measured.get(baseline.name) as Measured;
    const ratio = timeRatio(s, b);
    rows.push({
      subject: s.name,
      baseline: b.name,
      unit: 'pages/s',
      subject_value: s.ops_per_s,
      baseline_value: b.ops_per_s,
      ratio,
      ratio_means: `time per page at ${options.instances.toLocaleString('en-US')} / at ${options.baseline.toLocaleString('en-US')} instances (lower is better)`,
      subject_stats: statsOf(s, 'one page, 50 rows'),
      baseline_stats: statsOf(b, 'one page, 50 rows'),
      target: { text: 'p50 under 100 ms per page at 100k instances', met: s.p50_ms < 100 },
    });
  }
  rows.push(await listingShare(big, options));
  big.inspector.close();
  small.inspector.close();
  return finish(
    rows,
    {
      index_build_ms: Math.round(big.buildMs),
      index_build_ms_baseline: Math.round(small.buildMs),
      index_heap_mib: Math.round(big.indexMib * 10) / 10,
    },
    [
      'Memory store (the default of eventflow serve): today the list page lists every id of the machine and slices it (ids-page.ts); with the paged store port it reads one page.',
      'The filter page reads the index the inspector keeps (built once from the store, then kept current by the runtime’s observe hook): one pass over the machine’s instances in creation order.',
      'index_heap_mib: what building the index added to the heap (state summaries, conversation lists, the inspector itself), after full collections.',
    ],
  );
}
