// /healthz (the process answers) and /readyz (it can do its work: store and transport reachable,
// subscriptions joined, not draining). Both stay open when authentication is on: probes carry no secrets.
import type { Hono } from 'hono';
import { toResponse } from './answer.ts';

export interface Readiness {
  readonly ready: boolean;
  /** One line per check: `ok`, or what is wrong. */
  readonly checks: Readonly<Record<string, string>>;
}

export type ReadinessCheck = () => Promise<Readiness>;

export const ALWAYS_READY: ReadinessCheck = async () => ({ ready: true, checks: {} });

export function addHealthRoutes(app: Hono, readiness: ReadinessCheck, draining: () => boolean): void {
  app.get('/healthz', () => toResponse({ status: 200, body: { status: 'ok' } }));
  app.get('/readyz', async () => {
    if (draining()) return toResponse({ status: 503, body: { status: 'draining', checks: { drain: 'shutting down' } } });
    const report = await readiness();
    return toResponse({ status: report.ready ? 200 : 503, body: { status: report.ready ? 'ready' : 'not ready', checks: report.checks } });
  });
}
