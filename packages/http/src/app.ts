// createHttpApp: a runtime as a web-standard fetch handler (Hono). Routes come from the .flow:
// every (api) event, the read routes of every machine, /openapi.json, /healthz and /readyz.
import type { BindingSet, Runtime } from '@eventflow/core';
import { Hono } from 'hono';
import { cors } from 'hono/cors';
import { problem, toResponse } from './answer.ts';
import { authEnabled, requireAuth, type AuthOptions } from './auth.ts';
import { limitBody } from './body-limit.ts';
import { endpointsOf, machineNouns } from './endpoints.ts';
import { addHealthRoutes, ALWAYS_READY, type ReadinessCheck } from './health.ts';
import { InFlight } from './in-flight.ts';
import { ingressRoute } from './ingress.ts';
import { observeRequests, SILENT, type Logger } from './observe.ts';
import { openApiDocument } from './openapi.ts';
import type { ListIds } from './paging.ts';
import { PendingReplies } from './pending.ts';
import { ReplyClock } from './reply-clock.ts';
import { serverError } from './problems.ts';
import { historyRoute, instanceRoute, listRoute, pendingRoute } from './reads.ts';
import { customRules } from './validate.ts';

/** Options of `createHttpApp`: timeouts, limits, auth, CORS, logger and readiness. */
export interface HttpAppOptions {
  /** How long a request waits for its handler's reply before it gets 202 and a link to poll (default 5,000 ms). */
  readonly replyTimeoutMs?: number;
  /** Largest request body in bytes (default 102,400). */
  readonly bodyLimit?: number;
  /** Bearer tokens and/or API keys; without any, no authentication. */
  readonly auth?: AuthOptions;
  /** Origins browsers may call from; without any, no CORS headers at all. */
  readonly corsOrigins?: readonly string[];
  /** Request log lines and failures (pino fits). Default: silent. */
  readonly logger?: Logger;
  /** The system's bindings, for custom validation rules checked before the event is sent. */
  readonly bindings?: readonly BindingSet[];
  /** The store's id listing, for paged `GET /{machine}` without hydrating every instance. */
  readonly listIds?: ListIds;
  /** What /readyz reports (default: ready unless draining). */
  readonly readiness?: ReadinessCheck;
  /** `info.title` of the OpenAPI document. */
  readonly title?: string;
}

/** The HTTP face of a runtime: a web-standard fetch handler, and a drain for shutdown. */
export interface HttpApp {
  /** The web-standard handler: `serve({ fetch })` on Node (@hono/node-server), `Deno.serve(fetch)`, `Bun.serve({ fetch })`. */
  readonly fetch: (request: Request) => Response | Promise<Response>;
  /** Serves another web handler under a path prefix (e.g. an inspector at /inspect); behind the same auth. */
  mount(prefix: string, handler: (request: Request) => Response | Promise<Response>): void;
  readonly openapi: Readonly<Record<string, unknown>>;
  /** Refuses new events (503) and reports not ready; reads still work. */
  drain(): void;
  /** Resolves once no request is being answered and no reply answered 202 is still running. */
  idle(): Promise<void>;
}

/** How long a request waits for its reply before 202 and a link to poll, unless configured. */
export const DEFAULT_REPLY_TIMEOUT_MS = 5_000;
/** The largest request body accepted (bytes), unless configured. */
export const DEFAULT_BODY_LIMIT = 102_400;

/** Serves a runtime over HTTP (Hono): each `(api)` handler an endpoint, instances readable, `/openapi.json`, `/healthz`, `/readyz`. */
export function createHttpApp(runtime: Runtime, options: HttpAppOptions = {}): HttpApp {
  const logger = options.logger ?? SILENT;
  const pending = new PendingReplies();
  const inFlight = new InFlight();
  let draining = false;
  const isDraining = () => draining;
  const auth = authEnabled(options.auth) ? options.auth : undefined;
  const openapi = openApiDocument(runtime.definition, {
    ...(options.title !== undefined ? { title: options.title } : {}),
    ...(auth ? { auth: { bearer: (auth.bearerTokens?.length ?? 0) > 0, ...((auth.apiKeys?.length ?? 0) > 0 ? { apiKeyHeader: auth.apiKeyHeader ?? 'x-api-key' } : {}) } } : {}),
  });

  const app = new Hono();
  app.use(observeRequests(logger, inFlight));
  if (options.corsOrigins && options.corsOrigins.length > 0) app.use(cors({ origin: [...options.corsOrigins] }));
  addHealthRoutes(app, options.readiness ?? ALWAYS_READY, isDraining);
  if (auth) app.use(requireAuth(auth));
  app.post('*', limitBody(options.bodyLimit ?? DEFAULT_BODY_LIMIT));

  app.get('/openapi.json', () => toResponse({ status: 200, body: openapi }));
  const ingress = { runtime, pending, clock: new ReplyClock(), replyTimeoutMs: options.replyTimeoutMs ?? DEFAULT_REPLY_TIMEOUT_MS, draining: isDraining, rules: (m: string) => customRules(m, options.bindings ?? []) };
  for (const endpoint of endpointsOf(runtime.definition)) {
    const route = ingressRoute(endpoint, ingress);
    app.post(`/${endpoint.noun}/${endpoint.name}`, route);
    app.post(`/${endpoint.noun}/:id/${endpoint.name}`, route);
  }
  const reads = { runtime, pending, ...(options.listIds ? { listIds: options.listIds } : {}) };
  app.get('/requests/:token', pendingRoute(reads));
  for (const { machine, noun } of machineNouns(runtime.definition)) {
    app.get(`/${noun}`, listRoute(machine, reads));
    app.get(`/${noun}/:id`, instanceRoute(machine, reads));
    app.get(`/${noun}/:id/history`, historyRoute(machine, reads));
  }

  app.notFound((c) => toResponse(problem(404, 'not-found', 'No such endpoint', `${c.req.method} ${c.req.path} is not an endpoint of this service; see /openapi.json.`)));
  app.onError((error, c) => {
    const id = c.get('requestId');
    c.get('eventflow').error = error;
    return toResponse(serverError(id));
  });

  return {
    fetch: (request) => app.fetch(request),
    mount: (prefix, handler) => void app.mount(prefix, handler),
    openapi,
    drain: () => void (draining = true),
    idle: async () => {
      await inFlight.idle();
      await pending.idle();
    },
  };
}
