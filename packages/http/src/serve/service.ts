// A running service: adapters from the configuration, the runtime, and an HTTP server for the role
// (the API for `all` and `ingress`, only the probes for `worker`). stop() drains: stop accepting,
// finish the requests and handlers in flight, leave the consumer groups, close; exit code 0, or 1
// when the drain deadline passed first.
import type { AddressInfo } from 'node:net';
import { serve, type ServerType } from '@hono/node-server';
import { createRuntime, type BindingSet, type Envelope, type Runtime, type RuntimeOptions } from '@eventflow/core';
import { createHttpApp, type HttpApp } from '../app.ts';
import { createHealthApp } from '../health.ts';
import { createStore, createTransport } from './adapters.ts';
import type { ServeConfig } from './config.ts';
import type { ServiceLogger } from './logger.ts';
import { countingJoins, readinessOf, type JoinCount } from './readiness.ts';

export interface ServiceOptions {
  readonly config: ServeConfig;
  /** The served directory: a file store's path is relative to it. */
  readonly dir: string;
  readonly flows: RuntimeOptions['flows'];
  readonly bindings: readonly BindingSet[];
  readonly logger: ServiceLogger;
  /** Mounts extra routes (an inspector at /inspect) on the API before it serves. */
  readonly extend?: (app: HttpApp, runtime: Runtime) => void;
}

export interface Service {
  /** Where it listens, e.g. http://127.0.0.1:3000. */
  readonly url: string;
  readonly runtime: Runtime;
  /** Drains and closes (once; later calls get the same result): 0 when done within the deadline. */
  stop(reason: string): Promise<number>;
}

export async function startService(options: ServiceOptions): Promise<Service> {
  const { config, logger } = options;
  const store = await createStore(config, options.dir);
  const transport = await createTransport(config, logger);
  const count: JoinCount = { joined: 0 };
  const consume = config.role !== 'ingress';
  let runtime: Runtime | undefined;
  try {
    runtime = await createRuntime({
      flows: options.flows,
      store: store.port,
      transport: countingJoins(transport.port, count),
      bindings: options.bindings,
      consume,
      group: config.group,
      outboxSweepMs: config.outboxSweepMs,
      onError: (error, envelope) => logger.error({ ...envelopeFields(envelope), err: error }, 'event failed'),
      ...(logger.isLevelEnabled('debug') ? { observe: (record) => logger.debug({ machine: record.machine, aggregate_id: record.aggregate_id, event: record.event_type, conversation_id: record.conversation_id, seq: record.seq, state: record.outcome.state_after }, 'handled') } : {}),
    });
  } catch (error) {
    await transport.close().catch(() => undefined);
    await store.close().catch(() => undefined);
    throw error;
  }
  const started = runtime;
  const readiness = readinessOf({ store: store.probe, transport: transport.probe, expected: consume ? started.definition.machines.size : 0, count, started: () => true });
  const api =
    config.role === 'worker'
      ? undefined
      : createHttpApp(started, {
          logger,
          bindings: options.bindings,
          readiness,
          replyTimeoutMs: config.http.replyTimeoutMs,
          bodyLimit: config.http.bodyLimit,
          corsOrigins: config.http.corsOrigins,
          auth: config.http.auth,
          // The store's id listing (today's port): the one line to change for the paged port.
          listIds: async (machine) => store.port.listAggregates(machine),
        });
  if (api) options.extend?.(api, started);
  const app = api ?? createHealthApp(readiness);
  const server = await listen(app.fetch, config.http.host, config.http.port);
  const { port } = server.address() as AddressInfo;
  const url = `http://${config.http.host.includes(':') ? `[${config.http.host}]` : config.http.host}:${port}`;
  logger.info({ url, store: store.describe, transport: transport.describe, machines: [...started.definition.machines.keys()] }, 'listening');

  let stopping: Promise<number> | undefined;
  const drain = async (): Promise<void> => {
    app.drain();
    await closeServer(server);
    await app.idle();
    // In-process events not handled yet would be lost with the process: finish them first.
    if (config.transport.kind === 'memory' && consume) await started.settle();
    await started.close();
    await transport.close();
    await store.close();
  };
  const stop = (reason: string): Promise<number> => {
    stopping ??= (async () => {
      const began = Date.now();
      logger.info({ reason, deadline_ms: config.drain.deadlineMs }, 'draining');
      const finished = await withDeadline(drain(), config.drain.deadlineMs);
      if (finished === 'done') {
        logger.info({ duration_ms: Date.now() - began }, 'stopped');
        return 0;
      }
      logger.error({ duration_ms: Date.now() - began, err: finished === 'late' ? undefined : finished.error }, finished === 'late' ? 'drain deadline passed; closing anyway' : 'drain failed');
      server.closeAllConnections?.();
      return 1;
    })();
    return stopping;
  };
  return { url, runtime: started, stop };
}

type ServerLike = ServerType & { closeAllConnections?: () => void };

function listen(fetch: (request: Request) => Response | Promise<Response>, hostname: string, port: number): Promise<ServerLike> {
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

function envelopeFields(envelope: Envelope | undefined): Record<string, unknown> {
  if (!envelope) return {};
  return { machine: envelope.to.machine, aggregate_id: envelope.to.aggregate_id, event: envelope.event, conversation_id: envelope.conversation_id };
}
