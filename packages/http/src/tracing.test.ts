// Every HTTP request is a span (SDK in-memory exporter): named by its route, carrying the event's
// attributes, and a child of the caller's trace when a traceparent header came with the request.
import { context, propagation, trace } from '@opentelemetry/api';
import { AsyncLocalStorageContextManager } from '@opentelemetry/context-async-hooks';
import { W3CTraceContextPropagator } from '@opentelemetry/core';
import { BasicTracerProvider, InMemorySpanExporter, SimpleSpanProcessor } from '@opentelemetry/sdk-trace-base';
import type { Runtime } from '@eventflow/core';
import { afterAll, beforeAll, expect, test } from 'vitest';
import { createHttpApp } from './app.ts';
import { checkoutBindings, checkoutFlows, listen, memoryRuntime, post, type Served } from './test-support/server.ts';

const exporter = new InMemorySpanExporter();
let runtime: Runtime;
let served: Served;

beforeAll(async () => {
  context.setGlobalContextManager(new AsyncLocalStorageContextManager().enable());
  propagation.setGlobalPropagator(new W3CTraceContextPropagator());
  trace.setGlobalTracerProvider(new BasicTracerProvider({ spanProcessors: [new SimpleSpanProcessor(exporter)] }));
  ({ runtime } = await memoryRuntime(checkoutFlows(), await checkoutBindings()));
  served = await listen(createHttpApp(runtime).fetch);
});

afterAll(async () => {
  await served.close();
  await runtime.close();
  trace.disable();
  propagation.disable();
  context.disable();
});

test('a request is a server span of the caller trace, with the event attributes', async () => {
  const traceId = '4bf92f3577b34da6a3ce929d0e0e4736';
  const parentId = '00f067aa0ba902b7';
  const created = await post(`${served.url}/order/checkout`, { total: 5 }, { traceparent: `00-${traceId}-${parentId}-01` });
  expect(created.status).toBe(202);
  const span = exporter.getFinishedSpans().find((s) => s.name === 'POST /order/checkout');
  expect(span).toBeDefined();
  expect(span?.spanContext().traceId).toBe(traceId);
  expect(span?.parentSpanContext?.spanId).toBe(parentId);
  expect(span?.attributes).toMatchObject({
    'http.request.method': 'POST',
    'http.route': '/order/checkout',
    'http.response.status_code': 202,
    'eventflow.machine': '@order',
    'eventflow.event': ':checkout',
    'eventflow.aggregate_id': created.headers.get('eventflow-aggregate-id'),
    'eventflow.seq': 1,
  });
  expect(span?.attributes['eventflow.conversation_id']).toMatch(/.+/);
});

test('the span is active while the runtime handles the event (where the core will hang its own spans)', async () => {
  let seen: string | undefined;
  const { runtime: observed } = await memoryRuntime(checkoutFlows(), await checkoutBindings(), {
    observe: () => void (seen ??= trace.getActiveSpan()?.spanContext().traceId),
  });
  const app = await listen(createHttpApp(observed).fetch);
  try {
    await post(`${app.url}/order/checkout`, { total: 5 });
    const span = exporter.getFinishedSpans().filter((s) => s.name === 'POST /order/checkout').at(-1);
    expect(seen).toBe(span?.spanContext().traceId);
  } finally {
    await app.close();
    await observed.close();
  }
});
