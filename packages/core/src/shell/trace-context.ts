// The W3C trace context an envelope carries: written from an OpenTelemetry context when an event is
// sent or handled, read back when it is handled, through the propagator the application registered
// (none registered: nothing is written, and an envelope's carrier passes on unchanged).
import { context, isSpanContextValid, propagation, ROOT_CONTEXT, trace, type Context, type Span } from '@opentelemetry/api';
import type { Envelope, TraceCarrier } from '../envelope.ts';

/** The trace of `ctx` as W3C headers; undefined when it has no span or no propagator writes one. */
export function carrierOf(ctx: Context): TraceCarrier | undefined {
  const span = trace.getSpan(ctx);
  if (span === undefined || !isSpanContextValid(span.spanContext())) return undefined;
  const headers: Record<string, string> = {};
  propagation.inject(ctx, headers);
  const traceparent = headers['traceparent'];
  if (traceparent === undefined) return undefined;
  const tracestate = headers['tracestate'];
  return tracestate ? { traceparent, tracestate } : { traceparent };
}

/** The trace of the caller's active span (at `send()`). */
export function activeCarrier(): TraceCarrier | undefined {
  return carrierOf(context.active());
}

/** The context an envelope's handling span starts in: its carrier's, else the caller's active one. */
export function parentOf(envelope: Envelope): Context {
  return envelope.trace ? propagation.extract(ROOT_CONTEXT, envelope.trace) : context.active();
}

/** The envelope as handled inside `span`: carrying that span's trace, for the step to pass on. */
export function handledIn(envelope: Envelope, span: Span): Envelope {
  if (!isSpanContextValid(span.spanContext())) return envelope;
  const carrier = carrierOf(trace.setSpan(ROOT_CONTEXT, span));
  return carrier ? { ...envelope, trace: carrier } : envelope;
}
