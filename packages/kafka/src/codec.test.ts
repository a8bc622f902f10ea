import type { Envelope } from '@eventflow/core';
import { expect, test } from 'vitest';
import { decodeEnvelope, encodeEnvelope } from './codec.ts';
import { topicName } from './topics.ts';

const full: Envelope = {
  id: 'e1',
  event: ':paid',
  conversation_id: 'c1',
  from: { machine: '@order', aggregate_id: 'o1' },
  to: { machine: '@payment', aggregate_id: 'p1', actor_id: 'a' },
  data: { amount: 1.5, tags: ['x'], nested: { ok: true }, none: null },
  timestamp: '2025-01-01T00:00:00.000Z',
  api: true,
  not_before: '2025-01-01T00:00:05.000Z',
  causation_id: 'e0',
  rules: { amount: [{ name: 'between', args: [0, 3], text: 'between 0 and 3' }] },
  trace: { traceparent: '00-4bf92f3577b34da6a3ce929d0e0e4736-00f067aa0ba902b7-01', tracestate: 'vendor=1' },
};

/** What kafkajs hands a consumer: header values as Buffers. */
function received(envelope: Envelope, offset = '7') {
  const message = encodeEnvelope(envelope);
  const headers = Object.fromEntries(Object.entries(message.headers ?? {}).map(([k, v]) => [k, Buffer.from(String(v))]));
  return { headers, value: Buffer.from(String(message.value)), offset };
}

test('key is the ordering key, value the data, headers the rest', () => {
  const message = encodeEnvelope(full);
  expect(message.key).toBe('p1');
  expect(JSON.parse(String(message.value))).toEqual(full.data);
  expect(Object.keys(message.headers ?? {}).sort()).toEqual(
    ['api', 'causation_id', 'conversation_id', 'event', 'from', 'id', 'not_before', 'rules', 'timestamp', 'to', 'traceparent', 'tracestate'],
  );
  expect(message.headers?.['traceparent']).toBe(full.trace?.traceparent);
  expect(encodeEnvelope({ ...full, to: { machine: '@payment' } }).key).toBe('c1');
});

test('decode(encode(e)) deep-equals e, with and without the optional fields', () => {
  expect(decodeEnvelope(received(full))).toEqual(full);
  const { api: _a, not_before: _n, causation_id: _c, rules: _r, trace: _t, ...minimal } = full;
  const decoded = decodeEnvelope(received(minimal));
  expect(decoded).toEqual(minimal);
  expect(Object.keys(decoded)).not.toContain('api');
  expect(decodeEnvelope(received({ ...full, api: false })).api).toBe(false);
  const parentOnly = { ...full, trace: { traceparent: full.trace?.traceparent as string } };
  expect(decodeEnvelope(received(parentOnly))).toEqual(parentOnly);
});

test('a message without envelope headers is rejected with INVALID_ENVELOPE', () => {
  expect(() => decodeEnvelope({ headers: {}, value: Buffer.from('{}'), offset: '3' })).toThrow(
    expect.objectContaining({ code: 'INVALID_ENVELOPE', message: "Kafka message at offset 3 has no 'id' header: not an EventFlow envelope." }),
  );
  const bad = received(full);
  bad.headers.from = Buffer.from('{oops');
  expect(() => decodeEnvelope(bad)).toThrow("Kafka message at offset 7: header 'from' is not JSON.");
});

test('addresses written by another producer are read with only the known fields, absent rather than null', () => {
  const foreign = received(full);
  foreign.headers.from = Buffer.from(JSON.stringify({ machine: '@order', aggregate_id: null, actor_id: '', extra: 1 }));
  foreign.headers.to = Buffer.from(JSON.stringify({ machine: '@payment', aggregate_id: 'p1' }));
  const decoded = decodeEnvelope(foreign);
  expect(decoded.from).toEqual({ machine: '@order' });
  expect(Object.keys(decoded.from)).toEqual(['machine']);
  expect(decoded.to).toEqual({ machine: '@payment', aggregate_id: 'p1' });
  const nameless = received(full);
  nameless.headers.to = Buffer.from('{"aggregate_id":"p1"}');
  expect(() => decodeEnvelope(nameless)).toThrow(expect.objectContaining({ code: 'INVALID_ENVELOPE', message: "Kafka message at offset 7: header 'to' has no machine." }));
});

test('topic names: prefix + machine without @; illegal names are refused', () => {
  expect(topicName('eventflow.', '@order')).toBe('eventflow.order');
  expect(() => topicName('eventflow.', '@order lines')).toThrow(expect.objectContaining({ code: 'INVALID_TOPIC' }));
});

test('a message value that is not a JSON object within the payload limits is refused with INVALID_PAYLOAD', () => {
  const withValue = (value: string) => ({ ...received(full), value: Buffer.from(value) });
  const refusal = (value: string, limits?: Parameters<typeof decodeEnvelope>[1]) => {
    try {
      decodeEnvelope(withValue(value), limits);
    } catch (error) {
      return { code: (error as { code?: string }).code, message: (error as Error).message };
    }
    return 'decoded';
  };
  expect(refusal('null')).toEqual({ code: 'INVALID_PAYLOAD', message: 'data: null is not an object (send an object, or no data at all)' });
  expect(refusal('[1]')).toEqual({ code: 'INVALID_PAYLOAD', message: 'data: an array is not an object (send an object, or no data at all)' });
  expect(refusal(`{"a":${'['.repeat(10_000)}${']'.repeat(10_000)}}`)).toEqual({ code: 'INVALID_PAYLOAD', message: 'data: nesting deeper than 64' });
  expect(refusal(JSON.stringify({ s: 'x'.repeat(1 << 20) }))).toEqual({ code: 'INVALID_PAYLOAD', message: 'data: larger than 1,048,576 characters as JSON' });
  expect(refusal('{"a":[[1]]}', { maxDepth: 2 })).toEqual({ code: 'INVALID_PAYLOAD', message: 'data: nesting deeper than 2' });
  expect(refusal('{"a":[[1]]}', { maxDepth: 3 })).toBe('decoded');
  // Headers first: a message that is not an envelope at all says so, whatever its value.
  expect(() => decodeEnvelope({ headers: {}, value: Buffer.from('null'), offset: '3' })).toThrow(expect.objectContaining({ code: 'INVALID_ENVELOPE' }));
});
