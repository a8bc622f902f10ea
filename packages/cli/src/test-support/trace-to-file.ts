// Preloaded into a served process (`node --import`): registers the OpenTelemetry SDK and writes
// every finished span as a JSON line to $EVENTFLOW_TRACE_FILE, so a test can read one trace back
// from several processes. A deployment preloads an exporter to its collector the same way.
import { appendFileSync } from 'node:fs';
import { context, propagation, trace } from '@opentelemetry/api';
import { AsyncLocalStorageContextManager } from '@opentelemetry/context-async-hooks';
import { ExportResultCode, W3CTraceContextPropagator, type ExportResult } from '@opentelemetry/core';
import { BasicTracerProvider, SimpleSpanProcessor, type ReadableSpan, type SpanExporter } from '@opentelemetry/sdk-trace-base';

const file = process.env['EVENTFLOW_TRACE_FILE'];
if (!file) throw new Error('EVENTFLOW_TRACE_FILE is not set: where should the spans go?');

/** The parts of a span a test reads, one JSON line each. */
export interface SpanLine {
  readonly pid: number;
  readonly name: string;
  readonly kind: number;
  readonly traceId: string;
  readonly spanId: string;
  readonly parentSpanId?: string;
  readonly attributes: Record<string, unknown>;
}

const lineOf = (span: ReadableSpan): SpanLine => ({
  pid: process.pid,
  name: span.name,
  kind: span.kind,
  traceId: span.spanContext().traceId,
  spanId: span.spanContext().spanId,
  ...(span.parentSpanContext ? { parentSpanId: span.parentSpanContext.spanId } : {}),
  attributes: { ...span.attributes },
});

const toFile: SpanExporter = {
  export(spans: ReadableSpan[], done: (result: ExportResult) => void) {
    appendFileSync(file, spans.map((span) => `${JSON.stringify(lineOf(span))}\n`).join(''));
    done({ code: ExportResultCode.SUCCESS });
  },
  shutdown: async () => {},
};

context.setGlobalContextManager(new AsyncLocalStorageContextManager().enable());
propagation.setGlobalPropagator(new W3CTraceContextPropagator());
trace.setGlobalTracerProvider(new BasicTracerProvider({ spanProcessors: [new SimpleSpanProcessor(toFile)] }));
