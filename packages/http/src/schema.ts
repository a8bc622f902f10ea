// JSON Schema (2020-12, as OpenAPI 3.1 uses it) for payload fields and replies, from the .flow:
// validation rules become keywords; a custom rule becomes a note in the description.
import { interpretRule } from '@eventflow/core';
import type { KeyValue, Reply, ValidationRule } from '@eventflow/language';
import type { Contract } from './contract.ts';

/** A JSON Schema or OpenAPI object, as plain data. */
export type JsonSchema = Record<string, unknown>;

const TYPES = new Set(['string', 'number', 'integer', 'boolean', 'array', 'object']);
const FORMATS: Record<string, string> = { 'valid email': 'email', 'valid uuid': 'uuid', 'valid url': 'uri' };

/** One field's rules as a schema; `required` is reported separately (it belongs to the parent). */
export function fieldSchema(rules: readonly ValidationRule[]): { schema: JsonSchema; required: boolean } {
  const schema: JsonSchema = {};
  const notes: string[] = [];
  let required = false;
  for (const rule of rules) {
    const text = (rule.text || rule.name).trim();
    const { name, args } = interpretRule(text);
    const [a, b] = args as number[];
    if (name === 'required') required = true;
    else if (name === 'optional' || name === 'bail') continue;
    else if (TYPES.has(name)) schema['type'] = name;
    else if (name === 'greater than') schema['exclusiveMinimum'] = a;
    else if (name === 'less than') schema['exclusiveMaximum'] = a;
    else if (name === 'at least') schema['minimum'] = a;
    else if (name === 'at most') schema['maximum'] = a;
    else if (name === 'between') Object.assign(schema, { minimum: a, maximum: b });
    else if (name === 'min characters') schema['minLength'] = a;
    else if (name === 'max characters') schema['maxLength'] = a;
    else if (FORMATS[name]) Object.assign(schema, { type: 'string', format: FORMATS[name] });
    else if (name === 'one of') schema['enum'] = args;
    else notes.push(`custom rule '${text}'`);
  }
  if (required) schema['not'] = { type: 'null' };
  const described = [`Rules: ${rules.map((r) => (r.text || r.name).trim()).join(', ')}.`, ...notes.map((n) => `Checked by the ${n}.`)];
  return { schema: { ...schema, description: described.join(' ') }, required };
}

/** The request body of an endpoint: its fields (rules applied), the instance id field, anything else allowed. */
export function payloadSchema(contract: Contract, idField: string): JsonSchema {
  const properties: Record<string, JsonSchema> = {};
  const required: string[] = [];
  for (const field of contract.fields) properties[field] = { description: 'Read by the handler.' };
  for (const { field, rules } of contract.checked) {
    const built = fieldSchema(rules);
    properties[field] = built.schema;
    if (built.required) required.push(field);
  }
  properties[idField] ??= { $ref: '#/components/schemas/Id', description: 'The instance this event is for (instead of the path).' };
  return { type: 'object', properties, ...(required.length > 0 ? { required } : {}), additionalProperties: true };
}

/** The body a `reply` writes: its table's keys (values are computed, so of any type; `current_state` is a string). */
export function replySchema(reply: Reply): JsonSchema {
  if (reply.body.kind !== 'fields') return { type: 'object', description: reply.body.kind === 'none' ? 'Empty.' : `Built by ${reply.body.kind} '${reply.body.name}'.` };
  const properties: Record<string, JsonSchema> = {};
  for (const { key, value } of reply.body.fields as readonly KeyValue[]) {
    properties[key] = value.kind === 'CurrentState' ? { type: 'string', description: 'The state after the handler, without #.' } : literalSchema(value);
  }
  return { type: 'object', properties, required: Object.keys(properties) };
}

function literalSchema(value: KeyValue['value']): JsonSchema {
  if (value.kind === 'Literal') return value.value === null ? { type: 'null' } : { const: value.value };
  if (value.kind === 'Var') return { description: `$${value.path.join('.')}` };
  return {};
}
