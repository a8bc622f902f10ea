// The message that travels between machines. The runtime fills in every field; .flow authors never
// write correlation data (see the conversation-context seed).
import type { ValidationRule } from '@eventflow/language';

/** Who sent or should receive an envelope. */
export interface Address {
  /** `@order`, or an external actor such as `@customer`. */
  readonly machine: string;
  /** The instance, when known: `order-k2x9q1m7za`. */
  readonly aggregate_id?: string;
  /** For external callers: an id the caller supplies (`@reviewer.id`). */
  readonly actor_id?: string;
}

/** An event on its way between machines: what the transport carries. */
export interface Envelope {
  /** Unique event id; the store deduplicates on it, so redelivery never applies twice. */
  readonly id: string;
  /** `:payment_request` (keeps its colon). */
  readonly event: string;
  readonly conversation_id: string;
  readonly from: Address;
  readonly to: Address;
  readonly data: Readonly<Record<string, unknown>>;
  /** ISO-8601. */
  readonly timestamp: string;
  /** Sent through the public ingress to an `(api)` handler. */
  readonly api?: boolean;
  /** Delivery not before this instant (ISO-8601), for `schedule :e for N seconds`. */
  readonly not_before?: string;
  /** Validation rules the sender declared per field (`with:` validation column); the receiver checks them. */
  readonly rules?: Readonly<Record<string, readonly ValidationRule[]>>;
  /** Id of the envelope whose handling emitted this one (tracing). */
  readonly causation_id?: string;
  /**
   * The OpenTelemetry trace the envelope belongs to (W3C trace context). Set at `send()` from the
   * caller's active span; while the envelope is handled, the shell sets it to the handling span,
   * and the step copies it onto every envelope the handler makes. Absent when nothing traces.
   */
  readonly trace?: TraceCarrier;
}

/** W3C trace context headers, as an OpenTelemetry propagator writes them. */
export interface TraceCarrier {
  /** `00-<trace id>-<span id>-<flags>` */
  readonly traceparent: string;
  readonly tracestate?: string;
}

/** The routing key a transport must keep ordered: the target aggregate, else the conversation. */
export function orderingKey(envelope: Envelope): string {
  return envelope.to.aggregate_id ?? envelope.conversation_id;
}
