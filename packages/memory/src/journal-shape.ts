// What each journal line must hold for the store to replay it. A line that parses as JSON but lacks
// a field (an edited or foreign file) is named here field by field, instead of failing later inside
// replay with a TypeError.
import { checkPayload, isPayloadError, type PayloadLimits } from '@eventflow/core';

/**
 * Stored payloads were written by this runtime, whose handlers may nest one payload inside another:
 * a stored line may nest deeper than a sent payload and be of any size. The bound only refuses a file
 * deep enough to exhaust the stack of whatever reads it next.
 */
const STORED_PAYLOADS: PayloadLimits = { maxDepth: 1_000, maxSize: Number.POSITIVE_INFINITY };

/** Thrown by the checks; the message starts with the path inside the line (`record.outcome.emitted[0].to`). */
export class ShapeProblem {
  readonly message: string;
  constructor(message: string) {
    this.message = message;
  }
}

type Fields = Record<string, unknown>;

/** The line's kind after checking every field replay reads. */
export function checkLine(line: unknown): 'record' | 'dispatched' | 'snapshot' {
  const fields = object(line, 'the line');
  const kind = fields['kind'];
  if (kind === 'record') {
    if (typeof fields['commit'] !== 'boolean') throw missing('commit', 'true or false', fields['commit']);
    checkRecord(object(fields['record'], 'record'), 'record');
  } else if (kind === 'dispatched') {
    text(fields, 'aggregate_id', '');
    positive(fields, 'seq', '');
  } else if (kind === 'snapshot') {
    checkSnapshot(object(fields['snapshot'], 'snapshot'), 'snapshot.');
  } else {
    throw missing('kind', '"record", "dispatched" or "snapshot"', kind);
  }
  return kind;
}

function checkRecord(record: Fields, at: string): void {
  const prefix = `${at}.`;
  for (const key of ['aggregate_id', 'machine', 'event_id', 'event_type', 'timestamp']) text(record, key, prefix);
  positive(record, 'seq', prefix);
  payload(record['data'], `${prefix}data`);
  if (record['conversation_id'] !== undefined) text(record, 'conversation_id', prefix);
  if (record['from'] !== undefined) address(record['from'], `${prefix}from`);
  const outcome = object(record['outcome'], `${prefix}outcome`);
  text(outcome, 'state_after', `${prefix}outcome.`);
  const patch = object(outcome['context_patch'], `${prefix}outcome.context_patch`);
  object(patch['set'], `${prefix}outcome.context_patch.set`);
  texts(patch['unset'], `${prefix}outcome.context_patch.unset`);
  texts(outcome['states_entered'], `${prefix}outcome.states_entered`);
  list(outcome['emitted'], `${prefix}outcome.emitted`).forEach((envelope, i) => checkEnvelope(object(envelope, `${prefix}outcome.emitted[${i}]`), `${prefix}outcome.emitted[${i}].`));
  if (outcome['reply'] !== undefined) {
    const reply = object(outcome['reply'], `${prefix}outcome.reply`);
    if (typeof reply['status'] !== 'number') throw missing(`${prefix}outcome.reply.status`, 'a number', reply['status']);
    object(reply['body'], `${prefix}outcome.reply.body`);
  }
}

function checkEnvelope(envelope: Fields, prefix: string): void {
  for (const key of ['id', 'event', 'conversation_id', 'timestamp']) text(envelope, key, prefix);
  address(envelope['from'], `${prefix}from`);
  address(envelope['to'], `${prefix}to`);
  payload(envelope['data'], `${prefix}data`);
}

function checkSnapshot(snapshot: Fields, prefix: string): void {
  for (const key of ['aggregate_id', 'machine', 'state']) text(snapshot, key, prefix);
  if (!Number.isInteger(snapshot['seq']) || (snapshot['seq'] as number) < 0) throw missing(`${prefix}seq`, 'a seq (0, 1, 2 ...)', snapshot['seq']);
  object(snapshot['context'], `${prefix}context`);
  texts(snapshot['history'], `${prefix}history`);
  object(snapshot['links'], `${prefix}links`);
  list(snapshot['conversations'], `${prefix}conversations`);
}

function address(value: unknown, field: string): void {
  text(object(value, field), 'machine', `${field}.`);
}

function payload(value: unknown, field: string): void {
  try {
    checkPayload(value, STORED_PAYLOADS, field);
  } catch (error) {
    if (!isPayloadError(error)) throw error;
    throw new ShapeProblem(error.message);
  }
}

function object(value: unknown, field: string): Fields {
  if (value === null || typeof value !== 'object' || Array.isArray(value)) throw missing(field, 'an object', value);
  return value as Fields;
}

function list(value: unknown, field: string): unknown[] {
  if (!Array.isArray(value)) throw missing(field, 'a list', value);
  return value;
}

function texts(value: unknown, field: string): void {
  list(value, field).forEach((item, i) => {
    if (typeof item !== 'string') throw missing(`${field}[${i}]`, 'a string', item);
  });
}

function text(fields: Fields, key: string, prefix: string): void {
  if (typeof fields[key] !== 'string' || fields[key] === '') throw missing(`${prefix}${key}`, 'a non-empty string', fields[key]);
}

function positive(fields: Fields, key: string, prefix: string): void {
  const value = fields[key];
  if (!Number.isInteger(value) || (value as number) < 1) throw missing(`${prefix}${key}`, 'a seq (1, 2, 3 ...)', value);
}

function missing(field: string, expected: string, found: unknown): ShapeProblem {
  if (found === undefined) return new ShapeProblem(`${field} is missing (expected ${expected})`);
  const shown = found === null ? 'null' : Array.isArray(found) ? 'a list' : typeof found === 'object' ? 'an object' : JSON.stringify(found);
  return new ShapeProblem(`${field} should be ${expected}, found ${shown.length > 40 ? `${shown.slice(0, 37)}...` : shown}`);
}
