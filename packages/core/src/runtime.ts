// The runtime: routes each arriving event to its aggregate, rebuilds it, runs the pure step,
// persists the record, then dispatches the outbox. All I/O lives here and in the dispatcher.
import { parseOrThrow, type FlowFile, type Handler } from '@eventflow/language';
import { BindingRegistry } from './bindings.ts';
import { isoTime, systemClock, type Clock } from './clock.ts';
import { defineSystem, handlersFor, pickHandler, type MachineDefinition, type SystemDefinition } from './definition.ts';
import { Dispatcher } from './dispatcher.ts';
import { machineAddress, type Envelope } from './envelope.ts';
import { EventFlowError, HandlerError, isConcurrencyError, isEventFlowError, ValidationError, type FieldProblem } from './errors.ts';
import { createIds, parseInstanceRef, type IdGenerator } from './ids.ts';
import { InstanceCache } from './instance-cache.ts';
import { KeyedMutex } from './locks.ts';
import type { AppendResult, EventStore, Subscription, Transport } from './ports.ts';
import type { StoredRecord } from './record.ts';
import { initialSnapshot, replay } from './replay.ts';
import { resolveTarget, type ResolvedTarget } from './routing.ts';
import { refuseUntargetedScheduled } from './scheduled.ts';
import { senderAddress } from './sender.ts';
import type { Snapshot } from './snapshot.ts';
import { step, type Effects, type StepEnvironment, type StepResult } from './transition.ts';
import { andThen, drive, isThenable, type Maybe } from './maybe.ts';
import type { FlowSource, InstanceView, Runtime, RuntimeOptions, SendInput, SendResult, TriggerResult } from './runtime-api.ts';

export type { FlowSource, InstanceView, Runtime, RuntimeOptions, SendInput, SendResult, TriggerResult } from './runtime-api.ts';
import { checkRules } from './validation.ts';
import { copyData, NO_ITEMS, type Mutable } from './values.ts';

/** Starts a runtime: parses the flows, subscribes every machine on the transport and dispatches what the outbox still holds. */
export async function createRuntime(options: RuntimeOptions): Promise<Runtime> {
  const runtime = new EventFlowRuntime(options);
  await runtime.start();
  return runtime;
}

function toFlowFile(flow: FlowSource | FlowFile): FlowFile {
  return 'kind' in flow ? flow : parseOrThrow(flow.source, flow.name);
}

class EventFlowRuntime implements Runtime {
  readonly definition: SystemDefinition;
  private readonly store: EventStore;
  private readonly transport: Transport;
  private readonly ids: IdGenerator;
  private readonly clock: Clock;
  private readonly env: StepEnvironment;
  private readonly cache: InstanceCache;
  private readonly locks = new KeyedMutex();
  private readonly dispatcher: Dispatcher;
  private readonly subscriptions: Subscription[] = [];
  private readonly externalLog: Envelope[] = [];
  private readonly snapshotEvery: number;
  /** For `$x becomes emit`: the instances each in-progress envelope is waiting on (deadlock check). */
  private readonly chains = new Map<string, readonly string[]>();
  /** Per machine, makes a new instance id. */
  private readonly newIds = new Map<string, () => string>();
  private sweeper?: ReturnType<typeof setInterval>;
  /** Outbox entries seen undispatched at the last sweep: only those still pending a sweep later are re-sent. */
  private suspects = new Set<string>();

  private readonly options: RuntimeOptions;

  constructor(options: RuntimeOptions) {
    this.options = options;
    this.definition = defineSystem(options.flows.map(toFlowFile), options.creators ? { creators: options.creators } : {});
    this.store = options.store;
    this.transport = options.transport;
    this.ids = options.ids ?? createIds();
    this.clock = options.clock ?? systemClock;
    this.cache = new InstanceCache(options.cacheSize ?? 1_000);
    this.snapshotEvery = options.snapshotEvery ?? 100;
    const machines = new Set(this.definition.machines.keys());
    for (const name of machines) this.newIds.set(name, () => this.ids.aggregateId(name));
    this.env = {
      bindings: new BindingRegistry(options.bindings ?? []),
      ids: this.ids,
      clock: this.clock,
      machines,
      mode: options.mode ?? 'runtime',
      request: (request, parent) => this.request(request, this.chains.get(parent.id) ?? []),
      ...(options.overrides ? { overrides: options.overrides } : {}),
    };
    this.dispatcher = new Dispatcher({
      store: this.store,
      transport: this.transport,
      clock: this.clock,
      machines,
      onExternal: (envelope) => {
        this.externalLog.push(envelope);
        options.onExternal?.(envelope);
      },
      onError: (error, envelope) => this.report(error, envelope),
      handles: options.consume !== false,
    });
  }

