// startService in this process on memory adapters: it serves, counts what it handles as metrics
// (SDK reader), reports ready, and stops with 0.
import { metrics } from '@opentelemetry/api';
import { MeterProvider, MetricReader, type ResourceMetrics } from '@opentelemetry/sdk-metrics';
import { afterAll, beforeAll, expect, test } from 'vitest';
import { checkoutBindings, checkoutFlows, get, post } from '../test-support/server.ts';
import { resolveConfig } from './config.ts';
import { createLogger } from './logger.ts';
import { startService, type Service } from './service.ts';

class CollectingReader extends MetricReader {
  protected override async onForceFlush(): Promise<void> {}
  protected override async onShutdown(): Promise<void> {}
}

const reader = new CollectingReader();
const lines: string[] = [];
let service: Service;

beforeAll(async () => {
  metrics.setGlobalMeterProvider(new MeterProvider({ readers: [reader] }));
  const config = resolveConfig({ env: { EVENTFLOW_HTTP_PORT: '0' } });
  const logger = createLogger({ level: 'info', out: { write: (line: string) => void lines.push(line) } });
  service = await startService({ config, dir: '.', flows: checkoutFlows(), bindings: await checkoutBindings(), logger });
  await service.started;
});

afterAll(() => metrics.disable());

function points(collected: ResourceMetrics, name: string): { attributes: Record<string, unknown>; value: unknown }[] {
  const found = collected.scopeMetrics.flatMap((s) => s.metrics).find((m) => m.descriptor.name === name);
  return (found?.dataPoints ?? []) as never;
}

test('events handled, request durations and the outbox as metrics; ready; stop gives 0', async () => {
  expect((await get(`${service.url}/readyz`)).body).toEqual({ status: 'ready', checks: { store: 'ok', transport: 'ok', subscriptions: 'ok (5 joined)' } });
  expect((await post(`${service.url}/order/checkout`, { total: 120, items: [{ sku: 'book', qty: 1 }] })).status).toBe(202);
  const runtime = await service.started;
  await runtime.settle();
  const { resourceMetrics } = await reader.collect();
  const handled = points(resourceMetrics, 'eventflow.events.handled');
  const orders = handled.filter((p) => p.attributes['eventflow.machine'] === '@order').reduce((sum, p) => sum + Number(p.value), 0);
  expect(orders).toBe(4);
  expect(handled.find((p) => p.attributes['eventflow.event'] === ':authorize_card')?.value).toBe(1);
  const durations = points(resourceMetrics, 'http.server.request.duration');
  expect(durations.find((p) => p.attributes['http.route'] === '/order/checkout')).toMatchObject({ attributes: { 'http.request.method': 'POST', 'http.response.status_code': 202 }, value: { count: 1 } });
  expect(points(resourceMetrics, 'eventflow.outbox.pending')[0]?.value).toBe(0);
  expect(await service.stop('test')).toBe(0);
  expect(lines.map((l) => JSON.parse(l).msg)).toEqual(expect.arrayContaining(['listening', 'started', 'request', 'draining', 'stopped']));
});
