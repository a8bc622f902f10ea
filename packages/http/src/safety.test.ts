// Safe by default: JSON object bodies only, a size limit, ids checked, no prototype keys, optional
// auth, CORS off unless configured, and no stack trace or internal message in any response.
import { defineBindings, type Runtime } from '@eventflow/core';
import { afterAll, beforeAll, describe, expect, test } from 'vitest';
import { createHttpApp } from './app.ts';
import { get, listen, memoryRuntime, post, type Served } from './test-support/server.ts';

const FLOW = `
machine: @note
  on :write from @user (api)
    $text becomes $text
      | $text | required, string, max 20 characters |
    note moves to #written
  on :explode from @user (api)
    blow up
`;
const bindings = [defineBindings('@note', (b) => b.action('blow up', () => {
  throw new Error('db password is hunter2');
}))];
const lines: { fields: any; message?: string }[] = [];
const logger = {
  info: (fields: object, message?: string) => void lines.push({ fields, ...(message !== undefined ? { message } : {}) }),
  warn: (fields: object, message?: string) => void lines.push({ fields, ...(message !== undefined ? { message } : {}) }),
  error: (fields: object, message?: string) => void lines.push({ fields, ...(message !== undefined ? { message } : {}) }),
};

let runtime: Runtime;
let open: Served;
let guarded: Served;

beforeAll(async () => {
  ({ runtime } = await memoryRuntime([{ name: 'note.flow', source: FLOW }], bindings));
  open = await listen(createHttpApp(runtime, { bindings, logger, bodyLimit: 1_000 }).fetch);
  guarded = await listen(createHttpApp(runtime, { auth: { bearerTokens: ['s3cret'], apiKeys: ['k3y'] }, corsOrigins: ['https://shop.example'] }).fetch);
});

afterAll(async () => {
  await open.close();
  await guarded.close();
  await runtime.close();
});

async function count(): Promise<number> {
  return (await runtime.instances('@note')).length;
}

describe('bodies', () => {
  test('JSON objects only: another content type 415, malformed 400, an array 422; nothing stored', async () => {
    const before = await count();
    const text = await fetch(`${open.url}/note/write`, { method: 'POST', headers: { 'content-type': 'text/plain' }, body: 'text=hi' });
    expect(text.status).toBe(415);
    expect((await post(`${open.url}/note/write`, '{"text": ')).status).toBe(400);
    expect((await post(`${open.url}/note/write`, '["hi"]')).status).toBe(422);
    expect(await count()).toBe(before);
  });

  test('a body nested deeper than the payload limit is 422 naming the limit, nothing stored', async () => {
    const before = await count();
    const deep = await post(`${open.url}/note/write`, `{"text": "hi", "n": ${'['.repeat(70)}${']'.repeat(70)}}`);
    expect(deep).toMatchObject({ status: 422, body: { title: 'Invalid event data', detail: 'data: nesting deeper than 64', code: 'INVALID_PAYLOAD', path: 'data' } });
    expect(await count()).toBe(before);
  });

  test('__proto__ and constructor.prototype keys are refused, nothing stored', async () => {
    const before = await count();
    const proto = await post(`${open.url}/note/write`, '{"text": "hi", "__proto__": {"admin": true}}');
    expect(proto).toMatchObject({ status: 400, body: { title: 'Forbidden key in the payload' } });
    const ctor = await post(`${open.url}/note/write`, '{"text": "hi", "constructor": {"prototype": {"admin": true}}}');
    expect(ctor.status).toBe(400);
    expect(({} as Record<string, unknown>)['admin']).toBeUndefined();
    expect(await count()).toBe(before);
  });

  test('a body over the limit: 413, whether its length is declared or it comes in chunks', async () => {
    const response = await post(`${open.url}/note/write`, { text: 'x'.repeat(2_000) });
    expect(response).toMatchObject({ status: 413, body: { title: 'Body too large' } });
    const chunk = new TextEncoder().encode(`{"text": "${'x'.repeat(600)}`);
    const chunks = new ReadableStream({ start: (c) => (c.enqueue(chunk), c.enqueue(chunk), c.close()) });
    const streamed = await fetch(`${open.url}/note/write`, { method: 'POST', headers: { 'content-type': 'application/json' }, body: chunks, duplex: 'half' } as RequestInit);
    expect(streamed.status).toBe(413);
    const small = new ReadableStream({ start: (c) => (c.enqueue(new TextEncoder().encode('{"text": "chunked"}')), c.close()) });
    expect((await fetch(`${open.url}/note/write`, { method: 'POST', headers: { 'content-type': 'application/json' }, body: small, duplex: 'half' } as RequestInit)).status).toBe(200);
  });

  test('ids with characters a store could read as operators: 422 before anything runs', async () => {
    for (const id of ['$where', '.hidden', 'a b', 'x'.repeat(129)]) {
      const response = await post(`${open.url}/note/${encodeURIComponent(id)}/write`, { text: 'hi' });
      expect(response.status, id).toBe(422);
    }
    expect((await post(`${open.url}/note/write`, { text: 'hi', note_id: { $gt: '' } })).status).toBe(422);
    expect((await post(`${open.url}/note/write`, { text: 'hi' }, { 'idempotency-key': '$bad' })).status).toBe(422);
  });

  test('the same Idempotency-Key twice stores one event and answers the same', async () => {
    const first = await post(`${open.url}/note/write`, { text: 'once' }, { 'idempotency-key': 'k-1' });
    const second = await post(`${open.url}/note/write`, { text: 'once' }, { 'idempotency-key': 'k-1' });
    expect(first.status).toBe(200);
    expect(second.body).toEqual(first.body);
    expect(second.headers.get('idempotent-replayed')).toBe('true');
    expect((await runtime.history(first.body.aggregate_id)).length).toBe(1);
  });
});

