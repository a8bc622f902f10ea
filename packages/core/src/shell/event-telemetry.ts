// One OpenTelemetry span per handled event, and the handler metrics (handler latency, conflicts).
// Only the OpenTelemetry API is used: everything here is a no-op until the application registers
// an SDK. Spans start when a batch reaches the pipeline and end when each event's result is known.
import { createNoopMeter, metrics, ProxyTracerProvider, SpanKind, SpanStatusCode, trace, type Attributes, type Counter, type Histogram, type Span, type Tracer } from '@opentelemetry/api';
import { ATTRIBUTES } from '../attributes.ts';
import type { Envelope } from '../envelope.ts';
import type { Handled, HandleOptions } from './batch.ts';
import { handledIn, parentOf } from './trace-context.ts';

const SCOPE = '@eventflow/core';
const VERSION = '0.1.0';

/** A runtime's tracer and instruments. */
export class EventTelemetry {
  private readonly tracer: Tracer;
  /** None when no meter provider was registered before the runtime started: nothing to record then. */
  private readonly latency: Histogram | undefined;
  private readonly conflicts: Counter;

  constructor() {
    this.tracer = trace.getTracer(SCOPE, VERSION);
    const meter = metrics.getMeter(SCOPE, VERSION);
    this.latency = meter === createNoopMeter() ? undefined : meter.createHistogram('eventflow.handler.duration', {
      unit: 's',
      description: 'Time from an event reaching the runtime to its result (decided and committed, or failed)',
    });
    this.conflicts = meter.createCounter('eventflow.conflicts', {
      description: 'Commits that met another writer of the same instance (the instance is reloaded and the event decided again)',
    });
  }

  /**
   * Starts a span per envelope, a child of the trace the envelope carries (else of the caller's).
   * Without a tracer provider no span is started: a span then records nothing and its trace is the
   * one the envelope already carries. Measured: starting them anyway costs ~15 % of
   * runtime-throughput's events/s (A/B, alternating processes).
   */
  begin(envelopes: readonly Envelope[], options: HandleOptions): EventSpans {
    if (!tracing()) return new EventSpans(envelopes, undefined, this.latency);
    const kind = options.delivered ? SpanKind.CONSUMER : SpanKind.INTERNAL;
    const spans = envelopes.map((envelope) => {
      const span = this.tracer.startSpan(`${envelope.to.machine} ${envelope.event}`, { kind }, parentOf(envelope));
      // Without an SDK the span records nothing: skip building what it would record.
      if (span.isRecording()) span.setAttributes(startAttributes(envelope));
      return span;
    });
    return new EventSpans(envelopes, spans, this.latency);
  }

  /** A commit of `machine`'s instance met another writer. */
  conflict(machine: string): void {
    this.conflicts.add(1, { [ATTRIBUTES.machine]: machine });
  }
}

/** The spans of one batch, by the envelopes' places in it. */
export class EventSpans {
  /** The batch as the step sees it: each envelope carrying its own span's trace, so what it emits continues it. */
  readonly envelopes: readonly Envelope[];
  private readonly spans: readonly Span[] | undefined;
  private readonly latency: Histogram | undefined;
  private readonly started: number;

  /** `spans`: none when nothing traces; `latency`: none when nothing measures. */
  constructor(envelopes: readonly Envelope[], spans: readonly Span[] | undefined, latency: Histogram | undefined) {
    this.spans = spans;
    this.latency = latency;
    this.started = latency ? performance.now() : 0;
    this.envelopes = spans ? envelopes.map((envelope, i) => handledIn(envelope, spans[i] as Span)) : envelopes;
  }

  /** Each event's result is known: its span gets the outcome and ends, its latency is recorded. */
  end(results: readonly Handled[]): void {
    const { spans, latency } = this;
    const seconds = latency ? (performance.now() - this.started) / 1000 : 0;
    for (let i = 0; i < this.envelopes.length; i++) {
      const result = results[i] as Handled;
      const envelope = this.envelopes[i] as Envelope;
      latency?.record(seconds, { [ATTRIBUTES.machine]: envelope.to.machine, [ATTRIBUTES.event]: envelope.event, [ATTRIBUTES.outcome]: result.kind });
      const span = spans?.[i];
      if (span === undefined) continue;
      if (span.isRecording()) describe(span, result);
      span.end();
    }
  }
}

/** A tracer provider is registered (through this copy of the API, or another one's). */
function tracing(): boolean {
  const provider = trace.getTracerProvider();
  return !(provider instanceof ProxyTracerProvider) || provider.getDelegateTracer(SCOPE, VERSION) !== undefined;
}

function startAttributes(envelope: Envelope): Attributes {
  const attributes: Attributes = {
    [ATTRIBUTES.machine]: envelope.to.machine,
    [ATTRIBUTES.event]: envelope.event,
    [ATTRIBUTES.eventId]: envelope.id,
    [ATTRIBUTES.conversationId]: envelope.conversation_id,
  };
  if (envelope.to.aggregate_id !== undefined) attributes[ATTRIBUTES.aggregateId] = envelope.to.aggregate_id;
  return attributes;
}

function describe(span: Span, result: Handled): void {
  span.setAttribute(ATTRIBUTES.outcome, result.kind);
  if (result.kind === 'committed' || result.kind === 'duplicate') {
    span.setAttribute(ATTRIBUTES.aggregateId, result.record.aggregate_id);
    span.setAttribute(ATTRIBUTES.seq, result.record.seq);
  } else if (result.kind === 'failed') {
    const error = result.error instanceof Error ? result.error : new Error(String(result.error));
    span.recordException(error);
    span.setStatus({ code: SpanStatusCode.ERROR, message: error.message });
  }
}
