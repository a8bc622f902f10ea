// A worker process: consumes its share of the partitions until it is killed, printing the ids of
// every batch it receives (`received <ids>`), so the test can count redeliveries across workers.
// SIGTERM: stop fetching, finish and commit what is in flight, leave the group, exit 0.
// Usage: node --import tsx --conditions=source worker.ts <namespace> [outboxSweepMs]
import { startNode } from './system.ts';

const namespace = process.argv[2];
if (!namespace) throw new Error('usage: worker.ts <namespace> [outboxSweepMs]');
const node = await startNode(
  namespace,
  { onError: (error) => console.error(`worker ${process.pid}:`, String(error)), outboxSweepMs: Number(process.argv[3] ?? 1_000) },
  (ids) => console.log(`received ${ids.join(' ')}`),
);
console.log('ready');
process.once('SIGTERM', () => {
  const started = Date.now();
  void node.close().then(() => {
    console.log(`stopped in ${Date.now() - started} ms`);
    process.exit(0);
  });
});
