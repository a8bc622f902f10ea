// The names a handled event goes by in spans and metrics, in one table shared by the core's spans
// and the HTTP service's (so a trace reads the same whichever process wrote a span).

/** Span and metric attribute names (OpenTelemetry style: namespaced, snake case). */
export const ATTRIBUTES = {
  machine: 'eventflow.machine',
  aggregateId: 'eventflow.aggregate_id',
  event: 'eventflow.event',
  eventId: 'eventflow.event_id',
  conversationId: 'eventflow.conversation_id',
  seq: 'eventflow.seq',
  /** What became of a handled event: `committed`, `duplicate`, `failed` or `deferred`. */
  outcome: 'eventflow.outcome',
} as const;
