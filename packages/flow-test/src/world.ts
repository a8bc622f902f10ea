// A fresh world per test: memory adapters, every machine of the loaded files, and logs of what
// crossed the system (envelopes, action calls, guards) for the assertions.
import {
  createIds,
  createRuntime,
  setPath,
  steppingClock,
  type ActionCall,
  type BindingSet,
  type Envelope,
  type EventStore,
  type InstanceView,
  type Overrides,
  type Reply,
  type Runtime,
  type SenderInput,
  type SendResult,
  type StoredRecord,
} from '@eventflow/core';
import type { FlowFile } from '@eventflow/language';
import { createMemoryStore, createMemoryTransport } from '@eventflow/memory';
import { givenRecord } from './given.ts';
import { isViolationNotice, violationError } from './problems.ts';

export interface WorldOptions {
  readonly files: readonly FlowFile[];
  readonly bindings: readonly BindingSet[];
  readonly overrides?: Overrides;
}

export interface CallRecord extends ActionCall {
  readonly machine: string;
}

export class World {
  readonly envelopes: Envelope[] = [];
  readonly calls: CallRecord[] = [];
  readonly guards: { machine: string; text: string; value: boolean }[] = [];
  readonly warnings: string[] = [];
  readonly handled: { machine: string; event: string; states: readonly string[] }[] = [];
  readonly errors: unknown[] = [];
  lastReply?: Reply;
  private readonly runtime: Runtime;
  private readonly store: EventStore;
  private readonly clock = steppingClock();

  private constructor(runtime: Runtime, store: EventStore) {
    this.runtime = runtime;
    this.store = store;
  }

  static async create(options: WorldOptions): Promise<World> {
    const store = createMemoryStore();
    const inner = createMemoryTransport();
    const holder: { world?: World } = {};
    const runtime = await createRuntime({
      flows: options.files,
      store,
      transport: {
        durable: inner.durable,
        publish: async (envelopes) => {
          holder.world?.envelopes.push(...envelopes);
          await inner.publish(envelopes);
        },
        subscribe: (machine, handler, opts) => inner.subscribe(machine, handler, opts),
        close: () => inner.close(),
      },
      bindings: options.bindings,
      ids: createIds({ seed: 1 }),
      mode: 'test',
      ...(options.overrides ? { overrides: options.overrides } : {}),
      onExternal: (envelope) => holder.world?.envelopes.push(envelope),
      onError: (error, envelope) => {
        if (!isViolationNotice(error, envelope?.event)) holder.world?.errors.push(error);
      },
      observe: (record, effects) => {
        const world = holder.world as World;
        if (effects.violation) world.errors.push(violationError(record.machine, record.event_type, effects.violation));
        for (const call of effects.calls) world.calls.push({ ...call, machine: record.machine });
        for (const guard of effects.guards) world.guards.push({ ...guard, machine: record.machine });
        world.warnings.push(...effects.warnings);
        world.handled.push({ machine: record.machine, event: record.event_type, states: record.outcome.states_entered });
      },
      settleTimeoutMs: 5_000,
    });
    const world = new World(runtime, store);
    holder.world = world;
    return world;
  }

  /** Creates the instance under test with the state and context its `given:` lines describe. */
  async seed(machine: string, state: string | undefined, context: Record<string, unknown>): Promise<string> {
    const aggregateId = `${machine.slice(1)}-under-test`;
    await this.appendGiven(aggregateId, 0, givenRecord(machine, aggregateId, state, context, new Date(this.clock.now()).toISOString()));
    return aggregateId;
  }

  /** Delivers an event to the instance under test, as a trusted sender; then drains the system. */
  async deliver(machine: string, aggregateId: string, event: string, from: SenderInput | undefined, data: Record<string, unknown>): Promise<SendResult> {
    const result = await this.runtime.send({ event, to: machine, aggregate_id: aggregateId, ...(from ? { from } : {}), data, trusted: true });
    if (result.reply) this.lastReply = result.reply;
    await this.runtime.settle();
    return result;
  }

  /** Applies a `with context:` change straight to the instance (a test-only record). */
  async patchContext(aggregateId: string, changes: Record<string, unknown>): Promise<void> {
    const view = await this.view(aggregateId);
    let context = { ...view.context } as Record<string, unknown>;
    for (const [key, value] of Object.entries(changes)) context = setPath(context, key.split('.'), value);
    await this.appendGiven(aggregateId, view.seq, {
      aggregate_id: aggregateId,
      machine: view.machine,
      seq: view.seq + 1,
      event_id: `context-${aggregateId}-${view.seq + 1}`,
      event_type: ':given',
      data: {},
      timestamp: new Date(this.clock.now()).toISOString(),
      outcome: { state_after: view.state, context_patch: { set: context, unset: [] }, states_entered: [], emitted: [] },
    });
  }

  /** Stores a test-only record straight into the instance's stream. */
  private async appendGiven(aggregateId: string, expectedSeq: number, record: StoredRecord): Promise<void> {
    const [result] = await this.store.append([{ aggregateId, expectedSeq, records: [record] }]);
    if (result?.status !== 'appended') throw new Error(`Could not store the given state of ${aggregateId}: ${result?.status ?? 'no result'}`);
  }

  history(aggregateId: string): Promise<StoredRecord[]> {
    return this.runtime.history(aggregateId);
  }

  view(aggregateId: string): Promise<InstanceView> {
    return this.runtime.state(aggregateId);
  }

  /** The instance of `machine` this test talks about: linked from the instance under test, else the latest. */
  async instanceOf(machine: string, underTest: InstanceView): Promise<InstanceView | undefined> {
    if (machine === underTest.machine) return underTest;
    const linked = underTest.links[machine]?.at(-1);
    if (linked) return this.view(linked.aggregate_id);
    const all = await this.runtime.instances(machine);
    return all.at(-1);
  }

  get machines(): ReadonlySet<string> {
    return new Set(this.runtime.definition.machines.keys());
  }

  close(): Promise<void> {
    return this.runtime.close();
  }
}