  async start(): Promise<void> {
    if (this.options.consume !== false) {
      for (const machine of this.definition.machines.keys()) {
        const group = this.options.group ?? 'eventflow';
        this.subscriptions.push(await this.transport.subscribe(machine, (envelope) => this.deliver(envelope), { group }));
      }
    }
    for (const record of await this.store.undispatched()) await this.dispatcher.dispatch(record);
    const every = this.options.outboxSweepMs ?? 0;
    if (every > 0) this.sweeper = setInterval(() => void this.sweep().catch((error) => this.report(error)), every);
  }

  /** Re-dispatches records that stayed undispatched across two sweeps; receivers deduplicate by event id. */
  private async sweep(): Promise<void> {
    const pending = await this.store.undispatched();
    const next = new Set<string>();
    for (const record of pending) {
      const key = `${record.aggregate_id}:${record.seq}`;
      if (this.suspects.has(key)) await this.dispatcher.dispatch(record);
      else next.add(key);
    }
    this.suspects = next;
  }

  send(input: SendInput): Promise<SendResult> {
    // Not an async function: that would cost a microtask per send even when every adapter answers at once.
    try {
      return Promise.resolve(this.accept(input));
    } catch (error) {
      return Promise.reject(error);
    }
  }

  private accept(input: SendInput): Maybe<SendResult> {
    const ref = parseInstanceRef(input.to);
    const machineName = ref.machine ?? input.to;
    const machine = this.machineOf(machineName, input.event);
    const from = input.from === undefined ? machineAddress(declaredSender(handlersFor(machine, input.event)) ?? '@external') : senderAddress(input.from, (name) => this.definition.machines.has(name));
    const sender = from.machine;
    const aggregateId = input.aggregate_id ?? (ref.machine ? ref.aggregateId : undefined);
    const envelope: Envelope = {
      id: input.id ?? this.ids.eventId(),
      event: input.event,
      conversation_id: input.conversation_id ?? this.ids.conversationId(),
      from,
      to: aggregateId ? { machine: machine.name, aggregate_id: aggregateId } : machineAddress(machine.name),
      data: copyData(plainObject(input.data)),
      timestamp: isoTime(this.clock),
      api: true,
    };
    const handler = pickHandler(machine, envelope.event, sender);
    if (!handler) {
      throw new EventFlowError('UNHANDLED_EVENT', `${machine.name} has no handler for ${input.event} from ${sender}`, {
        hint: `Handlers of ${machine.name}: ${machine.handlers.map((h) => `${h.event}${h.from ? ` from ${h.from}` : ''}`).join(', ')}`,
      });
    }
    refuseUntargetedScheduled(machine.name, input.event, handler, aggregateId);
    if (!handler.api && !input.trusted) {
      throw new EventFlowError('INTERNAL_EVENT', `${input.event} is an internal event of ${machine.name}; the public ingress refuses it`, {
        hint: `Mark the handler (api) — 'on ${input.event} from ${handler.from ?? '@actor'} (api)' — or send with { trusted: true }.`,
      });
    }
    return andThen(this.process(machine, envelope, NO_ITEMS, input.id === undefined, handler), (processed) => {
      if (!processed) throw new EventFlowError('UNHANDLED_EVENT', `${machine.name} did not handle ${input.event}`);
      return resultOf(processed);
    });
  }

  settle(): Promise<void> {
    return this.dispatcher.idle(this.options.settleTimeoutMs ?? 10_000);
  }

