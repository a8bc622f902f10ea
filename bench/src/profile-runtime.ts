// The EventFlow side of runtime-throughput alone, for `node --cpu-prof` (npm run profile):
// batches of checkouts sent concurrently, then settle(), for a few seconds.
import { flows, startSystem, stopSystem } from './machine.ts';
import { EVENTS_PER_CHECKOUT } from './runtime-throughput.ts';

const seconds = Number(process.argv[2] ?? 8);
const batch = Number(process.argv[3] ?? 50);
const system = await startSystem(flows().checkout);
const started = performance.now();
let checkouts = 0;
while (performance.now() - started < seconds * 1000) {
  const sends = [];
  for (let i = 0; i < batch; i++) sends.push(system.runtime.send({ event: ':checkout', to: '@order', data: { total: i } }));
  await Promise.all(sends);
  await system.runtime.settle();
  checkouts += batch;
}
const elapsed = (performance.now() - started) / 1000;
console.log(`${Math.round((checkouts * EVENTS_PER_CHECKOUT) / elapsed)} events/s over ${elapsed.toFixed(1)} s (${checkouts} checkouts, ${system.errors.length} errors)`);
await stopSystem(system);