test('a failing handler: 500 with a request id, no stack and no message of the binding; the log has them', async () => {
  const { body: note } = await post(`${open.url}/note/write`, { text: 'doomed' });
  const response = await fetch(`${open.url}/note/${note.aggregate_id}/explode`, { method: 'POST' });
  const text = await response.text();
  expect(response.status).toBe(500);
  expect(text).not.toContain('hunter2');
  expect(text).not.toMatch(/\bat .*\.ts:\d+/);
  const body = JSON.parse(text);
  const logged = lines.find((l) => l.fields.req_id === body.request_id);
  expect(logged?.message).toBe('request failed');
  expect(String(logged?.fields.err)).toContain('hunter2');
  expect(logged?.fields).toMatchObject({ status: 500, machine: '@note', event: ':explode', method: 'POST', path: `/note/${note.aggregate_id}/explode` });
});

describe('authentication and CORS', () => {
  test('without a token or key: 401; with either: through; probes stay open', async () => {
    expect((await post(`${guarded.url}/note/write`, { text: 'hi' })).status).toBe(401);
    expect((await post(`${guarded.url}/note/write`, { text: 'hi' }, { authorization: 'Bearer wrong' })).status).toBe(401);
    expect((await get(`${guarded.url}/openapi.json`)).status).toBe(401);
    expect((await post(`${guarded.url}/note/write`, { text: 'hi' }, { authorization: 'Bearer s3cret' })).status).toBe(200);
    expect((await post(`${guarded.url}/note/write`, { text: 'hi' }, { 'x-api-key': 'k3y' })).status).toBe(200);
    expect((await get(`${guarded.url}/healthz`)).status).toBe(200);
    expect((await get(`${guarded.url}/readyz`)).status).toBe(200);
  });

  test('CORS headers only for the configured origins, and none when not configured', async () => {
    const origin = { origin: 'https://shop.example' };
    expect((await fetch(`${open.url}/healthz`, { headers: origin })).headers.get('access-control-allow-origin')).toBeNull();
    expect((await fetch(`${guarded.url}/healthz`, { headers: origin })).headers.get('access-control-allow-origin')).toBe('https://shop.example');
    expect((await fetch(`${guarded.url}/healthz`, { headers: { origin: 'https://evil.example' } })).headers.get('access-control-allow-origin')).toBeNull();
    const preflight = await fetch(`${guarded.url}/note/write`, { method: 'OPTIONS', headers: { ...origin, 'access-control-request-method': 'POST' } });
    expect(preflight.status).toBe(204);
  });
});
