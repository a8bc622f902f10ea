// Envelope <-> Kafka message. Key: the ordering key (target aggregate, else conversation), so one
// aggregate's envelopes land on one partition in publish order. Value: JSON of `data`. Headers:
// every other envelope field, as UTF-8 text; objects (`from`, `to`, `rules`) as JSON. Optional
// fields that are absent get no header, so the consumer rebuilds a deep-equal envelope.
import { checkPayload, DEFAULT_PAYLOAD_LIMITS, EventFlowError, orderingKey, type Address, type Envelope, type PayloadLimits } from '@eventflow/core';
import type { IHeaders, KafkaMessage, Message } from 'kafkajs';

/** Header names, one per envelope field other than `data`. */
export const HEADERS = {
  id: 'id',
  event: 'event',
  conversationId: 'conversation_id',
  from: 'from',
  to: 'to',
  timestamp: 'timestamp',
  api: 'api',
  notBefore: 'not_before',
  causationId: 'causation_id',
  rules: 'rules',
  /** W3C trace context, under its standard names so other Kafka tooling reads it too. */
  traceparent: 'traceparent',
  tracestate: 'tracestate',
} as const;

export function encodeEnvelope(envelope: Envelope): Message {
  const headers: Record<string, string> = {
    [HEADERS.id]: envelope.id,
    [HEADERS.event]: envelope.event,
    [HEADERS.conversationId]: envelope.conversation_id,
    [HEADERS.from]: JSON.stringify(envelope.from),
    [HEADERS.to]: JSON.stringify(envelope.to),
    [HEADERS.timestamp]: envelope.timestamp,
  };
  if (envelope.api !== undefined) headers[HEADERS.api] = String(envelope.api);
  if (envelope.not_before !== undefined) headers[HEADERS.notBefore] = envelope.not_before;
  if (envelope.causation_id !== undefined) headers[HEADERS.causationId] = envelope.causation_id;
  if (envelope.rules !== undefined) headers[HEADERS.rules] = JSON.stringify(envelope.rules);
  if (envelope.trace !== undefined) {
    headers[HEADERS.traceparent] = envelope.trace.traceparent;
    if (envelope.trace.tracestate !== undefined) headers[HEADERS.tracestate] = envelope.trace.tracestate;
  }
  return { key: orderingKey(envelope), value: JSON.stringify(envelope.data), headers };
}

/**
 * Rebuilds the published envelope; throws INVALID_ENVELOPE when a required header is missing or
 * unreadable, and INVALID_PAYLOAD when the value is not a JSON object within `limits`.
 */
export function decodeEnvelope(message: Pick<KafkaMessage, 'headers' | 'value' | 'offset'>, limits: PayloadLimits = DEFAULT_PAYLOAD_LIMITS): Envelope {
  const read = headerReader(message.headers ?? {}, message.offset);
  const envelope: { -readonly [K in keyof Envelope]: Envelope[K] } = {
    id: read.required(HEADERS.id),
    event: read.required(HEADERS.event),
    conversation_id: read.required(HEADERS.conversationId),
    from: read.address(HEADERS.from),
    to: read.address(HEADERS.to),
    data: readData(message, limits),
    timestamp: read.required(HEADERS.timestamp),
  };
  const api = read.optional(HEADERS.api);
  if (api !== undefined) envelope.api = api === 'true';
  const notBefore = read.optional(HEADERS.notBefore);
  if (notBefore !== undefined) envelope.not_before = notBefore;
  const causationId = read.optional(HEADERS.causationId);
  if (causationId !== undefined) envelope.causation_id = causationId;
  if (read.optional(HEADERS.rules) !== undefined) envelope.rules = read.json(HEADERS.rules);
  const traceparent = read.optional(HEADERS.traceparent);
  if (traceparent !== undefined) {
    const tracestate = read.optional(HEADERS.tracestate);
    envelope.trace = tracestate === undefined ? { traceparent } : { traceparent, tracestate };
  }
  return envelope;
}

/** The value as the envelope's data, once the headers said it is an envelope. */
function readData(message: Pick<KafkaMessage, 'value' | 'offset'>, limits: PayloadLimits): Envelope['data'] {
  const data = parseJson(message.value?.toString('utf8') ?? 'null', 'the message value', message.offset);
  checkPayload(data, limits);
  return data as Envelope['data'];
}

function headerReader(headers: IHeaders, offset: string) {
  const optional = (name: string): string | undefined => {
    const raw = headers[name];
    const value = Array.isArray(raw) ? raw[0] : raw;
    return value === undefined || value === null ? undefined : value.toString();
  };
  const required = (name: string): string => {
    const value = optional(name);
    if (value === undefined) {
      throw new EventFlowError('INVALID_ENVELOPE', `Kafka message at offset ${offset} has no '${name}' header: not an EventFlow envelope.`);
    }
    return value;
  };
  // The caller knows which type the JSON header holds; the publisher wrote it with JSON.stringify.
  const json = <T>(name: string): T => parseJson(required(name), `header '${name}'`, offset) as T;
  // Only the fields the runtime knows, absent rather than null: another producer may have written it.
  const address = (name: string): Address => {
    const raw = json<Record<string, unknown> | null>(name);
    if (typeof raw?.['machine'] !== 'string') {
      throw new EventFlowError('INVALID_ENVELOPE', `Kafka message at offset ${offset}: header '${name}' has no machine.`);
    }
    const found: { -readonly [K in keyof Address]: Address[K] } = { machine: raw['machine'] };
    if (typeof raw['aggregate_id'] === 'string' && raw['aggregate_id'] !== '') found.aggregate_id = raw['aggregate_id'];
    if (typeof raw['actor_id'] === 'string' && raw['actor_id'] !== '') found.actor_id = raw['actor_id'];
    return found;
  };
  return { optional, required, json, address };
}

function parseJson(text: string, what: string, offset: string): unknown {
  try {
    return JSON.parse(text);
  } catch (cause) {
    throw new EventFlowError('INVALID_ENVELOPE', `Kafka message at offset ${offset}: ${what} is not JSON.`, { cause });
  }
}