  async state(aggregateId: string, options: { atSeq?: number } = {}): Promise<InstanceView> {
    const id = parseInstanceRef(aggregateId).aggregateId;
    if (options.atSeq === undefined) {
      const current = await this.hydrateAny(id);
      if (current.seq === 0) throw new EventFlowError('NOT_FOUND', `No instance '${id}' is stored`);
      return view(current);
    }
    const [first] = await this.store.read(id, { toSeq: 1 });
    if (!first) throw new EventFlowError('NOT_FOUND', `No instance '${id}' is stored`);
    const machine = this.definition.machines.get(first.machine);
    const saved = machine ? await this.store.loadSnapshot?.(id, options.atSeq) : undefined;
    const base = machine && usable(saved, machine) ? saved : initialSnapshot(first.machine, id);
    return view(replay(base, await this.store.read(id, { fromSeq: base.seq + 1, toSeq: options.atSeq })));
  }

  history(aggregateId: string): Promise<StoredRecord[]> {
    return this.store.read(parseInstanceRef(aggregateId).aggregateId);
  }

  async instances(machine?: string): Promise<InstanceView[]> {
    const ids = await this.store.listAggregates(machine);
    const views: InstanceView[] = [];
    for (const id of ids) views.push(view(await this.hydrateAny(id)));
    return views;
  }

  external(): readonly Envelope[] {
    return this.externalLog;
  }

  async trigger(machineName: string, event: string): Promise<TriggerResult> {
    const machine = this.machineOf(machineName, event);
    const handler = handlersFor(machine, event).find((h) => h.triggered !== undefined) ?? handlersFor(machine, event)[0];
    if (!handler) throw new EventFlowError('UNHANDLED_EVENT', `${machine.name} has no handler for ${event}`);
    const forEach = handler.body.find((s) => s.kind === 'ForEach');
    const processed: string[] = [];
    const failed: { aggregate_id: string; error: unknown }[] = [];
    for (const id of await this.store.listAggregates(machine.name)) {
      const snapshot = await this.hydrate(machine, id);
      if (forEach && !forEach.states.includes(snapshot.state)) continue;
      const envelope: Envelope = {
        id: this.ids.eventId(),
        event,
        conversation_id: this.ids.conversationId(),
        from: machineAddress('@system'),
        to: { machine: machine.name, aggregate_id: id },
        data: {},
        timestamp: isoTime(this.clock),
      };
      try {
        await this.process(machine, envelope);
        processed.push(id);
      } catch (error) {
        failed.push({ aggregate_id: id, error });
      }
    }
    return { processed, failed };
  }

  async close(): Promise<void> {
    if (this.sweeper) clearInterval(this.sweeper);
    for (const subscription of this.subscriptions.splice(0)) await subscription.unsubscribe();
    this.dispatcher.close();
  }

  /** Handles an envelope from the transport: failures that retrying cannot fix are reported and acknowledged. */
  private deliver(envelope: Envelope): Maybe<void> {
    const machine = this.definition.machines.get(envelope.to.machine);
    let processing: Maybe<unknown>;
    try {
      processing = machine ? this.process(machine, envelope) : undefined;
    } catch (error) {
      return this.undeliverable(error, envelope);
    }
    if (processing instanceof Promise) {
      return processing.then(
        () => this.dispatcher.done(envelope.id),
        (error: unknown) => this.undeliverable(error, envelope),
      );
    }
    this.dispatcher.done(envelope.id);
  }

  /** Reports a failed delivery; acknowledges it when retrying cannot help, else throws to have it redelivered. */
  private undeliverable(error: unknown, envelope: Envelope): void {
    this.report(error, envelope);
    if (isEventFlowError(error) && error.code !== 'CONCURRENCY_ERROR' && error.code !== 'HANDLER_ERROR') {
      this.dispatcher.done(envelope.id);
      return;
    }
    throw error;
  }

  /**
   * Routes, commits and dispatches one envelope. `freshId`: the event id was generated here just
   * now, so it cannot have been processed before. Without a promise when the store, the handler
   * and the transport all answer at once (the memory adapters do).
   */
  private process(machine: MachineDefinition, envelope: Envelope, chain: readonly string[] = NO_ITEMS, freshId = false, handler?: Handler): Maybe<Processed | undefined> {
    return drive(this.processSteps(machine, envelope, chain, freshId, handler ?? pickHandler(machine, envelope.event, envelope.from.machine)));
  }

