// /healthz (the process answers) and /readyz (it can do its work: store and transport reachable,
// subscriptions joined, not draining). Both stay open when authentication is on: probes carry no secrets.
import { Hono } from 'hono';
import { toResponse } from './answer.ts';

/** Whether the service can take events, and one line per check. */
export interface Readiness {
  readonly ready: boolean;
  /** One line per check: `ok`, or what is wrong. */
  readonly checks: Readonly<Record<string, string>>;
}

/** Asks the store and transport whether they are reachable. */
export type ReadinessCheck = () => Promise<Readiness>;

/** A readiness check that always answers ready (in-process adapters). */
export const ALWAYS_READY: ReadinessCheck = async () => ({ ready: true, checks: {} });

export function addHealthRoutes(app: Hono, readiness: ReadinessCheck, draining: () => boolean): void {
  app.get('/healthz', () => toResponse({ status: 200, body: { status: 'ok' } }));
  app.get('/readyz', async () => {
    if (draining()) return toResponse({ status: 503, body: { status: 'draining', checks: { drain: 'shutting down' } } });
    const report = await readiness();
    return toResponse({ status: report.ready ? 200 : 503, body: { status: report.ready ? 'ready' : 'not ready', checks: report.checks } });
  });
}

/** A worker's HTTP side: only /healthz and /readyz. */
export function createHealthApp(readiness: ReadinessCheck): { readonly fetch: (request: Request) => Response | Promise<Response>; drain(): void; idle(): Promise<void> } {
  let draining = false;
  const app = new Hono();
  addHealthRoutes(app, readiness, () => draining);
  app.notFound(() => toResponse({ status: 404, body: { status: 'not found', detail: 'A worker serves only /healthz and /readyz.' } }));
  return { fetch: (request) => app.fetch(request), drain: () => void (draining = true), idle: async () => {} };
}
