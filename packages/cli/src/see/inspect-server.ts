// The standalone inspector of `eventflow inspect --ui`: the same pages `eventflow serve` mounts at
// /inspect, over a store file or a MongoDB database, served alone (Hono on Node; / leads to /inspect/).
// Read-only: it reads records and lists instances, and never appends, dispatches or snapshots.
import type { AddressInfo } from 'node:net';
import { serve, type ServerType } from '@hono/node-server';
import { Hono } from 'hono';
import type { FlowFile } from '@eventflow/language';
import { createInspector, storeSource, type ReadOnlyStore } from '@eventflow/inspector';

export const INSPECT_BASE = '/inspect';

export interface InspectServerOptions {
  readonly store: ReadOnlyStore;
  readonly files: readonly FlowFile[];
  readonly port: number;
  readonly host: string;
  /** Other processes write to the store: look for their records every N ms (0: never). */
  readonly pollMs: number;
  readonly onPollError?: (error: unknown) => void;
}

export interface InspectServer {
  /** `http://localhost:5174/inspect/` */
  readonly url: string;
  /** Resolves once every instance in the store has been indexed. */
  readonly indexed: Promise<void>;
  close(): Promise<void>;
}

export async function startInspectServer(options: InspectServerOptions): Promise<InspectServer> {
  const inspector = createInspector({ base: INSPECT_BASE, pollMs: options.pollMs, ...(options.onPollError ? { onPollError: options.onPollError } : {}) });
  inspector.attach(storeSource(options.store, options.files));
  const app = new Hono();
  app.get('/', (c) => c.redirect(`${INSPECT_BASE}/`));
  app.mount(INSPECT_BASE, inspector.fetch);
  const server = await new Promise<ServerType>((resolve, reject) => {
    const started = serve({ fetch: app.fetch, port: options.port, hostname: options.host }, () => resolve(started));
    started.once('error', (error: NodeJS.ErrnoException) => reject(new Error(error.code === 'EADDRINUSE' ? `port ${options.port} on ${options.host} is already in use (--port picks another; 0: any free one)` : error.message)));
  });
  const { port } = server.address() as AddressInfo;
  const host = ['127.0.0.1', '0.0.0.0', '::'].includes(options.host) ? 'localhost' : options.host;
  return {
    url: `http://${host}:${port}${INSPECT_BASE}/`,
    indexed: inspector.ready(),
    close: async () => {
      inspector.close();
      await new Promise<void>((resolve) => {
        server.close(() => resolve());
        if ('closeAllConnections' in server) server.closeAllConnections();
      });
    },
  };
}
