// Where the runtime side of runtime-throughput allocates: bytes per event (objects collected since
// included) and the functions that allocate most, from V8's sampling heap profiler
// (`npm run profile:allocations [-- seconds]`). Allocation drives the young-generation collections
// that take about a fifth of the runtime's time.
import { Session } from 'node:inspector/promises';
import { flows, startSystem, stopSystem, type System } from './machine.ts';
import { EVENTS_PER_CHECKOUT } from './runtime-throughput.ts';

interface HeapNode {
  readonly callFrame: { readonly functionName: string; readonly url: string; readonly lineNumber: number };
  readonly selfSize: number;
  readonly children: readonly HeapNode[];
}

const seconds = Number(process.argv[2] ?? 4);
const BATCH = 50;

/** Checkouts sent 50 at a time, then settle(), for `ms`; returns the checkouts run. */
async function checkoutsFor(system: System, ms: number): Promise<number> {
  const started = performance.now();
  let checkouts = 0;
  while (performance.now() - started < ms) {
    const sends = Array.from({ length: BATCH }, (_, i) => system.runtime.send({ event: ':checkout', to: '@order', data: { total: i } }));
    await Promise.all(sends);
    await system.runtime.settle();
    checkouts += BATCH;
  }
  return checkouts;
}

/** Bytes allocated per function (file:name:line), over the whole tree. */
function bytesByFunction(node: HeapNode, into = new Map<string, number>()): Map<string, number> {
  const { url, functionName, lineNumber } = node.callFrame;
  const where = `${url.replace(/^.*\/(packages|bench)\//, '$1/') || '(native)'}:${functionName || '(anonymous)'}:${lineNumber + 1}`;
  into.set(where, (into.get(where) ?? 0) + node.selfSize);
  for (const child of node.children) bytesByFunction(child, into);
  return into;
}

const system = await startSystem(flows().checkout);
await checkoutsFor(system, 1_000); // warm-up: optimised code allocates differently
const session = new Session();
session.connect();
await session.post('HeapProfiler.enable');
// The two include flags are V8's (Node's typings lack them): without them only live objects count.
await session.post('HeapProfiler.startSampling', { samplingInterval: 1024, includeObjectsCollectedByMajorGC: true, includeObjectsCollectedByMinorGC: true } as object);
const events = (await checkoutsFor(system, seconds * 1_000)) * EVENTS_PER_CHECKOUT;
const { profile } = await session.post('HeapProfiler.stopSampling');
session.disconnect();
await stopSystem(system);

const byFunction = bytesByFunction(profile.head as unknown as HeapNode);
const total = [...byFunction.values()].reduce((sum, bytes) => sum + bytes, 0);
console.log(`${events} events, ~${Math.round(total / events)} bytes allocated per event (sampled every 1 KiB)`);
for (const [where, bytes] of [...byFunction].sort((a, b) => b[1] - a[1]).slice(0, 25)) {
  console.log(`${String(Math.round(bytes / events)).padStart(6)} B/event  ${where}`);
}
