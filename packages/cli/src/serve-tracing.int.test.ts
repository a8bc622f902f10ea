// One checkout over HTTP is one trace across two `eventflow serve` processes (ingress and worker,
// on MongoDB (FerretDB) + Kafka), each with the OpenTelemetry SDK preloaded (`node --import`):
// the HTTP span, the ingress's span for :checkout, and the worker's spans for every event of the
// conversation, each a child of the span that emitted its event, the context carried by Kafka headers.
import { mkdtempSync, readFileSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, expect, test } from 'vitest';
import { dropNamespace, ready, realServeEnv } from './test-support/real-services.ts';
import { killLeftovers, spawnServe, type ServeProcess } from './test-support/serve-process.ts';
import type { SpanLine } from './test-support/trace-to-file.ts';

const namespace = `trace_${Date.now().toString(36)}`;
const dir = mkdtempSync(join(tmpdir(), 'eventflow-trace-'));
const env = realServeEnv(namespace, 1);
const SETUP = join(import.meta.dirname, 'test-support', 'trace-to-file.ts');

afterAll(async () => {
  killLeftovers();
  rmSync(dir, { recursive: true, force: true });
  await dropNamespace(namespace);
});

function traced(role: string): { process: ServeProcess; spans: () => SpanLine[] } {
  const file = join(dir, `${role}.jsonl`);
  const process = spawnServe(['apps/checkout', '--role', role], { ...env, EVENTFLOW_TRACE_FILE: file }, [SETUP]);
  const spans = () => {
    try {
      return readFileSync(file, 'utf8').split('\n').filter(Boolean).map((line) => JSON.parse(line) as SpanLine);
    } catch {
      return [];
    }
  };
  return { process, spans };
}

test('a checkout through ingress and worker is one trace: a span per handled event, parent to child across processes', async () => {
  const worker = traced('worker');
  const ingress = traced('ingress');
  const [, url] = await Promise.all([ready(worker.process), ready(ingress.process)]);

  const traceId = crypto.randomUUID().replaceAll('-', '');
  const callerSpan = '00f067aa0ba902b7';
  const response = await fetch(`${url}/order/checkout`, {
    method: 'POST',
    headers: { 'content-type': 'application/json', traceparent: `00-${traceId}-${callerSpan}-01` },
    body: JSON.stringify({ total: 120, items: [{ sku: 'book', qty: 1 }] }),
  });
  expect(response.status).toBe(202);
  const id = response.headers.get('eventflow-aggregate-id') as string;
  const json = async (path: string): Promise<any> => (await fetch(`${url}${path}`)).json();
  await expect.poll(async () => (await json(`/order/${id}`)).state, { timeout: 60_000, interval: 200 }).toBe('confirmed');
  const history = (await json(`/order/${id}/history`)).records as { event_id: string; event: string }[];

  // Every event the order handled has its span in this trace, in the process that handled it.
  const inTrace = () => [...ingress.spans(), ...worker.spans()].filter((span) => span.traceId === traceId);
  const handledSpan = (eventId: string) => inTrace().find((span) => span.attributes['eventflow.event_id'] === eventId);
  await expect.poll(() => history.filter((record) => handledSpan(record.event_id) === undefined).map((record) => record.event), { timeout: 30_000, interval: 200 }).toEqual([]);

  const spans = inTrace();
  const http = spans.find((span) => span.name === 'POST /order/checkout');
  const checkout = handledSpan(history[0]?.event_id as string);
  expect(http?.parentSpanId).toBe(callerSpan);
  expect(checkout).toMatchObject({ name: '@order :checkout', pid: ingress.process.child.pid, parentSpanId: http?.spanId });
  expect(checkout?.attributes).toMatchObject({ 'eventflow.machine': '@order', 'eventflow.aggregate_id': id, 'eventflow.outcome': 'committed' });
  for (const record of history.slice(1)) {
    const span = handledSpan(record.event_id);
    expect(span, record.event).toMatchObject({ pid: worker.process.child.pid, name: `@order ${record.event}` });
  }
  // The conversation is one tree: each handled event's parent is a span of this trace, from either process.
  const handled = spans.filter((span) => span.attributes['eventflow.event_id'] !== undefined);
  expect(handled.length).toBeGreaterThan(history.length);
  const ids = new Set(spans.map((span) => span.spanId));
  for (const span of handled) expect(ids.has(span.parentSpanId as string), `${span.name} has its parent in the trace`).toBe(true);
  expect(new Set(handled.map((span) => span.pid))).toEqual(new Set([ingress.process.child.pid, worker.process.child.pid]));

  expect(await ingress.process.stop('SIGTERM')).toBe(0);
  expect(await worker.process.stop('SIGTERM')).toBe(0);
}, 300_000);
