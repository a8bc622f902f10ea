// The inspector's routes (Hono), relative to where it is mounted: the overview, a machine's
// instances, an instance (and its state as of a seq, as JSON, for the slider), a conversation, and
// the live stream each page listens to. Read-only: every route is a GET.
import { displayId, isEventFlowError } from '@eventflow/core';
import { Hono, type Context } from 'hono';
import type { Diagrams } from './html/diagrams.ts';
import { conversationBody, conversationTitle } from './html/conversation-page.ts';
import { instanceBody } from './html/instance-page.ts';
import { machineBody } from './html/machine-page.ts';
import { overviewBody } from './html/overview.ts';
import { inspectorPage, problemPage, type Frame } from './html/shell.ts';
import { instanceHref, machineHref, overviewHref, shortConversation } from './html/format.ts';
import type { LiveHub } from './live.ts';
import { conversationData, instanceData, machinePage, type Inspection } from './queries.ts';
import { checkId, checkLimit, checkSeq, checkState, QueryError } from './query-params.ts';

export interface Served extends Inspection {
  readonly diagrams: Diagrams;
  readonly hub: LiveHub;
  /** The frame of the pages, with the machines known now. */
  frame(): Frame;
}

export function inspectorRoutes(served: () => Served | undefined): Hono {
  const app = new Hono();
  app.use(async (c, next) => {
    if (!served()) return c.text('The inspector is starting; try again shortly.', 503, { 'retry-after': '1' });
    return next();
  });
  const s = () => served() as Served;

  app.get('/', (c) => {
    const { index } = s();
    const frame = s().frame();
    const machines = frame.machines.map((machine) => ({ machine, total: index.total(machine), states: index.counts(machine) }));
    const body = overviewBody(frame, machines, index.recent(), index.status());
    return c.html(inspectorPage(frame, { title: 'Inspector', trail: [], body, live: `${frame.base}/events` }));
  });

  app.get('/machines/:name', async (c) => {
    const frame = s().frame();
    const machine = `@${c.req.param('name')}`;
    if (!frame.machines.includes(machine)) return c.html(problemPage(frame, 'No such machine', `No machine ${machine} is declared or stored.`), 404);
    const state = checkState(c.req.query('state'));
    const after = c.req.query('after') === undefined ? undefined : checkId('after', c.req.query('after') as string);
    const query = { machine, limit: checkLimit(c.req.query('limit')), ...(state !== undefined ? { state } : {}), ...(after !== undefined ? { after } : {}) };
    const page = await machinePage(s(), query);
    const states = [...s().index.counts(machine)].sort(([a], [b]) => a.localeCompare(b));
    const figure = await s().diagrams.state(machine);
    const body = machineBody(frame, query, page, states, figure);
    return c.html(inspectorPage(frame, { title: `${machine} instances`, trail: [['Overview', overviewHref(frame)]], body, live: `${frame.base}/events?machine=${encodeURIComponent(machine)}`, ...(figure ? { details: figure.details } : {}) }));
  });

  app.get('/instances/:id', async (c) => {
    const frame = s().frame();
    const id = checkId('instance', c.req.param('id'));
    const at = c.req.query('at');
    const data = await instanceData(s(), id, at === undefined || at === '' ? undefined : checkSeq(at));
    const { shown } = data;
    const figure = await s().diagrams.state(shown.machine, shown.state);
    const body = instanceBody(frame, data, figure);
    const title = displayId(shown.machine, id);
    return c.html(inspectorPage(frame, { title, trail: [['Overview', overviewHref(frame)], [shown.machine, machineHref(frame, shown.machine)]], body, live: `${frame.base}/events?instance=${encodeURIComponent(id)}`, ...(figure ? { details: figure.details } : {}) }));
  });

  app.get('/instances/:id/at/:seq', async (c) => {
    const id = checkId('instance', c.req.param('id'));
    const { now, records, shown } = await instanceData(s(), id, checkSeq(c.req.param('seq')));
    const record = records.find((r) => r.seq === shown.seq);
    const from = record?.from ? (record.from.aggregate_id !== undefined ? displayId(record.from.machine, record.from.aggregate_id) : record.from.machine) : undefined;
    return c.json({
      aggregate_id: id,
      machine: shown.machine,
      seq: shown.seq,
      last_seq: now.seq,
      state: shown.state,
      context: shown.context,
      entered: shown.history,
      ...(record ? { event: record.event_type, ...(from !== undefined ? { from } : {}) } : {}),
    });
  });

  app.get('/conversations/:id', async (c) => {
    const frame = s().frame();
    const id = checkId('conversation', c.req.param('id'));
    const viaText = c.req.query('via');
    const via = viaText === undefined || viaText === '' ? undefined : checkId('via', viaText);
    const data = await conversationData(s(), id, via);
    if (!data) return c.html(problemPage(frame, 'No such conversation', `No stored record belongs to conversation ${id}.`), 404);
    const figure = await s().diagrams.lane(data.records, conversationTitle(data));
    const summaries = new Map(data.instances.flatMap((i) => {
      const summary = s().index.summary(i);
      return summary ? [[i, summary] as const] : [];
    }));
    const body = conversationBody(frame, data, summaries, figure);
    const trail: [string, string][] = [['Overview', overviewHref(frame)], ...(via !== undefined ? [[displayId(s().index.summary(via)?.machine ?? '@instance', via), instanceHref(frame, via)] as [string, string]] : [])];
    const live = `${frame.base}/events?conversation=${encodeURIComponent(id)}${via !== undefined ? `&via=${encodeURIComponent(via)}` : ''}`;
    return c.html(inspectorPage(frame, { title: `Conversation ${shortConversation(id)}`, trail, body, details: figure.details, live }));
  });

  app.get('/events', async (c) => {
    const machine = c.req.query('machine');
    const instance = c.req.query('instance');
    const conversation = c.req.query('conversation');
    if (conversation !== undefined) {
      const via = c.req.query('via');
      const data = await conversationData(s(), checkId('conversation', conversation), via === undefined ? undefined : checkId('via', via));
      return s().hub.stream(c, { conversations: new Set(data?.family ?? [conversation]), instances: new Set(data?.instances ?? []) });
    }
    if (instance !== undefined) return s().hub.stream(c, { instances: new Set([checkId('instance', instance)]) });
    return s().hub.stream(c, machine !== undefined ? { machine } : {});
  });

  app.notFound((c) => c.html(problemPage(s().frame(), 'Not found', 'The inspector has no such page; start from the overview.'), 404));
  app.onError((error, c) => answerError(c, error, served()?.frame()));
  return app;
}

function answerError(c: Context, error: unknown, frame: Frame | undefined): Response {
  const json = c.req.path.includes('/at/');
  const [status, title, message] =
    error instanceof QueryError ? [400, 'Bad request', error.message]
    : isEventFlowError(error) && error.code === 'NOT_FOUND' ? [404, 'Not found', error.message]
    : [500, 'Inspector error', `Could not read the store: ${error instanceof Error ? error.message : String(error)}`];
  if (json || !frame) return c.json({ status, title, detail: message }, status as 400);
  return c.html(problemPage(frame, title, message), status as 400);
}
