// @eventflow/http: an EventFlow runtime over HTTP. Every (api) handler of the .flow is an endpoint.
export { createHttpApp, DEFAULT_BODY_LIMIT, DEFAULT_REPLY_TIMEOUT_MS, type HttpApp, type HttpAppOptions } from './app.ts';
export type { AuthOptions } from './auth.ts';
export { endpointsOf, RESERVED_SEGMENTS, type Endpoint } from './endpoints.ts';
export { contractOf, type CheckedField, type Contract } from './contract.ts';
export { openApiDocument, type OpenApiOptions } from './openapi.ts';
export type { JsonSchema } from './schema.ts';
export { ALWAYS_READY, createHealthApp, type Readiness, type ReadinessCheck } from './health.ts';
export { SILENT, type Logger } from './observe.ts';
export type { ListIds, Page } from './paging.ts';
export { ATTRIBUTES, spanAttributes, type EventFields } from './attributes.ts';
