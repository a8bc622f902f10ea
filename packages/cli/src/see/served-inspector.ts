// The inspector of `eventflow serve`: mounted on the API at /inspect (behind the same auth), indexing
// the service's store and following every record the service commits. A MongoDB store may be written
// by other processes too (replicas, workers), and an ingress process commits only the (api) events:
// then it also polls the store for what others wrote.
import type { ServeConfig, ServiceLogger, ServiceOptions } from '@eventflow/http/serve';
import { createInspector, runtimeSource } from '@eventflow/inspector';

export const INSPECT_PATH = '/inspect';
const POLL_MS = 2_000;

export function servedInspector(config: ServeConfig, logger: ServiceLogger): Pick<ServiceOptions, 'observe' | 'extend'> {
  const shared = config.store.kind === 'mongodb' || config.role === 'ingress';
  const inspector = createInspector({
    base: INSPECT_PATH,
    pollMs: shared ? POLL_MS : 0,
    onPollError: (error) => logger.warn({ err: error }, 'inspector: could not read the store for new records'),
  });
  return {
    observe: (record) => inspector.observe(record),
    extend: (app, runtime, store) => {
      inspector.attach(runtimeSource(runtime, store));
      app.mount(INSPECT_PATH, inspector.fetch);
      return () => inspector.close();
    },
  };
}
