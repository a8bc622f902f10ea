// Failures of an event sent over HTTP, as problem details. The routing error keeps the seed's text;
// a server-side failure says only that it failed and which request to look for in the log.
import { isConcurrencyError, isEventFlowError, isPayloadError, isRoutingError, isValidationError, type FieldProblem } from '@eventflow/core';
import { problem, type Answer } from './answer.ts';

/** One entry per field, every broken rule of it. */
export interface FieldError {
  readonly field: string;
  readonly rules: readonly string[];
  readonly message: string;
}

export function fieldErrors(problems: readonly FieldProblem[]): FieldError[] {
  const byField = new Map<string, FieldProblem[]>();
  for (const p of problems) byField.set(p.field, [...(byField.get(p.field) ?? []), p]);
  return [...byField].map(([field, list]) => ({ field, rules: list.map((p) => p.rule), message: list.map((p) => p.message).join('; ') }));
}

export function invalidPayload(event: string, machine: string, problems: readonly FieldProblem[]): Answer {
  const errors = fieldErrors(problems);
  return problem(422, 'validation-error', 'Invalid event data', `${event} to ${machine}: ${errors.map((e) => `${e.field} ${e.message}`).join('; ')}`, { errors });
}

/** What the failed request was: the event, its machine, whether it named an instance, and its id for the log. */
export interface FailedRequest {
  readonly event: string;
  readonly machine: string;
  /** The request named an instance (path or payload): a routing error is then 404, else 409. */
  readonly named: boolean;
  readonly requestId: string;
}

/** Codes of adapters that cannot reach their server (or were closed by a drain): worth a retry. */
const UNAVAILABLE = new Set(['STORE_UNAVAILABLE', 'TRANSPORT_UNAVAILABLE', 'STORE_CLOSED', 'TRANSPORT_CLOSED']);

export function problemFor(error: unknown, request: FailedRequest): Answer {
  if (isRoutingError(error)) {
    // Named but missing: no such instance. Not named: this event cannot create one, so it conflicts.
    const status = request.named ? 404 : 409;
    return problem(status, 'routing-error', status === 404 ? 'No such instance' : 'The event needs an existing instance', String(error), {
      code: error.code,
      reasons: error.reasons,
      id_field: error.idField,
    });
  }
  if (isValidationError(error)) return invalidPayload(request.event, request.machine, error.problems);
  // Not plain JSON data within the payload limits (nested too deep): refused by send before anything was stored.
  if (isPayloadError(error)) return problem(422, 'validation-error', 'Invalid event data', error.message, { code: error.code, path: error.path });
  if (isConcurrencyError(error)) return problem(409, 'conflict', 'Concurrent change', 'The instance changed while this event was being handled; send it again.', { code: error.code });
  if (isEventFlowError(error)) {
    if (UNAVAILABLE.has(error.code)) return problem(503, 'unavailable', 'Service unavailable', 'A server this service depends on is unreachable; try again later.', { code: error.code }, { 'retry-after': '5' });
    if (error.code === 'INVALID_ID') return problem(422, 'validation-error', 'Invalid aggregate id', error.message, { code: error.code });
    if (error.code === 'NOT_FOUND') return problem(404, 'not-found', 'No such instance', error.message, { code: error.code });
  }
  return serverError(request.requestId);
}

export function serverError(requestId: string): Answer {
  return problem(500, 'internal', 'The event could not be handled', `The server failed; its log has the details under request id ${requestId}.`, { request_id: requestId });
}
