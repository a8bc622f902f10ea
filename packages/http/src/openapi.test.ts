// The OpenAPI 3.1 document generated from the checkout .flow files, served at /openapi.json and
// validated by an OpenAPI validator library.
import { Validator } from '@seriousme/openapi-schema-validator';
import { afterAll, beforeAll, expect, test } from 'vitest';
import type { Runtime } from '@eventflow/core';
import { createHttpApp } from './app.ts';
import { checkoutBindings, checkoutFlows, get, listen, memoryRuntime, type Served } from './test-support/server.ts';

let runtime: Runtime;
let served: Served;
let doc: any;

beforeAll(async () => {
  ({ runtime } = await memoryRuntime(checkoutFlows(), await checkoutBindings()));
  served = await listen(createHttpApp(runtime, { title: 'checkout' }).fetch);
  doc = (await get(`${served.url}/openapi.json`)).body;
});

afterAll(async () => {
  await served.close();
  await runtime.close();
});

test('the document is valid OpenAPI 3.1 (and the validator does reject a broken one)', async () => {
  const result = await new Validator().validate(doc);
  expect(result.errors).toBeUndefined();
  expect(result.valid).toBe(true);
  expect(doc.openapi).toBe('3.1.0');
  expect(doc.info.title).toBe('checkout');
  const broken = structuredClone(doc);
  delete broken.info;
  broken.paths['/order/checkout'].post.responses = 'none';
  expect((await new Validator().validate(broken)).valid).toBe(false);
});

test('one operation per (api) event, the read routes per machine, no internal event', () => {
  const posts = Object.entries(doc.paths).filter(([, item]: [string, any]) => item.post).map(([path]) => path).sort();
  expect(posts).toEqual(['/order/cancel_order', '/order/checkout', '/order/{id}/cancel_order', '/order/{id}/checkout']);
  for (const noun of ['order', 'payment', 'bank', 'fraud', 'inventory']) {
    expect(Object.keys(doc.paths)).toEqual(expect.arrayContaining([`/${noun}`, `/${noun}/{id}`, `/${noun}/{id}/history`]));
  }
});

test('payload fields carry their validation rules; replies their status and fields', () => {
  const checkout = doc.paths['/order/checkout'].post;
  const body = checkout.requestBody.content['application/json'].schema;
  expect(body.properties.total).toMatchObject({ type: 'number', minimum: 0 });
  expect(body.properties.items).toMatchObject({ type: 'array' });
  expect(body.required).toBeUndefined();
  expect(checkout.responses['202'].content['application/json'].schema).toEqual({
    type: 'object',
    properties: { status: { type: 'string', description: 'The state after the handler, without #.' }, total: { description: '$total' } },
    required: ['status', 'total'],
  });
  expect(checkout.responses['422'].content['application/problem+json']).toBeDefined();
  const cancel = doc.paths['/order/{id}/cancel_order'].post;
  expect(Object.keys(cancel.responses)).toEqual(expect.arrayContaining(['200', '409', '404']));
  expect(cancel.parameters[0]).toMatchObject({ name: 'id', in: 'path', required: true });
});

test('with authentication configured the document names the schemes', async () => {
  const app = createHttpApp(runtime, { auth: { bearerTokens: ['t'], apiKeys: ['k'] } });
  expect(app.openapi['components']).toMatchObject({ securitySchemes: { bearer: { type: 'http', scheme: 'bearer' }, apiKey: { type: 'apiKey', in: 'header', name: 'x-api-key' } } });
  expect((await new Validator().validate(structuredClone(app.openapi) as never)).valid).toBe(true);
});
