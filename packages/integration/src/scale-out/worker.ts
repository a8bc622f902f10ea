// A worker process: consumes its share of the partitions until it is killed.
// Usage: tsx --conditions=source worker.ts <namespace>
import { startNode } from './system.ts';

const namespace = process.argv[2];
if (!namespace) throw new Error('usage: worker.ts <namespace>');
const node = await startNode(namespace, { onError: (error) => console.error(`worker ${process.pid}:`, String(error)) });
console.log('ready');
process.on('SIGTERM', () => void node.close().then(() => process.exit(0)));
