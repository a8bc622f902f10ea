// Walks one scenario's handlers in document order (LANGUAGE.md §6.1): events from outside are
// injected; replies from machines that are not loaded are injected while a request is pending;
// a second reply from an already-answered machine is an alternative branch and is skipped;
// events from loaded machines arrive through the system by themselves.
import { BindingRegistry, isEventFlowError, type InstanceView, type Overrides, type SendResult } from '@eventflow/core';
import type { Assertion, FlowFile, GivenLine, Handler, MachineDecl, Scenario } from '@eventflow/language';
import { check } from './assertions.ts';
import { applyGivens, mergeGivens, type GivenWorld } from './given.ts';
import type { FlowSuite } from './suite.ts';
import { World } from './world.ts';

export interface StepReport {
  readonly handler: Handler;
  readonly name: string;
  readonly error?: string;
  readonly durationMs: number;
}

export interface WalkPlan {
  /** The files whose machines the world loads (default: the whole suite). A machine test loads only its own file (§6.1). */
  readonly files?: readonly FlowFile[];
  readonly overrides?: Overrides;
  /** `with scenario:` lines, merged over the scenario's `given:`. */
  readonly withScenario?: readonly GivenLine[];
  /** Stop after delivering the first handler for which this returns true (inclusive). */
  readonly stopAfter?: (handler: Handler) => boolean;
  /** Changes applied to the handler that `stopAfter` selects, before it is delivered. */
  readonly atTarget?: { readonly withGiven: readonly GivenLine[]; readonly withEvent: readonly GivenLine[]; readonly withContext: readonly GivenLine[] };
}

export interface WalkResult {
  readonly world: World;
  readonly aggregateId: string;
  readonly steps: StepReport[];
  readonly initialContext: Readonly<Record<string, unknown>>;
  /** Set when a step failed: later steps did not run. */
  readonly stopped: boolean;
  readonly warnings: string[];
}

export async function walk(suite: FlowSuite, machine: MachineDecl, scenario: Scenario, plan: WalkPlan = {}): Promise<WalkResult> {
  const world = await World.create({ files: plan.files ?? suite.files, bindings: suite.bindingSets, ...(plan.overrides ? { overrides: plan.overrides } : {}) });
  const bindings = suite.bindings;
  const given: GivenWorld = { context: {}, payload: {}, warnings: [] };
  await applyGivens(mergeGivens(scenario.given, plan.withScenario ?? []), given, 'context', bindings, machine.name, Date.now());
  const aggregateId = await world.seed(machine.name, given.state, given.context);
  const steps: StepReport[] = [];
  const pending = new Map<string, number>();
  const answered = new Set<string>();
  let stopped = false;
  for (const handler of scenario.handlers) {
    const started = Date.now();
    const from = handler.from;
    const isTarget = plan.stopAfter?.(handler) ?? false;
    const arrivesBySystem = from !== undefined && from !== machine.name && world.machines.has(from);
    let result: Delivered;
    if (arrivesBySystem) {
      const record = (await world.history(aggregateId)).find((r) => r.event_type === handler.event);
      if (!record) {
        if (answered.has(from)) continue;
        result = { state: '', error: `Expected ${handler.event} from ${from} to arrive, but it did not (events sent: ${world.envelopes.map((e) => e.event).join(', ') || 'none'})` };
      } else {
        answered.add(from);
        result = { state: record.outcome.state_after, payload: record.data };
      }
    } else {
      if (from !== undefined && (pending.get(from) ?? 0) === 0 && answered.has(from) && !isTarget) continue;
      const before = world.envelopes.length;
      result = await deliver(world, suite, machine, aggregateId, handler, isTarget ? plan.atTarget : undefined);
      if (from !== undefined && (pending.get(from) ?? 0) > 0) {
        pending.set(from, (pending.get(from) ?? 0) - 1);
        answered.add(from);
      }
      for (const envelope of world.envelopes.slice(before)) {
        if (envelope.from.aggregate_id === aggregateId && !world.machines.has(envelope.to.machine)) {
          pending.set(envelope.to.machine, (pending.get(envelope.to.machine) ?? 0) + 1);
        }
      }
    }
    const systemErrors = world.errors.splice(0);
    let error = result.error ?? (systemErrors.length > 0 ? systemErrors.map(describeError).join('\n') : undefined);
    if (!error && handler.expect.length > 0) {
      error = await checkAll(handler.expect, world, bindings, await world.view(aggregateId), given.context, result.payload);
    }
    const name = `${handler.event.slice(1)} → ${result.state.replace(/^#/, '') || '?'}`;
    steps.push({ handler, name, durationMs: Date.now() - started, ...(error ? { error } : {}) });
    if (error) {
      stopped = true;
      break;
    }
    if (isTarget) break;
  }
  return { world, aggregateId, steps, initialContext: given.context, stopped, warnings: [...given.warnings, ...world.warnings] };
}

/** How a step ended, and the payload its event carried (an event-level `expect:` reads it). */
interface Delivered {
  readonly state: string;
  readonly error?: string;
  readonly payload?: Readonly<Record<string, unknown>>;
}

async function deliver(
  world: World,
  suite: FlowSuite,
  machine: MachineDecl,
  aggregateId: string,
  handler: Handler,
  target: WalkPlan['atTarget'],
): Promise<Delivered> {
  const event: GivenWorld = { context: {}, payload: {}, warnings: [] };
  try {
    if (target?.withContext.length) {
      const ctx: GivenWorld = { context: {}, payload: {}, warnings: [] };
      await applyGivens(target.withContext, ctx, 'context', suite.bindings, machine.name, Date.now());
      await world.patchContext(aggregateId, ctx.context);
    }
    await applyGivens(mergeGivens(handler.given, target?.withGiven ?? []), event, 'payload', suite.bindings, machine.name, Date.now());
    await applyGivens(target?.withEvent ?? [], event, 'payload', suite.bindings, machine.name, Date.now());
    world.warnings.push(...event.warnings);
    const from = handler.from !== undefined && event.senderId !== undefined ? { machine: handler.from, id: event.senderId } : handler.from;
    const result: SendResult = await world.deliver(machine.name, aggregateId, handler.event, from, event.payload);
    return { state: result.state, payload: event.payload };
  } catch (error) {
    return { state: '', error: describeError(error) };
  }
}

/** Delivers one event straight to the instance under test (`receive` / `then` steps). */
export async function inject(world: World, machine: string, aggregateId: string, event: string, from: string | undefined): Promise<string | undefined> {
  try {
    await world.deliver(machine, aggregateId, event, from, {});
    const errors = world.errors.splice(0);
    return errors.length > 0 ? errors.map(describeError).join('\n') : undefined;
  } catch (error) {
    return describeError(error);
  }
}

export async function checkAll(
  assertions: readonly Assertion[],
  world: World,
  bindings: BindingRegistry,
  underTest: InstanceView,
  initialContext: Readonly<Record<string, unknown>>,
  payload?: Readonly<Record<string, unknown>>,
): Promise<string | undefined> {
  for (const assertion of assertions) {
    try {
      const failure = await check(assertion, { world, underTest, bindings, initialContext, ...(payload ? { payload } : {}) });
      if (failure) return `${failure} (${assertion.loc.file}:${assertion.loc.line})`;
    } catch (error) {
      return `${describeError(error)} (${assertion.loc.file}:${assertion.loc.line})`;
    }
  }
  return undefined;
}

export function describeError(error: unknown): string {
  if (isEventFlowError(error)) return `${error.message}${error.hint ? `\n\nHint: ${error.hint}` : ''}`;
  return error instanceof Error ? error.message : String(error);
}
