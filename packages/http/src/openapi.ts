// The OpenAPI 3.1 document of a served system, generated from the .flow: a path per (api) event
// (payload fields with their validation rules, the replies its handlers write), and the read routes.
import type { SystemDefinition } from '@eventflow/core';
import { repliesOf } from './contract.ts';
import { endpointsOf, machineNouns, type Endpoint } from './endpoints.ts';
import { payloadSchema, replySchema, type JsonSchema } from './schema.ts';

/** Options of `openApiDocument`: the title and version it states. */
export interface OpenApiOptions {
  readonly title?: string;
  readonly version?: string;
  /** Adds the bearer / API-key security schemes and requires one of them everywhere. */
  readonly auth?: { readonly bearer: boolean; readonly apiKeyHeader?: string };
}

const PROBLEM = { $ref: '#/components/schemas/Problem' };
const problemResponse = (description: string) => ({ description, content: { 'application/problem+json': { schema: PROBLEM } } });
const json = (schema: JsonSchema) => ({ 'application/json': { schema } });

/** The OpenAPI 3.1 document of a system's endpoints, generated from its `.flow` files. */
export function openApiDocument(definition: SystemDefinition, options: OpenApiOptions = {}): JsonSchema {
  const paths: Record<string, Record<string, unknown>> = {};
  const add = (path: string, method: string, operation: unknown) => ((paths[path] ??= {})[method] = operation);
  for (const endpoint of endpointsOf(definition)) {
    add(`/${endpoint.noun}/${endpoint.name}`, 'post', eventOperation(endpoint, false));
    add(`/${endpoint.noun}/{id}/${endpoint.name}`, 'post', eventOperation(endpoint, true));
  }
  for (const { machine, noun } of machineNouns(definition)) {
    add(`/${noun}`, 'get', listOperation(machine, noun));
    add(`/${noun}/{id}`, 'get', instanceOperation(machine, noun));
    add(`/${noun}/{id}/history`, 'get', historyOperation(machine, noun));
  }
  add('/requests/{token}', 'get', pollOperation());
  const security = securityOf(options);
  return {
    openapi: '3.1.0',
    info: { title: options.title ?? 'EventFlow service', version: options.version ?? '0.1.0', description: 'Generated from the .flow files: one operation per (api) handler.' },
    paths,
    components: { schemas: SCHEMAS, ...(security ? { securitySchemes: security.schemes } : {}) },
    ...(security ? { security: security.requirement } : {}),
  };
}

function eventOperation(endpoint: Endpoint, byId: boolean): unknown {
  const responses: Record<string, unknown> = {};
  for (const reply of repliesOf(endpoint.handlers)) {
    const key = String(reply.status);
    const schema = replySchema(reply);
    const known = responses[key] as { content: { 'application/json': { schema: { oneOf?: unknown[] } } } } | undefined;
    if (known) known.content['application/json'].schema = { oneOf: [...(known.content['application/json'].schema.oneOf ?? [known.content['application/json'].schema]), schema] };
    else responses[key] = { description: `reply ${reply.status}${reply.reason ? ` ${reply.reason}` : ''}`, content: json(schema) };
  }
  if (Object.keys(responses).length === 0 || endpoint.handlers.some((h) => !repliesOf([h]).length)) {
    responses[endpoint.queued ? '202' : '200'] ??= { description: 'No reply written: the instance and its state.', content: json({ $ref: '#/components/schemas/Handled' }) };
  }
  responses['202'] ??= { description: 'The reply is still being worked out: poll the link.', content: json({ $ref: '#/components/schemas/Pending' }) };
  Object.assign(responses, {
    '400': problemResponse('Malformed JSON or a forbidden key (__proto__, constructor.prototype).'),
    '404': problemResponse('The named instance does not exist (the routing error text).'),
    '409': problemResponse(endpoint.creates ? 'Concurrent change.' : 'No instance named: this event needs one (the routing error text).'),
    '413': problemResponse('The body is over the size limit.'),
    '415': problemResponse('Not a JSON body.'),
    '422': problemResponse('Invalid payload: one entry per field in `errors`.'),
    '503': problemResponse('Draining, or a store or transport is unreachable.'),
  });
  const sender = endpoint.from ? ` from ${endpoint.from}` : '';
  return {
    operationId: `${endpoint.noun}_${byId ? 'id_' : ''}${endpoint.name}`,
    summary: `${endpoint.event} to ${endpoint.machine}${byId ? ' (an existing instance)' : endpoint.creates ? ' (creates an instance)' : ''}`,
    description: `Sends ${endpoint.event}${sender} to ${byId ? 'the instance in the path' : endpoint.creates ? 'a new instance, or the one the payload names' : `the instance the payload names (${endpoint.idField})`}.`,
    tags: [endpoint.machine],
    parameters: [...(byId ? [idParameter()] : []), { name: 'Idempotency-Key', in: 'header', required: false, schema: { $ref: '#/components/schemas/Id' }, description: 'Sending the same key again returns the first reply; nothing is stored twice.' }],
    requestBody: { required: false, content: json(payloadSchema(endpoint.contract, endpoint.idField)) },
    responses,
  };
}

