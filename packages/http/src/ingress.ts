// POST /{machine}/{event} and POST /{machine}/{id}/{event}: checks the request, sends the event
// through the runtime's public ingress and answers with the handler's reply. A reply that takes
// longer than the reply timeout (or any reply of a `(queued api)` handler) is answered 202 with a
// link to poll; the event goes on being handled.
import type { Runtime, SendInput, SendResult } from '@eventflow/core';
import type { Context } from 'hono';
import { problem, toResponse, type Answer } from './answer.ts';
import { fieldsOf } from './attributes.ts';
import { readPayload } from './body.ts';
import type { Endpoint } from './endpoints.ts';
import { invalidId, isSafeId, namedInstance } from './ids.ts';
import type { PendingReplies } from './pending.ts';
import type { ReplyClock } from './reply-clock.ts';
import { invalidPayload, problemFor } from './problems.ts';
import { checkPayload, type RuleCheck } from './validate.ts';

export interface IngressDeps {
  readonly runtime: Runtime;
  readonly pending: PendingReplies;
  readonly replyTimeoutMs: number;
  readonly clock: ReplyClock;
  readonly rules: (machine: string) => RuleCheck;
  /** True once the service drains: new events are refused with 503. */
  readonly draining: () => boolean;
}

export function ingressRoute(endpoint: Endpoint, deps: IngressDeps) {
  const rules = deps.rules(endpoint.machine);
  return async (c: Context): Promise<Response> => {
    if (deps.draining()) return toResponse(problem(503, 'unavailable', 'Shutting down', 'This instance is draining; send the event again.', {}, { 'retry-after': '1', connection: 'close' }));
    const read = await readPayload(c.req.raw);
    if ('failed' in read) return toResponse(read.failed);
    const payload = read.payload;
    const named = namedInstance(c.req.param('id'), payload, endpoint.idField);
    if (named.failed) return toResponse(named.failed);
    const key = c.req.header('idempotency-key');
    if (key !== undefined && !isSafeId(key)) return toResponse(invalidId('Idempotency-Key', key));
    const problems = await checkPayload(endpoint.contract, payload, endpoint.creates && named.id === undefined, rules);
    if (problems.length > 0) return toResponse(invalidPayload(endpoint.event, endpoint.machine, problems));

    const input: SendInput = {
      event: endpoint.event,
      to: endpoint.machine,
      data: payload,
      ...(endpoint.from !== undefined ? { from: endpoint.from } : {}),
      ...(named.id !== undefined ? { aggregate_id: named.id } : {}),
      // Scoped to the endpoint: the same key sent to another event is another event.
      ...(key !== undefined ? { id: `${endpoint.noun}.${endpoint.name}.${key}` } : {}),
    };
    const fields = c.get('eventflow');
    fields.event = { machine: endpoint.machine, event: endpoint.event, ...(named.id !== undefined ? { aggregate_id: named.id } : {}) };
    const request = { event: endpoint.event, machine: endpoint.machine, named: named.id !== undefined, requestId: c.get('requestId') };
    const reply = deps.runtime.send(input).then(
      (result) => {
        fields.event = fieldsOf(endpoint.event, result);
        return answerOf(endpoint, result);
      },
      (error: unknown) => {
        const answer = problemFor(error, request);
        if (answer.status >= 500) fields.error = error;
        return answer;
      },
    );
    const answer = await deps.clock.within(reply, endpoint.queued ? 0 : deps.replyTimeoutMs);
    if (answer) return toResponse(answer);
    const token = deps.pending.add(reply);
    const poll = `/requests/${token}`;
    return toResponse({
      status: 202,
      body: { status: 'pending', poll, ...(named.id !== undefined ? { aggregate_id: named.id } : {}) },
      headers: { location: poll, 'retry-after': '1' },
    });
  };
}

/** The handler's reply; without one, 200 `{aggregate_id, state}` (202 `{aggregate_id}` when queued), LANGUAGE.md §3.10. */
function answerOf(endpoint: Endpoint, result: SendResult): Answer {
  const location = `/${endpoint.noun}/${encodeURIComponent(result.aggregate_id)}`;
  const headers: Record<string, string> = { 'eventflow-aggregate-id': result.aggregate_id };
  if (result.duplicate) headers['idempotent-replayed'] = 'true';
  if (result.reply) {
    const status = result.reply.status;
    if (status === 201 || status === 202) headers['location'] = location;
    return { status, body: result.reply.body, headers };
  }
  if (endpoint.queued) return { status: 202, body: { aggregate_id: result.aggregate_id }, headers: { ...headers, location } };
  return { status: 200, body: { aggregate_id: result.aggregate_id, state: result.state.replace(/^#/, '') }, headers };
}
