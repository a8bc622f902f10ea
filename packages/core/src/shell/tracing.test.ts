// Tracing with an OpenTelemetry SDK registered (in-memory exporter): a span per handled event, and
// an emit/reply conversation is one trace whose spans are parent and child, its envelopes carrying
// the W3C trace context through the transport (as JSON, like a wire) and in the store's outbox.
import { context, metrics, propagation, SpanKind, SpanStatusCode, trace } from '@opentelemetry/api';
import { AsyncLocalStorageContextManager } from '@opentelemetry/context-async-hooks';
import { W3CTraceContextPropagator } from '@opentelemetry/core';
import { AggregationTemporality, InMemoryMetricExporter, MeterProvider, PeriodicExportingMetricReader, type DataPoint } from '@opentelemetry/sdk-metrics';
import { BasicTracerProvider, InMemorySpanExporter, SimpleSpanProcessor, type ReadableSpan } from '@opentelemetry/sdk-trace-base';
import { afterAll, afterEach, beforeAll, expect, test } from 'vitest';
import { defineBindings } from '../bindings.ts';
import type { Envelope } from '../envelope.ts';
import { loggingStore, manualTransport } from '../test-support/ports.ts';
import { createRuntime } from './runtime.ts';

const ORDER = `machine: @order
  on :checkout from @customer (api)
    charge the card
    order moves to #awaiting_payment
    emit :payment_request to @payment
      with $total

  on :payment_success from @payment
    order moves to #paid
`;
const PAYMENT = `machine: @payment
  on :payment_request from @order
    payment moves to #captured
    emit :payment_success to @order
`;
const bindings = [
  defineBindings('@order', (b) =>
    b.action('charge the card', (ctx) => {
      if (ctx.event.data['total'] === 0) throw new Error('nothing to charge');
    }),
  ),
];

const spans = new InMemorySpanExporter();
const measured = new InMemoryMetricExporter(AggregationTemporality.CUMULATIVE);
const reader = new PeriodicExportingMetricReader({ exporter: measured, exportIntervalMillis: 3_600_000 });

beforeAll(() => {
  context.setGlobalContextManager(new AsyncLocalStorageContextManager().enable());
  propagation.setGlobalPropagator(new W3CTraceContextPropagator());
  trace.setGlobalTracerProvider(new BasicTracerProvider({ spanProcessors: [new SimpleSpanProcessor(spans)] }));
  metrics.setGlobalMeterProvider(new MeterProvider({ readers: [reader] }));
});
afterEach(() => spans.reset());
afterAll(() => {
  trace.disable();
  metrics.disable();
  propagation.disable();
  context.disable();
});

async function system() {
  const store = loggingStore();
  const transport = manualTransport(true);
  const runtime = await createRuntime({ flows: [{ name: 'order.flow', source: ORDER }, { name: 'payment.flow', source: PAYMENT }], store, transport, bindings, onError: () => {} });
  /** Delivers what was published, through JSON as a wire would carry it, until nothing is left. */
  const deliverAll = async () => {
    while (transport.published.length > 0) {
      const batch = JSON.parse(JSON.stringify(transport.published.shift())) as Envelope[];
      for (const envelope of batch) await transport.deliver(envelope.to.machine, [envelope]);
    }
  };
  return { runtime, store, transport, deliverAll };
}

const named = (name: string): ReadableSpan => {
  const found = spans.getFinishedSpans().filter((span) => span.name === name);
  expect(found, name).toHaveLength(1);
  return found[0] as ReadableSpan;
};