  // Only real promises are yielded (`isThenable(x) ? yield x : x`): each resume of the generator
  // costs an allocation, and on the memory adapters nothing needs one.
  private *processSteps(
    machine: MachineDefinition,
    envelope: Envelope,
    chain: readonly string[],
    freshId: boolean,
    handler: Handler | undefined,
  ): Generator<unknown, Processed | undefined, unknown> {
    if (!handler) {
      this.report(new EventFlowError('UNHANDLED_EVENT', `${machine.name} has no handler for ${envelope.event} from ${envelope.from.machine}; dropped`), envelope);
      return undefined;
    }
    if (!freshId) {
      let seen = this.store.findByEventId(envelope.id);
      if (isThenable(seen)) seen = (yield seen) as StoredRecord | undefined;
      if (seen) return new Duplicate(seen);
    }
    const addressed = envelope.to.aggregate_id;
    if (addressed !== undefined && chain.includes(addressed)) throw deadlock(envelope.event, addressed);
    let target = resolveTarget(machine, envelope, this.exists, this.newIds.get(machine.name) as () => string);
    if (isThenable(target)) target = (yield target) as ResolvedTarget;
    const id = target.aggregateId;
    if (chain.includes(id)) throw deadlock(envelope.event, id);
    // Nobody else can know an id generated just now: only named instances need the lock.
    const locked = target.explicit;
    if (locked) {
      const turn = this.locks.acquire(id);
      if (turn) yield turn;
    }
    // Load, decide, append; on a concurrent write, reload and decide again. (One generator per
    // event: a second one for this loop cost more than the loop.)
    const work = machine.requests ? [...chain, id] : chain;
    let record: StoredRecord;
    let committed = false;
    try {
      for (let attempt = 0; ; attempt++) {
        let snapshot = this.load(machine, id, !locked && attempt === 0);
        if (isThenable(snapshot)) snapshot = (yield snapshot) as Snapshot;
        if (envelope.rules) yield this.checkRules(machine, envelope);
        let decided = this.decide(machine, handler, snapshot, envelope, work);
        if (isThenable(decided)) decided = (yield decided) as StepResult;
        const effects = decided[1];
        record = effects.record as StoredRecord;
        if (effects.broadcasts.length > 0) record = (yield this.withBroadcasts(record, effects.broadcasts)) as StoredRecord;
        try {
          let appended = this.store.append(id, snapshot.seq, [record]);
          if (isThenable(appended)) appended = (yield appended) as AppendResult;
          if (appended.status === 'duplicate') {
            record = ((yield this.store.findByEventId(envelope.id)) as StoredRecord | undefined) ?? record;
            break;
          }
        } catch (error) {
          this.cache.delete(id);
          if (isConcurrencyError(error) && attempt < 5) continue;
          throw error;
        }
        committed = true;
        const saving = this.remember(machine, snapshot, record, decided);
        if (isThenable(saving)) yield saving;
        break;
      }
    } finally {
      if (locked) this.locks.release(id);
    }
    // The record is committed: a transport failure now must not fail the caller. The dispatcher
    // reports it, and the outbox keeps the envelopes for the next start (or sweep).
    if (committed) {
      const dispatching = this.dispatcher.dispatch(record, envelope);
      if (isThenable(dispatching)) yield dispatching;
    }
    return committed ? record : new Duplicate(record);
  }

  /** The instance to decide on. `fresh`: its id was generated just now, so nothing is stored yet. */
  private load(machine: MachineDefinition, aggregateId: string, fresh: boolean): Maybe<Snapshot> {
    return fresh ? initialSnapshot(machine.name, aggregateId) : (this.cache.get(aggregateId) ?? this.hydrate(machine, aggregateId));
  }

  /** After a commit: caches the new state, and writes a snapshot when one is due. */
  private remember(machine: MachineDefinition, before: Snapshot, record: StoredRecord, decided: StepResult): Maybe<void> {
    const effects = decided[1];
    const after = effects.broadcasts.length > 0 ? replay(before, [record]) : decided[0];
    this.cache.set(after);
    this.options.observe?.(record, effects, after);
    return this.snapshotDue(after) ? this.saveSnapshot(machine, after) : undefined;
  }

