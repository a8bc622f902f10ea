// A worker process of the production-path benchmark: the EventFlow runtime or the hand-written
// service, consuming until SIGTERM (clean stop) or SIGKILL. Prints `ready` once it consumes.
// Usage: node --import tsx worker.ts <eventflow|raw> <namespace> [maxBatchSize]
import { startEventFlowNode } from './eventflow.ts';
import { startRawWorker } from './raw.ts';

const [kind, namespace, batch] = process.argv.slice(2);
if ((kind !== 'eventflow' && kind !== 'raw') || !namespace) throw new Error('usage: worker.ts <eventflow|raw> <namespace> [maxBatchSize]');
const worker =
  kind === 'raw'
    ? await startRawWorker(namespace)
    : await startEventFlowNode(namespace, {
        onError: (error) => console.error(`worker ${process.pid}:`, String(error)),
        ...(batch ? { maxBatchSize: Number(batch) } : {}),
      });
console.log('ready');
process.once('SIGTERM', () => void worker.close().then(() => process.exit(0)));
