// A running service. It listens at once (/healthz answers, /readyz says `starting`), starts the
// runtime on its adapters (waiting for servers still coming up), then serves the API for `all` and
// `ingress`, or only the probes for `worker`. stop() drains: refuse new events, finish the requests
// and handlers in flight, leave the consumer groups, close; 0 when done within the deadline, else 1.
import type { AddressInfo } from 'node:net';
import { serve, type ServerType } from '@hono/node-server';
import type { EventStore, Runtime } from '@eventflow/core';
import { toResponse, problem } from '../answer.ts';
import { createHttpApp, type HttpApp } from '../app.ts';
import { createHealthApp } from '../health.ts';
import { startSystem, type System, type SystemInput } from './system.ts';

export interface ServiceOptions extends SystemInput {
  /**
   * Mounts extra routes (an inspector at /inspect) on the API before it serves. What it returns is
   * called when the service starts draining (to end long-lived responses such as event streams).
   */
  readonly extend?: (app: HttpApp, runtime: Runtime, store: EventStore) => void | (() => void);
}

export interface Service {
  /** Where it listens, e.g. http://127.0.0.1:3000. */
  readonly url: string;
  /** Resolves once the runtime runs and the API is served; rejects when it could not start. */
  readonly started: Promise<Runtime>;
  /** Drains and closes (once; later calls get the same result): 0 when done within the deadline. */
  stop(reason: string): Promise<number>;
}

type Fetch = (request: Request) => Response | Promise<Response>;
type Served = { readonly fetch: Fetch; drain(): void; idle(): Promise<void> };

/** The API with what `extend` mounted on it: draining ends the mounted handlers' streams too. */
function extended(api: HttpApp, stop: void | (() => void)): Served {
  if (!stop) return api;
  return {
    fetch: api.fetch,
    idle: () => api.idle(),
    drain: () => {
      stop();
      api.drain();
    },
  };
}

export async function startService(options: ServiceOptions): Promise<Service> {
  const { config, logger } = options;
  let current: Served = starting;
  const server = await listen((request) => current.fetch(request), config.http.host, config.http.port);
  const { port } = server.address() as AddressInfo;
  const host = config.http.host.includes(':') ? `[${config.http.host}]` : config.http.host;
  const url = `http://${host}:${port}`;
  logger.info({ url }, 'listening');

  let stopping: Promise<number> | undefined;
  let system: System | undefined;
  const started = (async () => {
    system = await startSystem({ ...options, stopping: () => stopping !== undefined });
    const runtime = system.runtime;
    if (stopping) return runtime;
    current = served(system, options);
    logger.info({ url, store: system.store.describe, transport: system.transport.describe, machines: [...runtime.definition.machines.keys()] }, 'started');
    return runtime;
  })();
  started.catch(() => undefined);

  const drain = async (): Promise<void> => {
    current.drain();
    await closeServer(server);
    await current.idle();
    await started.catch(() => undefined);
    if (!system) return;
    // In-process events not handled yet would be lost with the process: finish them first.
    if (config.transport.kind === 'memory' && config.role !== 'ingress') await system.runtime.settle();
    await system.close();
  };
  const stop = (reason: string): Promise<number> => {
    stopping ??= (async () => {
      const began = Date.now();
      logger.info({ reason, deadline_ms: config.drain.deadlineMs }, 'draining');
      const finished = await withDeadline(drain(), config.drain.deadlineMs);
      const duration_ms = Date.now() - began;
      if (finished === 'done') {
        logger.info({ duration_ms }, 'stopped');
        return 0;
      }
      server.closeAllConnections?.();
      if (finished === 'late') logger.error({ duration_ms }, 'drain deadline passed; closing anyway');
      else logger.error({ duration_ms, err: finished.error }, 'drain failed');
      return 1;
    })();
    return stopping;
  };
  return { url, started, stop };
}

/** What the server answers once the system runs: the API, or a worker's probes. */
function served(system: System, options: ServiceOptions): Served {
  const { config } = options;
  if (config.role === 'worker') return createHealthApp(system.readiness);
  const api = createHttpApp(system.runtime, {
    logger: options.logger,
    bindings: options.bindings,
    readiness: system.readiness,
    replyTimeoutMs: config.http.replyTimeoutMs,
    bodyLimit: config.http.bodyLimit,
    corsOrigins: config.http.corsOrigins,
    auth: config.http.auth,
    // The store's paged id listing.
    listIds: (machine, after, limit) => system.store.port.listAggregates({ machine, ...(after === undefined ? {} : { after }), limit }),
  });
  return extended(api, options.extend?.(api, system.runtime, system.store.port));
}

/** Before the runtime runs: alive, not ready, every other path 503. */
const starting: Served = {
  fetch: (request) => {
    const path = new URL(request.url).pathname;
    if (path === '/healthz') return toResponse({ status: 200, body: { status: 'ok' } });
    if (path === '/readyz') return toResponse({ status: 503, body: { status: 'starting', checks: {} } });
    return toResponse(problem(503, 'unavailable', 'Starting', 'The service is starting; try again shortly.', {}, { 'retry-after': '1' }));
  },
  drain: () => {},
  idle: async () => {},
};

type ServerLike = ServerType & { closeAllConnections?: () => void };

function listen(fetch: Fetch, hostname: string, port: number): Promise<ServerLike> {
  return new Promise((resolve, reject) => {
    const server = serve({ fetch, hostname, port }, () => resolve(server as ServerLike));
    server.once('error', (error: NodeJS.ErrnoException) =>
      reject(new Error(error.code === 'EADDRINUSE' ? `http.port ${port} on ${hostname} is already in use` : `cannot listen on ${hostname}:${port}: ${error.message}`)),
    );
  });
}

/** Stops accepting connections; resolves once the open ones have finished their requests. */
function closeServer(server: ServerLike): Promise<void> {
  return new Promise((resolve) => server.close(() => resolve()));
}

async function withDeadline(work: Promise<void>, ms: number): Promise<'done' | 'late' | { error: unknown }> {
  let timer: ReturnType<typeof setTimeout> | undefined;
  const late = new Promise<'late'>((resolve) => (timer = setTimeout(() => resolve('late'), ms)));
  try {
    return await Promise.race([work.then(() => 'done' as const, (error: unknown) => ({ error })), late]);
  } finally {
    clearTimeout(timer);
  }
}