  /** Is an instance stored? Without a promise when it is cached. */
  private readonly exists = (aggregateId: string): Maybe<boolean> =>
    this.cache.get(aggregateId) !== undefined || andThen(this.store.lastSeq(aggregateId), (seq) => seq > 0);

  /** The pure step; for machines that make synchronous requests, it records who waits on whom meanwhile. */
  private decide(machine: MachineDefinition, handler: Handler, snapshot: Snapshot, envelope: Envelope, chain: readonly string[]): Maybe<StepResult> {
    if (!machine.requests) return step(machine, snapshot, envelope, this.env, handler);
    this.chains.set(envelope.id, chain);
    return Promise.resolve(step(machine, snapshot, envelope, this.env, handler)).finally(() => this.chains.delete(envelope.id));
  }

  private async hydrate(machine: MachineDefinition, aggregateId: string): Promise<Snapshot> {
    const cached = this.cache.get(aggregateId);
    if (cached) return cached;
    let base = initialSnapshot(machine.name, aggregateId);
    const saved = await this.store.loadSnapshot?.(aggregateId);
    if (usable(saved, machine)) base = saved;
    const snapshot = replay(base, await this.store.read(aggregateId, { fromSeq: base.seq + 1 }));
    this.cache.set(snapshot);
    return snapshot;
  }

  /** An instance of any machine, brought up to date with the store (another runtime may have written). */
  private async hydrateAny(aggregateId: string): Promise<Snapshot> {
    const cached = this.cache.get(aggregateId);
    if (cached) {
      if ((await this.store.lastSeq(aggregateId)) === cached.seq) return cached;
      const fresh = replay(cached, await this.store.read(aggregateId, { fromSeq: cached.seq + 1 }));
      this.cache.set(fresh);
      return fresh;
    }
    const [first] = await this.store.read(aggregateId, { toSeq: 1 });
    const machine = first?.machine ?? '@unknown';
    const definition = this.definition.machines.get(machine);
    return definition ? this.hydrate(definition, aggregateId) : replay(initialSnapshot(machine, aggregateId), await this.store.read(aggregateId));
  }

  private snapshotDue(snapshot: Snapshot): boolean {
    return this.store.saveSnapshot !== undefined && this.snapshotEvery > 0 && snapshot.seq % this.snapshotEvery === 0;
  }

  private async saveSnapshot(machine: MachineDefinition, snapshot: Snapshot): Promise<void> {
    await this.store.saveSnapshot?.({ ...snapshot, definition_version: machine.version });
  }

  /** The receiver checks the sender's declared rules before the handler runs. */
  private async checkRules(machine: MachineDefinition, envelope: Envelope): Promise<void> {
    if (!envelope.rules) return;
    const problems: FieldProblem[] = [];
    for (const [field, rules] of Object.entries(envelope.rules)) {
      const lookup = (name: string) => this.env.bindings.named('rule', machine.name, name) as never;
      problems.push(...(await checkRules(field, envelope.data[field], rules, lookup)));
    }
    if (problems.length === 0) return;
    const failure: Envelope = {
      id: this.ids.eventId(),
      event: ':validation_failed',
      conversation_id: envelope.conversation_id,
      from: machineAddress(machine.name),
      to: envelope.from,
      data: { event: envelope.event, errors: problems },
      timestamp: isoTime(this.clock),
      causation_id: envelope.id,
    };
    await this.dispatcher.sendNow([failure]);
    throw new ValidationError(`Event ${envelope.event} to ${machine.name} has invalid data`, problems);
  }

  private async withBroadcasts(record: StoredRecord, broadcasts: Effects['broadcasts']): Promise<StoredRecord> {
    const extra: Envelope[] = [];
    for (const broadcast of broadcasts) {
      for (const id of await this.store.listAggregates(broadcast.machine)) {
        const target = this.definition.machines.get(broadcast.machine);
        const snapshot = target ? await this.hydrate(target, id) : undefined;
        if (broadcast.states.length > 0 && (!snapshot || !broadcast.states.includes(snapshot.state))) continue;
        extra.push({
          id: this.ids.eventId(),
          event: broadcast.event,
          conversation_id: this.ids.conversationId(),
          from: { machine: record.machine, aggregate_id: record.aggregate_id },
          to: { machine: broadcast.machine, aggregate_id: id },
          data: broadcast.data,
          timestamp: isoTime(this.clock),
          causation_id: record.event_id,
        });
      }
    }
    return { ...record, outcome: { ...record.outcome, emitted: [...record.outcome.emitted, ...extra] } };
  }

