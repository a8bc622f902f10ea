// What a `run` input line can say, and what its output line tells: scheduled handlers, instances
// started from `given`, senders with ids, and failures that happened after the event was accepted.
import { describe, expect, it } from 'vitest';
import { runCli } from './main.ts';
import { cli, CORE_IMPORT, jsonLines, tempFlows } from './test-support/cli.ts';

const lines = (...events: object[]) => events.map((e) => JSON.stringify(e)).join('\n');

const LIGHT = `machine: @traffic_light

  on :power_on from @operator (api)
    traffic_light moves to #red

  on :timer_expired from @system
    ? traffic_light is in #red
      traffic_light moves to #green

    ? traffic_light is in #green
      traffic_light moves to #yellow

    ? traffic_light is in #yellow
      $cycles increases by 1
      traffic_light moves to #red
`;

const LOANS = `machine: @loan

  on :reserve from @member (api)
    loan moves to #reserved

  on :expire_holds
    triggered: every day at 02:00
    for each loan in #reserved
      loan moves to #expired
`;

const DOCUMENT = `machine: @document

  on :submit from @author (api)
    document moves to #in_review
    emit :notify to @mailer

  on :approve from @reviewer (api)
    $approved_by: string becomes @reviewer.id
    document moves to #approved

machine: @mailer

  on :welcome from @document
    mailer moves to #sent
`;

