// GET routes: an instance now or as of a seq (time travel), its history, a machine's instances in
// pages, and the replies still running after a 202.
import type { InstanceView, Runtime, StoredRecord } from '@eventflow/core';
import type { Context } from 'hono';
import { problem, toResponse, type Answer } from './answer.ts';
import { invalidId, isSafeId } from './ids.ts';
import { pageOfInstances, type ListIds } from './paging.ts';
import type { PendingReplies } from './pending.ts';
import { problemFor } from './problems.ts';

export const DEFAULT_PAGE = 50;
export const MAX_PAGE = 500;

export interface ReadDeps {
  readonly runtime: Runtime;
  readonly listIds?: ListIds;
  readonly pending: PendingReplies;
}

type Route = (c: Context) => Promise<Response>;

/** GET /{machine}/{id}[?at=seq] */
export function instanceRoute(machine: string, deps: ReadDeps): Route {
  return async (c) => {
    const id = c.req.param('id');
    if (!isSafeId(id)) return toResponse(invalidId('id', id));
    const at = c.req.query('at');
    if (at !== undefined && !/^\d{1,15}$/.test(at)) {
      return toResponse(problem(422, 'validation-error', 'Invalid seq', `at must be a whole number of 0 or more; got ${JSON.stringify(at.slice(0, 40))}.`, { errors: [{ field: 'at', rules: ['integer'], message: 'must be a whole number' }] }));
    }
    const found = await read(c, machine, () => deps.runtime.state(id, at === undefined ? {} : { atSeq: Number(at) }));
    if (found instanceof Response) return found;
    if (found.machine !== machine) return notFound(machine, id);
    return toResponse({ status: 200, body: viewBody(found) });
  };
}

/** GET /{machine}/{id}/history */
export function historyRoute(machine: string, deps: ReadDeps): Route {
  return async (c) => {
    const id = c.req.param('id');
    if (!isSafeId(id)) return toResponse(invalidId('id', id));
    const records = await read(c, machine, () => deps.runtime.history(id));
    if (records instanceof Response) return records;
    if (records[0]?.machine !== machine) return notFound(machine, id);
    return toResponse({ status: 200, body: { aggregate_id: id, machine, records: records.map(recordBody) } });
  };
}

/** GET /{machine}?after=id&limit=n */
export function listRoute(machine: string, deps: ReadDeps): Route {
  return async (c) => {
    const after = c.req.query('after');
    const limitText = c.req.query('limit') ?? String(DEFAULT_PAGE);
    const limit = Number(limitText);
    if (!/^\d{1,4}$/.test(limitText) || limit < 1 || limit > MAX_PAGE) {
      return toResponse(problem(422, 'validation-error', 'Invalid limit', `limit must be between 1 and ${MAX_PAGE}; got ${JSON.stringify(limitText.slice(0, 40))}.`, { errors: [{ field: 'limit', rules: [`between 1 and ${MAX_PAGE}`], message: 'is out of range' }] }));
    }
    if (after !== undefined && !isSafeId(after)) return toResponse(invalidId('after', after));
    const page = await read(c, machine, () => pageOfInstances(deps.runtime, deps.listIds, machine, after, limit));
    if (page instanceof Response) return page;
    const noun = machine.replace(/^@/, '');
    const body = {
      items: page.items.map((v) => ({ aggregate_id: v.aggregate_id, state: v.state.replace(/^#/, ''), seq: v.seq })),
      ...(page.next !== undefined ? { next: `/${noun}?after=${encodeURIComponent(page.next)}&limit=${limit}` } : {}),
    };
    return toResponse({ status: 200, body });
  };
}

/** GET /requests/{token} */
export function pendingRoute(deps: ReadDeps): Route {
  return async (c) => {
    const token = c.req.param('token') ?? '';
    const found = deps.pending.get(token);
    if (found === undefined) return toResponse(problem(404, 'not-found', 'No such request', 'This process has no request under that token (it may have been answered long ago, or by another instance).'));
    if (found === 'pending') return toResponse({ status: 202, body: { status: 'pending', poll: `/requests/${token}` }, headers: { 'retry-after': '1' } });
    return toResponse(found);
  };
}

function viewBody(view: InstanceView): Record<string, unknown> {
  return { aggregate_id: view.aggregate_id, machine: view.machine, state: view.state.replace(/^#/, ''), seq: view.seq, context: view.context, history: view.history };
}

function recordBody(record: StoredRecord): Record<string, unknown> {
  const { outcome } = record;
  return {
    seq: record.seq,
    event: record.event_type,
    event_id: record.event_id,
    ...(record.conversation_id !== undefined ? { conversation_id: record.conversation_id } : {}),
    ...(record.from !== undefined ? { from: record.from } : {}),
    timestamp: record.timestamp,
    data: record.data,
    state_after: outcome.state_after.replace(/^#/, ''),
    context_patch: outcome.context_patch,
    emitted: outcome.emitted.map((e) => ({ event: e.event, to: e.to, conversation_id: e.conversation_id })),
    ...(outcome.reply ? { reply: outcome.reply } : {}),
  };
}

function notFound(machine: string, id: string): Response {
  return toResponse(problem(404, 'not-found', 'No such instance', `No ${machine} instance '${id}' is stored.`));
}

/** Runs a read; a failure becomes its problem response. */
async function read<T>(c: Context, machine: string, load: () => Promise<T>): Promise<T | Response> {
  try {
    return await load();
  } catch (error) {
    const answer: Answer = problemFor(error, { event: 'GET', machine, named: true, requestId: c.get('requestId') });
    if (answer.status >= 500) c.get('eventflow').error = error;
    return toResponse(answer);
  }
}