  /** `$x becomes emit ...`: runs the target inline and returns what it decided. */
  private async request(envelope: Envelope, chain: readonly string[]): Promise<Record<string, unknown>> {
    const machine = this.definition.machines.get(envelope.to.machine);
    if (!machine) return { success: false, error: `${envelope.to.machine} is not a machine of this system` };
    try {
      const processed = await this.process(machine, envelope, chain);
      if (!processed) return { success: false, error: `${machine.name} has no handler for ${envelope.event}` };
      const result = resultOf(processed);
      return {
        ...(result.reply?.body ?? {}),
        success: true,
        state: result.state.replace(/^#/, ''),
        aggregate_id: result.aggregate_id,
        ...(result.reply ? { reply: result.reply } : {}),
      };
    } catch (error) {
      if (error instanceof HandlerError && /deadlock/.test(error.message)) throw error;
      return { success: false, error: error instanceof Error ? error.message : String(error) };
    }
  }

  private machineOf(name: string, event: string): MachineDefinition {
    const machine = this.definition.machines.get(name);
    if (!machine) {
      throw new EventFlowError('UNKNOWN_MACHINE', `Cannot send ${event} to ${name}: no such machine`, {
        hint: `Machines: ${[...this.definition.machines.keys()].join(', ')}`,
      });
    }
    return machine;
  }

  private report(error: unknown, envelope?: Envelope): void {
    this.options.onError?.(error, envelope);
  }
}

/** A stored snapshot is used only when the same definition wrote it, in the current layout. */
function usable(saved: Snapshot | undefined, machine: MachineDefinition): saved is Snapshot {
  return saved !== undefined && saved.definition_version === machine.version && Array.isArray(saved.conversations);
}

/** The sender the first handler that names one expects (`on :e from @customer`). */
function declaredSender(handlers: readonly Handler[]): string | undefined {
  for (let i = 0; i < handlers.length; i++) {
    const from = (handlers[i] as Handler).from;
    if (from !== undefined) return from;
  }
  return undefined;
}

function deadlock(event: string, aggregateId: string): HandlerError {
  return new HandlerError(`Synchronous emit ${event} would wait for ${aggregateId}, which is already waiting (deadlock)`);
}

/** The payload as a plain object (a class instance or a Map becomes its own enumerable fields). */
function plainObject(data: SendInput['data']): Record<string, unknown> {
  if (data === undefined) return {};
  return Object.getPrototypeOf(data) === Object.prototype ? data : { ...data };
}

/** What processing an envelope came to: the record it committed, or a Duplicate. */
type Processed = StoredRecord | Duplicate;

/** The envelope's event id was processed before: `record` is what that stored. */
class Duplicate {
  readonly record: StoredRecord;

  constructor(record: StoredRecord) {
    this.record = record;
  }
}

/** Built only for callers that use it (deliveries from the transport do not). */
function resultOf(processed: Processed): SendResult {
  const duplicate = processed instanceof Duplicate;
  const record = duplicate ? processed.record : processed;
  const result: Mutable<SendResult> = {
    aggregate_id: record.aggregate_id,
    machine: record.machine,
    state: record.outcome.state_after,
    seq: record.seq,
    event_id: record.event_id,
    conversation_id: record.conversation_id ?? '',
    duplicate,
  };
  if (record.outcome.reply) result.reply = record.outcome.reply;
  return result;
}

function view(snapshot: Snapshot): InstanceView {
  return {
    machine: snapshot.machine,
    aggregate_id: snapshot.aggregate_id,
    state: snapshot.state,
    context: snapshot.context,
    seq: snapshot.seq,
    history: snapshot.history,
    links: snapshot.links,
    conversations: snapshot.conversations,
  };
}