describe('eventflow run input lines', () => {
  it('"given" starts an instance in a state and context; one event then moves it one step', async () => {
    const dir = tempFlows({ 'light.flow': LIGHT });
    const stdin = lines(
      { event: ':timer_expired', to: '@traffic_light', from: '@system', trusted: true, given: 'traffic_light is in #red' },
      { event: ':timer_expired', to: '@traffic_light', from: '@system', trusted: true, given: ['traffic_light is in #yellow', '$cycles is 4'], aggregate_id: 'traffic_light-t1' },
      { event: ':timer_expired', to: '@traffic_light', aggregate_id: 'traffic_light-t1', given: 'traffic_light is in #red' },
      { event: ':timer_expired', to: '@traffic_light', from: '@system', trusted: true, given: 'traffic_light is red' },
    );
    const run = await cli(['run', 'light.flow', '--seed', '2', '--dump'], { cwd: dir, stdin });
    const [red, yellow, again, unbound, ...dumped] = jsonLines(run.stdout);
    expect(red).toMatchObject({ ok: true, state: '#green', seq: 2 });
    expect(yellow).toEqual({ ok: true, event: ':timer_expired', aggregate_id: 'traffic_light-t1', state: '#red', seq: 2 });
    expect(again).toMatchObject({ ok: false, error: { code: 'INVALID_INPUT', message: '"given" starts a new instance, but traffic_light-t1 exists already' } });
    expect(unbound).toMatchObject({ ok: true, state: '#idle', seq: 2 });
    expect(run.stderr).toBe("warning: No binding for given 'traffic_light is red' (given:4): treated as a no-op\n");
    expect(dumped.find((i) => i['aggregate_id'] === 'traffic_light-t1')).toMatchObject({ context: { cycles: 5 } });
    expect(run.code).toBe(1);
  });

  it('an event of a triggered: handler runs it now for every instance in its for-each states', async () => {
    const dir = tempFlows({ 'loan.flow': LOANS });
    const stdin = lines({ event: ':reserve', to: '@loan', aggregate_id: 'loan-a' }, { event: ':reserve', to: '@loan', aggregate_id: 'loan-b' }, { event: ':expire_holds', to: '@loan' });
    const run = await cli(['run', 'loan.flow', '--dump'], { cwd: dir, stdin });
    expect(run.code).toBe(0);
    const out = jsonLines(run.stdout);
    expect(out[2]).toEqual({ ok: true, event: ':expire_holds', trigger: true, processed: ['loan-a', 'loan-b'], failed: [] });
    expect(out.slice(3).map((i) => i['state'])).toEqual(['#expired', '#expired']);
  });

  it('a sender id in "from" is @reviewer.id; a rolled-back handler and a dropped event fail their own line', async () => {
    const dir = tempFlows({ 'document.flow': DOCUMENT });
    const stdin = lines(
      { event: ':submit', to: '@document', aggregate_id: 'document-d1' },
      { event: ':approve', to: '@document', aggregate_id: 'document-d1', from: '@reviewer' },
      { event: ':approve', to: '@document', aggregate_id: 'document-d1', from: '@reviewer:rev-7' },
      { event: ':approve', to: '@document', aggregate_id: 'document-d1', from: { machine: '@reviewer', id: 'rev-8' } },
      { event: ':approve', to: '@document', aggregate_id: 'document-d1', from: 7 },
    );
    const run = await cli(['run', 'document.flow', '--dump'], { cwd: dir, stdin });
    const [submitted, refused, approved, again, invalid, ...instances] = jsonLines(run.stdout);
    expect(submitted).toEqual({
      ok: false,
      event: ':submit',
      aggregate_id: 'document-d1',
      state: '#in_review',
      seq: 1,
      error: { code: 'UNHANDLED_EVENT', message: '@mailer has no handler for :notify from @document; dropped' },
    });
    expect(refused).toEqual({
      ok: false,
      event: ':approve',
      aggregate_id: 'document-d1',
      state: '#in_review',
      seq: 2,
      error: {
        code: 'CONSTRAINT_VIOLATED',
        message: ':approve on @document was rolled back: $approved_by failed string (value: undefined)',
        hint: 'Nothing it changed was kept, and @document was sent :constraint_violated; handle that event or fix the value.',
      },
    });
    expect(approved).toEqual({ ok: true, event: ':approve', aggregate_id: 'document-d1', state: '#approved', seq: 3 });
    expect(again).toMatchObject({ ok: true, seq: 4 });
    expect(invalid).toMatchObject({ ok: false, line: 5, error: { code: 'INVALID_INPUT', message: '"from" must be "@actor", "@actor:id" or {"machine": "@actor", "id": "..."}' } });
    expect(instances.find((i) => i['aggregate_id'] === 'document-d1')).toMatchObject({ context: { approved_by: 'rev-8' } });
    expect(run.code).toBe(1);
  });

  it('refuses to start when a guard or function has no binding, in one line', async () => {
    const flow = 'machine: @payment\n  on :pay from @customer (api)\n    ? card is valid\n      payment moves to #paid\n    ? not seen_before($card)\n      payment moves to #new\n';
    const dir = tempFlows({ 'payment.flow': flow });
    const run = await cli(['run', 'payment.flow'], { cwd: dir, stdin: lines({ event: ':pay', to: '@payment' }) });
    expect(run).toEqual({
      code: 2,
      stdout: '',
      stderr:
        "error: run needs a binding for every guard and function; none for 'card is valid' (@payment), seen_before() (@payment) (eventflow bindings:missing lists them with the calls that bind them)\n",
    });
    const bindings = `import { defineBindings } from '${CORE_IMPORT}';\nexport default defineBindings('@payment', (b) => b.guard('card is valid', () => true).fn('seen_before', () => true));\n`;
    const bound = await cli(['run', 'payment.flow'], { cwd: tempFlows({ 'payment.flow': flow, 'payment.bindings.mjs': bindings }), stdin: lines({ event: ':pay', to: '@payment' }) });
    expect(jsonLines(bound.stdout)).toMatchObject([{ ok: true, state: '#paid' }]);
  });

  it('--format pretty prints one line per event for people', async () => {
    const dir = tempFlows({ 'loan.flow': LOANS });
    const stdin = lines({ event: ':reserve', to: '@loan', aggregate_id: 'loan-a' }, { event: ':expire_holds', to: '@loan' }, { event: ':lend', to: '@loan' });
    const run = await cli(['run', 'loan.flow', '--format', 'pretty'], { cwd: dir, stdin });
    expect(run.stdout).toBe(
      ['✓ :reserve → loan-a  #reserved  (seq 1)', '✓ :expire_holds (scheduled) ran for 1 instance', '✗ :lend: @loan has no handler for :lend from @external', ''].join('\n'),
    );
  });

  it('answers each line as it arrives, before the next one is written (a pipe or a person typing)', async () => {
    const dir = tempFlows({ 'loan.flow': LOANS });
    let stdout = '';
    const answered = async (count: number) => {
      const deadline = Date.now() + 30_000;
      while (stdout.split('\n').length <= count) {
        if (Date.now() > deadline) throw new Error(`run did not answer line ${count} before the next line was written; output so far: ${JSON.stringify(stdout)}`);
        await new Promise((resolve) => setTimeout(resolve, 5));
      }
    };
    async function* typing(): AsyncGenerator<string> {
      yield `${JSON.stringify({ event: ':reserve', to: '@loan', aggregate_id: 'loan-a' })}\n`;
      await answered(1);
      yield `${JSON.stringify({ event: ':expire_holds', to: '@loan' })}\n`;
      await answered(2);
    }
    const code = await runCli(['run', 'loan.flow'], { stdout: { write: (t: string) => (stdout += t) }, stderr: { write: () => true }, stdin: typing(), cwd: dir, env: {} });
    expect(code).toBe(0);
    expect(jsonLines(stdout).map((l) => l['event'])).toEqual([':reserve', ':expire_holds']);
  });
});
