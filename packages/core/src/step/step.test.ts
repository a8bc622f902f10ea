// The pure step: deciding needs only the definition, the snapshot, the envelope and the environment;
// where it needs the shell it yields a question and is resumed with the answer.
import { parseOrThrow, type Emit } from '@eventflow/language';
import { describe, expect, it } from 'vitest';
import { BindingRegistry } from '../bindings.ts';
import { steppingClock, Timestamps } from '../clock.ts';
import { defineMachine } from '../definition.ts';
import type { Envelope } from '../envelope.ts';
import { createIds } from '../ids.ts';
import { initialSnapshot } from '../replay.ts';
import type { StepEnvironment } from './environment.ts';
import { runStep } from '../shell/run-step.ts';
import { decide, type Decided } from './step.ts';

const env: StepEnvironment = {
  bindings: new BindingRegistry([]),
  ids: createIds({ seed: 1 }),
  time: new Timestamps(steppingClock()),
  machines: new Set(['@order', '@payment', '@loan']),
  mode: 'runtime',
};

function machineOf(source: string) {
  return defineMachine(parseOrThrow(source, 'step.flow').machines[0]!);
}

function envelope(event: string, data: Record<string, unknown> = {}): Envelope {
  return { id: 'evt-1', event, conversation_id: 'conv-1', from: { machine: '@customer' }, to: { machine: '@order' }, data, timestamp: '2026-01-01T00:00:00.000Z' };
}

describe('decide', () => {
  it('decides without asking anything when the handler needs nothing from outside', () => {
    const machine = machineOf('machine: @order\n  on :checkout from @customer (api)\n    $total becomes $total\n    order moves to #awaiting\n    emit :payment_request to @payment\n      with $total\n');
    const step = decide(machine, machine.handlers[0]!, initialSnapshot('@order', 'order-1'), envelope(':checkout', { total: 30 }), env).next();
    expect(step.done).toBe(true);
    const decided = step.value as Decided & { kind: 'record' };
    expect(decided.record).toMatchObject({ aggregate_id: 'order-1', seq: 1, event_id: 'evt-1', outcome: { state_after: '#awaiting', context_patch: { set: { total: 30 } } } });
    expect(decided.record.outcome.emitted).toMatchObject([{ event: ':payment_request', to: { machine: '@payment' }, data: { total: 30 }, causation_id: 'evt-1' }]);
    expect(decided.snapshot).toMatchObject({ state: '#awaiting', seq: 1, context: { total: 30 } });
  });

  it('yields a synchronous request and stores the answer it is resumed with', () => {
    const machine = machineOf('machine: @order\n  on :checkout from @customer (api)\n    $payment becomes emit :charge to @payment\n      with amount: 30\n    ? $payment.success\n      order moves to #paid\n');
    const decision = decide(machine, machine.handlers[0]!, initialSnapshot('@order', 'order-1'), envelope(':checkout'), env);
    const asked = decision.next();
    expect(asked.value).toMatchObject({ kind: 'request', envelope: { event: ':charge', to: { machine: '@payment' }, data: { amount: 30 }, from: { machine: '@order', aggregate_id: 'order-1' } } });
    const done = decision.next({ success: true, state: 'charged' });
    expect(done.done).toBe(true);
    expect((done.value as Decided & { kind: 'record' }).record.outcome).toMatchObject({ state_after: '#paid', context_patch: { set: { payment: { success: true, state: 'charged' } } } });
  });

  it('asks which instances a broadcast reaches before the record is final, and emits to each after the own emits', () => {
    const machine = machineOf('machine: @library\n  on :closing_time from @u (api)\n    emit :closing to all @loan in #active\n    emit :closed to @u\n');
    const decision = decide(machine, machine.handlers[0]!, initialSnapshot('@library', 'library-1'), envelope(':closing_time'), env);
    expect(decision.next().value).toEqual({ kind: 'instances', machine: '@loan', states: ['#active'] });
    const done = decision.next(['loan-1', 'loan-2']);
    const { record } = done.value as Decided & { kind: 'record' };
    expect(record.outcome.emitted.map((e) => [e.event, e.to.aggregate_id])).toEqual([[':closed', undefined], [':closing', 'loan-1'], [':closing', 'loan-2']]);
    expect(new Set(record.outcome.emitted.map((e) => e.conversation_id)).size).toBe(3);
  });

  it('a failed answer is thrown into the step, which fails (nothing to store)', () => {
    const machine = machineOf('machine: @order\n  on :checkout from @customer (api)\n    $payment becomes emit :charge to @payment\n');
    const decision = decide(machine, machine.handlers[0]!, initialSnapshot('@order', 'order-1'), envelope(':checkout'), env);
    decision.next();
    expect(() => decision.throw(new Error('deadlock'))).toThrow('deadlock');
  });

  it('refuses data that breaks the rules its sender declared: no record, a notice to the sender', async () => {
    const machine = machineOf('machine: @order\n  on :checkout from @customer (api)\n    order moves to #awaiting\n');
    const rule = parseOrThrow('machine: @x\n  on :e\n    emit :f to @order\n      with:\n        | field | value | validation |\n        | total | 1 | at least 0 |\n', 'r.flow');
    const emit = rule.machines[0]!.scenarios[0]!.handlers[0]!.body[0] as Emit;
    const rules = emit.with!.fields[0]!.validation!;
    const ruled: Envelope = { ...envelope(':checkout', { total: -1 }), rules: { total: rules } };
    const decided = await runStep(decide(machine, machine.handlers[0]!, initialSnapshot('@order', 'order-1'), ruled, env), async () => undefined);
    expect(decided.kind).toBe('refused');
    if (decided.kind !== 'refused') return;
    expect(decided.error.problems).toMatchObject([{ field: 'total', rule: 'at least 0' }]);
    expect(decided.notice).toMatchObject({ event: ':validation_failed', to: { machine: '@customer' }, data: { event: ':checkout' }, causation_id: 'evt-1' });
  });
});