function listOperation(machine: string, noun: string): unknown {
  return {
    operationId: `${noun}_list`,
    summary: `Instances of ${machine}, a page at a time`,
    tags: [machine],
    parameters: [
      { name: 'after', in: 'query', required: false, schema: { $ref: '#/components/schemas/Id' }, description: 'The last id of the previous page.' },
      { name: 'limit', in: 'query', required: false, schema: { type: 'integer', minimum: 1, maximum: 500, default: 50 } },
    ],
    responses: { '200': { description: 'A page of instances.', content: json({ $ref: '#/components/schemas/InstancePage' }) }, '422': problemResponse('Invalid paging parameters.') },
  };
}

function instanceOperation(machine: string, noun: string): unknown {
  return {
    operationId: `${noun}_get`,
    summary: `A ${machine} instance: state and context, now or as of a seq`,
    tags: [machine],
    parameters: [idParameter(), { name: 'at', in: 'query', required: false, schema: { type: 'integer', minimum: 0 }, description: 'Time travel: the instance as it was after this seq.' }],
    responses: { '200': { description: 'The instance.', content: json({ $ref: '#/components/schemas/Instance' }) }, '404': problemResponse('No such instance.'), '422': problemResponse('Invalid id or seq.') },
  };
}

function historyOperation(machine: string, noun: string): unknown {
  return {
    operationId: `${noun}_history`,
    summary: `Every stored record of a ${machine} instance`,
    tags: [machine],
    parameters: [idParameter()],
    responses: { '200': { description: 'The records, oldest first.', content: json({ $ref: '#/components/schemas/History' }) }, '404': problemResponse('No such instance.') },
  };
}

function pollOperation(): unknown {
  return {
    operationId: 'request_poll',
    summary: 'A reply that was still running when its request was answered 202',
    parameters: [{ name: 'token', in: 'path', required: true, schema: { type: 'string' } }],
    responses: { '200': { description: 'The reply, with its own status (any the handler writes).' }, '202': { description: 'Still running.', content: json({ $ref: '#/components/schemas/Pending' }) }, '404': problemResponse('Unknown token.') },
  };
}

function idParameter(): unknown {
  return { name: 'id', in: 'path', required: true, schema: { $ref: '#/components/schemas/Id' }, description: 'The aggregate id, e.g. order-k2x9q1m7za.' };
}

function securityOf(options: OpenApiOptions): { schemes: Record<string, unknown>; requirement: Record<string, string[]>[] } | undefined {
  if (!options.auth) return undefined;
  const schemes: Record<string, unknown> = {};
  const requirement: Record<string, string[]>[] = [];
  if (options.auth.bearer) {
    schemes['bearer'] = { type: 'http', scheme: 'bearer' };
    requirement.push({ bearer: [] });
  }
  if (options.auth.apiKeyHeader) {
    schemes['apiKey'] = { type: 'apiKey', in: 'header', name: options.auth.apiKeyHeader };
    requirement.push({ apiKey: [] });
  }
  return { schemes, requirement };
}

const SCHEMAS: Record<string, JsonSchema> = {
  Id: { type: 'string', pattern: '^[A-Za-z0-9_][A-Za-z0-9_.:-]{0,127}$' },
  Problem: {
    type: 'object',
    description: 'RFC 9457 problem details.',
    properties: {
      type: { type: 'string' },
      title: { type: 'string' },
      status: { type: 'integer' },
      detail: { type: 'string' },
      code: { type: 'string' },
      errors: { type: 'array', items: { type: 'object', properties: { field: { type: 'string' }, rules: { type: 'array', items: { type: 'string' } }, message: { type: 'string' } }, required: ['field', 'rules', 'message'] } },
    },
    required: ['type', 'title', 'status', 'detail'],
  },
  Handled: { type: 'object', properties: { aggregate_id: { type: 'string' }, state: { type: 'string' } }, required: ['aggregate_id'] },
  Pending: { type: 'object', properties: { status: { const: 'pending' }, poll: { type: 'string' }, aggregate_id: { type: 'string' } }, required: ['status', 'poll'] },
  Instance: {
    type: 'object',
    properties: {
      aggregate_id: { type: 'string' },
      machine: { type: 'string' },
      state: { type: 'string' },
      seq: { type: 'integer' },
      context: { type: 'object' },
      history: { type: 'array', items: { type: 'string' }, description: 'States entered, in order.' },
    },
    required: ['aggregate_id', 'machine', 'state', 'seq', 'context'],
  },
  InstancePage: {
    type: 'object',
    properties: {
      items: { type: 'array', items: { type: 'object', properties: { aggregate_id: { type: 'string' }, state: { type: 'string' }, seq: { type: 'integer' } } } },
      next: { type: 'string', description: 'The next page, when there is one.' },
    },
    required: ['items'],
  },
  History: {
    type: 'object',
    properties: { aggregate_id: { type: 'string' }, machine: { type: 'string' }, records: { type: 'array', items: { type: 'object' } } },
    required: ['aggregate_id', 'machine', 'records'],
  },
};