test('an emit/reply conversation is one trace: each handled event a child of the one that emitted it', async () => {
  const { runtime, store, transport, deliverAll } = await system();
  const caller = trace.getTracer('test').startSpan('POST /order/checkout');
  const sent = await context.with(trace.setSpan(context.active(), caller), () => runtime.send({ event: ':checkout', to: '@order', data: { total: 5 } }));
  caller.end();
  const published = transport.published[0]?.[0] as Envelope;
  await deliverAll();

  const checkout = named('@order :checkout');
  const request = named('@payment :payment_request');
  const success = named('@order :payment_success');
  const traceId = caller.spanContext().traceId;
  for (const span of [checkout, request, success]) expect(span.spanContext().traceId).toBe(traceId);
  expect(checkout.parentSpanContext?.spanId).toBe(caller.spanContext().spanId);
  expect(request.parentSpanContext?.spanId).toBe(checkout.spanContext().spanId);
  expect(success.parentSpanContext?.spanId).toBe(request.spanContext().spanId);
  expect(checkout.kind).toBe(SpanKind.INTERNAL);
  expect(request.kind).toBe(SpanKind.CONSUMER);

  expect(checkout.attributes).toEqual({
    'eventflow.machine': '@order',
    'eventflow.event': ':checkout',
    'eventflow.event_id': sent.event_id,
    'eventflow.conversation_id': sent.conversation_id,
    'eventflow.aggregate_id': sent.aggregate_id,
    'eventflow.seq': 1,
    'eventflow.outcome': 'committed',
  });
  expect(success.attributes).toMatchObject({ 'eventflow.aggregate_id': sent.aggregate_id, 'eventflow.seq': 2, 'eventflow.outcome': 'committed' });
  expect(success.attributes['eventflow.conversation_id']).toBe(request.attributes['eventflow.conversation_id']);

  // The carrier names the emitting span; the store's outbox keeps it with the envelope.
  expect(published.trace?.traceparent).toBe(`00-${traceId}-${checkout.spanContext().spanId}-01`);
  const [record] = await store.read(sent.aggregate_id);
  expect(record?.outcome.emitted[0]?.trace).toEqual(published.trace);
  expect((await runtime.state(sent.aggregate_id)).state).toBe('#paid');
  await runtime.close();
});

test('an event sent outside any span starts its own trace; a failed one ends its span with the error', async () => {
  const { runtime } = await system();
  await runtime.send({ event: ':checkout', to: '@order', data: { total: 5 } });
  expect(named('@order :checkout').parentSpanContext).toBeUndefined();
  spans.reset();

  await expect(runtime.send({ event: ':checkout', to: '@order', data: { total: 0 } })).rejects.toThrow('nothing to charge');
  const failed = named('@order :checkout');
  expect(failed.status.code).toBe(SpanStatusCode.ERROR);
  expect(failed.attributes['eventflow.outcome']).toBe('failed');
  expect(failed.events.map((event) => event.name)).toEqual(['exception']);
  await runtime.close();
});

test('handler latency is a histogram per machine, event and outcome; conflicts are counted per machine', async () => {
  const { runtime, store, deliverAll } = await system();
  const { aggregate_id } = await runtime.send({ event: ':checkout', to: '@order', data: { total: 5 } });
  store.conflicts = 2;
  await deliverAll();
  expect((await runtime.state(aggregate_id)).state).toBe('#paid');

  await reader.forceFlush();
  const points = (name: string): DataPoint<unknown>[] =>
    measured
      .getMetrics()
      .at(-1)
      ?.scopeMetrics.filter((scope) => scope.scope.name === '@eventflow/core')
      .flatMap((scope) => scope.metrics.filter((metric) => metric.descriptor.name === name))
      .flatMap((metric): DataPoint<unknown>[] => metric.dataPoints) ?? [];
  const latency = points('eventflow.handler.duration');
  const checkouts = latency.find((point) => point.attributes['eventflow.event'] === ':checkout' && point.attributes['eventflow.outcome'] === 'committed');
  expect(checkouts?.attributes['eventflow.machine']).toBe('@order');
  expect((checkouts?.value as { count: number }).count).toBeGreaterThanOrEqual(1);
  expect(points('eventflow.conflicts').find((point) => point.attributes['eventflow.machine'] === '@payment')?.value).toBe(2);
  await runtime.close();
});
