// The names an event goes by in logs and spans: span attributes from the core's table, which its
// per-event spans use too, so an HTTP span and the handling spans under it read alike.
import { ATTRIBUTES, type SendResult } from '@eventflow/core';

export { ATTRIBUTES };

/** Log fields of an event (pino style: flat snake case). */
export interface EventFields {
  machine?: string;
  event?: string;
  aggregate_id?: string;
  conversation_id?: string;
  seq?: number;
}

export function fieldsOf(event: string, result: SendResult): EventFields {
  return { machine: result.machine, event, aggregate_id: result.aggregate_id, conversation_id: result.conversation_id, seq: result.seq };
}

/** The OpenTelemetry attributes of a handled event: machine, aggregate id, event, conversation and seq. */
export function spanAttributes(fields: EventFields): Record<string, string | number> {
  const attributes: Record<string, string | number> = {};
  if (fields.machine !== undefined) attributes[ATTRIBUTES.machine] = fields.machine;
  if (fields.event !== undefined) attributes[ATTRIBUTES.event] = fields.event;
  if (fields.aggregate_id !== undefined) attributes[ATTRIBUTES.aggregateId] = fields.aggregate_id;
  if (fields.conversation_id !== undefined) attributes[ATTRIBUTES.conversationId] = fields.conversation_id;
  if (fields.seq !== undefined) attributes[ATTRIBUTES.seq] = fields.seq;
  return attributes;
}
