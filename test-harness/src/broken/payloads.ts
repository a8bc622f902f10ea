// Payload codecs with one bug each, as a store or a transport might have them: they change what a
// sender wrote in `data` (and a snapshot's context) on its way to storage or over the wire.
import type { Envelope, Snapshot, StoredRecord } from '@eventflow/core';

/** Changes one JSON value the way a lossy codec would. */
export type Mangle = (value: unknown) => unknown;

function mapLeaves(value: unknown, leaf: (value: unknown) => unknown): unknown {
  if (Array.isArray(value)) return value.map((inner) => mapLeaves(inner, leaf));
  if (value !== null && typeof value === 'object') return Object.fromEntries(Object.entries(value).map(([key, inner]) => [key, mapLeaves(inner, leaf)]));
  return leaf(value);
}

const numbers = (change: (n: number) => number): Mangle => (value) => mapLeaves(value, (leaf) => (typeof leaf === 'number' ? change(leaf) : leaf));

export const MANGLES: Readonly<Record<string, Mangle>> = {
  /** Objects and arrays below the third level come back empty (a depth-limited serialiser). */
  'loses nested data': function shallow(value: unknown, depth = 0): unknown {
    if (value === null || typeof value !== 'object') return value;
    if (depth >= 3) return Array.isArray(value) ? [] : {};
    if (Array.isArray(value)) return value.map((inner) => shallow(inner, depth + 1));
    return Object.fromEntries(Object.entries(value).map(([key, inner]) => [key, shallow(inner, depth + 1)]));
  } as Mangle,
  /** Text stored as latin1: every character above U+00FF is cut to its low byte. */
  'writes strings as latin1': (value) => mapLeaves(value, (leaf) => (typeof leaf === 'string' ? Buffer.from(leaf, 'latin1').toString('latin1') : leaf)),
  /** Numbers kept as 32-bit floats. */
  'keeps numbers as float32': numbers(Math.fround),
  /** Numbers kept as 32-bit integers. */
  'keeps numbers as int32': numbers((n) => n | 0),
  /** Numbers read back with parseInt (1e21 becomes 1). */
  'reads numbers with parseInt': numbers((n) => parseInt(String(n), 10)),
};

export function mangleEnvelope(envelope: Envelope, mangle: Mangle): Envelope {
  return { ...envelope, data: mangle(envelope.data) as Envelope['data'] };
}

export function mangleRecord(record: StoredRecord, mangle: Mangle): StoredRecord {
  const { outcome } = record;
  return {
    ...record,
    data: mangle(record.data) as StoredRecord['data'],
    outcome: {
      ...outcome,
      context_patch: { ...outcome.context_patch, set: mangle(outcome.context_patch.set) as StoredRecord['data'] },
      emitted: outcome.emitted.map((envelope) => mangleEnvelope(envelope, mangle)),
      ...(outcome.reply === undefined ? {} : { reply: { ...outcome.reply, body: mangle(outcome.reply.body) as StoredRecord['data'] } }),
    },
  };
}

export function mangleSnapshot(snapshot: Snapshot, mangle: Mangle): Snapshot {
  return { ...snapshot, context: mangle(snapshot.context) as Snapshot['context'] };
}

/** The envelope without its `rules` field. */
export function withoutRules({ rules: _dropped, ...rest }: Envelope): Envelope {
  return rest;
}
