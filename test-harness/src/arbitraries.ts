// Generated contents of records and envelopes: JSON data of every kind (json-data.ts), envelopes
// with and without `rules`, no null prototypes, keys safe for document stores (no `$`, no `.`),
// optional fields absent rather than `undefined`.
import fc from 'fast-check';
import type { Address, Envelope, Outcome, Snapshot, StoredRecord } from '@eventflow/core';
import { jsonData, jsonKey, jsonNumber, jsonText } from './json-data.ts';

export { jsonData };

const plain = { noNullPrototype: true } as const;
const key = jsonKey;
const word = fc.stringMatching(/^[a-z][a-z0-9-]{0,9}$/);

/** The `with:` validation rules a sender declares per field: names, arguments of any JSON text or number. */
export const rules: fc.Arbitrary<NonNullable<Envelope['rules']>> = fc.dictionary(
  key,
  fc.array(
    fc.record({ name: word, args: fc.array(fc.oneof(jsonText, jsonNumber), { maxLength: 2 }), text: jsonText }, plain),
    { minLength: 1, maxLength: 2 },
  ),
  { minKeys: 1, maxKeys: 2, ...plain },
);

export const isoTimestamp = fc
  .date({ min: new Date('2000-01-01T00:00:00.000Z'), max: new Date('2099-12-31T23:59:59.999Z'), noInvalidDate: true })
  .map((date) => date.toISOString());

/** In the past, so a transport that honours `not_before` delivers at once. */
const pastTimestamp = fc
  .date({ min: new Date('2000-01-01T00:00:00.000Z'), max: new Date('2020-01-01T00:00:00.000Z'), noInvalidDate: true })
  .map((date) => date.toISOString());

export const address: fc.Arbitrary<Address> = fc.record(
  { machine: word.map((w) => `@${w}`), aggregate_id: word, actor_id: word },
  { requiredKeys: ['machine'], ...plain },
);

/** Everything of an envelope but `id` and `to`, which a test decides. */
export type EnvelopeContent = Omit<Envelope, 'id' | 'to'>;

export const envelopeContent: fc.Arbitrary<EnvelopeContent> = fc.record(
  {
    event: word.map((w) => `:${w}`),
    conversation_id: word,
    from: address,
    data: jsonData,
    timestamp: isoTimestamp,
    api: fc.boolean(),
    not_before: pastTimestamp,
    rules,
    causation_id: word,
  },
  { requiredKeys: ['event', 'conversation_id', 'from', 'data', 'timestamp'], ...plain },
);

export const envelope: fc.Arbitrary<Envelope> = fc
  .tuple(word, address, envelopeContent)
  .map(([id, to, content]) => ({ id, to, ...content }));

export const outcome: fc.Arbitrary<Outcome> = fc.record(
  {
    state_after: word.map((w) => `#${w}`),
    context_patch: fc.record({ set: jsonData, unset: fc.array(key, { maxLength: 2 }) }, plain),
    states_entered: fc.array(word.map((w) => `#${w}`), { maxLength: 3 }),
    emitted: fc.array(envelope, { maxLength: 3 }),
    reply: fc.record({ status: fc.constantFrom(200, 201, 202, 400, 404, 409), body: jsonData }, plain),
  },
  { requiredKeys: ['state_after', 'context_patch', 'states_entered', 'emitted'], ...plain },
);

/** Everything of a record but where it goes (aggregate, machine, seq) and its event id. */
export type RecordContent = Omit<StoredRecord, 'aggregate_id' | 'machine' | 'seq' | 'event_id'>;

export const recordContent: fc.Arbitrary<RecordContent> = fc.record(
  {
    event_type: word.map((w) => `:${w}`),
    data: jsonData,
    conversation_id: word,
    from: address,
    timestamp: isoTimestamp,
    outcome,
  },
  { requiredKeys: ['event_type', 'data', 'timestamp', 'outcome'], ...plain },
);

export interface RecordPlace {
  readonly aggregate_id: string;
  readonly machine: string;
  readonly seq: number;
  readonly event_id: string;
}

export function toRecord(place: RecordPlace, content: RecordContent): StoredRecord {
  return { ...place, ...content };
}

/** A fixed record for example tests; `emits` outbox envelopes. */
export function sampleRecord(place: RecordPlace, emits = 0): StoredRecord {
  return toRecord(place, {
    event_type: ':placed',
    data: { amount: 42, items: ['a', 'b'], nested: { ok: true, none: null } },
    conversation_id: `conv-${place.event_id}`,
    from: { machine: '@customer', actor_id: 'c-1' },
    timestamp: '2025-03-01T12:00:00.000Z',
    outcome: {
      state_after: '#placed',
      context_patch: { set: { amount: 42 }, unset: ['draft'] },
      states_entered: ['#placed'],
      emitted: Array.from({ length: emits }, (_, i) => sampleEnvelope(`${place.event_id}-out-${i}`, '@payment', 'pay-1')),
      reply: { status: 201, body: { id: place.aggregate_id } },
    },
  });
}

/** Records seq expectedSeq+1.. for a list of event ids. */
export function sampleBatch(aggregateId: string, expectedSeq: number, eventIds: readonly string[], emits = 0): StoredRecord[] {
  return eventIds.map((eventId, i) =>
    sampleRecord({ aggregate_id: aggregateId, machine: '@order', seq: expectedSeq + i + 1, event_id: eventId }, emits),
  );
}

export function sampleEnvelope(id: string, machine: string, aggregateId?: string): Envelope {
  return {
    id,
    event: ':payment_request',
    conversation_id: `conv-${id}`,
    from: { machine: '@order', aggregate_id: 'order-1' },
    to: aggregateId === undefined ? { machine } : { machine, aggregate_id: aggregateId },
    data: { amount: 10 },
    timestamp: '2025-03-01T12:00:00.000Z',
  };
}

/** Everything of a snapshot but whose it is and its seq. */
export const snapshotContent: fc.Arbitrary<Omit<Snapshot, 'aggregate_id' | 'machine' | 'seq'>> = fc.record(
  {
    state: word.map((w) => `#${w}`),
    context: jsonData,
    history: fc.array(word.map((w) => `#${w}`), { maxLength: 3 }),
    links: fc.dictionary(word.map((w) => `@${w}`), fc.array(fc.record({ aggregate_id: word, conversation_id: word }, plain), { maxLength: 2 }), { maxKeys: 2, ...plain }),
    conversations: fc.array(fc.record({ id: word, peer: address.map(({ machine, aggregate_id }) => (aggregate_id === undefined ? { machine } : { machine, aggregate_id })) }, plain), { maxLength: 2 }),
    definition_version: word,
  },
  { requiredKeys: ['state', 'context', 'history', 'links', 'conversations'], ...plain },
);
