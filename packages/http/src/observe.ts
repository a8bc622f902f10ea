// One span, one duration measurement and one log line per HTTP request, which it also counts in
// flight (for a drain). The span is active while the route runs, so
// `runtime.send` runs inside it: spans the core starts for handled events become its children, and
// a `traceparent` header from the caller makes the request part of the caller's trace.
import { context, metrics, propagation, SpanKind, SpanStatusCode, trace, type TextMapGetter } from '@opentelemetry/api';
import type { MiddlewareHandler } from 'hono';
import { routePath } from 'hono/route';
import { spanAttributes, type EventFields } from './attributes.ts';
import type { InFlight } from './in-flight.ts';

/** The pino-compatible slice of a logger the app writes to: `(fields, message)`. */
export interface Logger {
  info(fields: object, message?: string): void;
  warn(fields: object, message?: string): void;
  error(fields: object, message?: string): void;
}

/** A logger that writes nothing. */
export const SILENT: Logger = { info() {}, warn() {}, error() {} };

/** What a route found out about the event it handled, for the span and the log line. */
export type RequestFields = { event: EventFields; error?: unknown };

declare module 'hono' {
  interface ContextVariableMap {
    eventflow: RequestFields;
    /** Names the request in the log and in a 500's body. */
    requestId: string;
  }
}

const headerGetter: TextMapGetter<Headers> = {
  keys: (headers) => [...headers.keys()],
  get: (headers, key) => headers.get(key) ?? undefined,
};

const VERSION = '0.1.0';

/** A caller's X-Request-Id is kept when it looks like one; otherwise a new one is made. */
const REQUEST_ID = /^[\w.:-]{1,128}$/;

export function observeRequests(logger: Logger, inFlight: InFlight): MiddlewareHandler {
  const tracer = trace.getTracer('@eventflow/http', VERSION);
  const duration = metrics.getMeter('@eventflow/http', VERSION).createHistogram('http.server.request.duration', { unit: 's', description: 'Time to answer an HTTP request' });
  return async (c, next) => {
    const started = performance.now();
    const fields: RequestFields = { event: {} };
    c.set('eventflow', fields);
    const given = c.req.header('x-request-id');
    c.set('requestId', given !== undefined && REQUEST_ID.test(given) ? given : crypto.randomUUID());
    inFlight.enter();
    const parent = propagation.extract(context.active(), c.req.raw.headers, headerGetter);
    const method = c.req.method;
    await tracer.startActiveSpan(method, { kind: SpanKind.SERVER, attributes: { 'http.request.method': method, 'url.path': c.req.path } }, parent, async (span) => {
      try {
        await next();
      } finally {
        inFlight.leave();
        const status = c.res.status;
        // Without an SDK the span records nothing: skip building its attributes.
        if (span.isRecording()) {
          const route = routePath(c, -1);
          span.updateName(`${method} ${route}`);
          span.setAttribute('http.route', route);
          span.setAttribute('http.response.status_code', status);
          span.setAttributes(spanAttributes(fields.event));
          if (status >= 500) span.setStatus({ code: SpanStatusCode.ERROR });
        }
        span.end();
        const elapsed = performance.now() - started;
        duration.record(elapsed / 1000, { 'http.request.method': method, 'http.route': routePath(c, -1), 'http.response.status_code': status });
        const line = { req_id: c.get('requestId'), method, path: c.req.path, status, duration_ms: Math.round(elapsed * 10) / 10, ...fields.event };
        if (fields.error !== undefined) logger.error({ ...line, err: fields.error }, 'request failed');
        else logger.info(line, 'request');
      }
    });
  };
}
