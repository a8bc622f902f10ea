// createRuntime(): the public Runtime. Each method is a thin use of the pipeline (send, trigger,
// deliveries), the instances (state, instances) or the dispatcher (settle).
import { parseOrThrow, type FlowFile } from '@eventflow/language';
import { BindingRegistry } from '../bindings.ts';
import { systemClock, Timestamps } from '../clock.ts';
import { defineSystem, handlersFor, type SystemDefinition } from '../definition.ts';
import type { Envelope } from '../envelope.ts';
import { EventFlowError } from '../errors.ts';
import { createIds, parseInstanceRef, type IdGenerator } from '../ids.ts';
import type { EventStore, Subscription, Transport } from '../ports.ts';
import type { StoredRecord } from '../record.ts';
import type { Snapshot } from '../snapshot.ts';
import type { StepEnvironment } from '../step/environment.ts';
import type { FlowSource, InstanceView, Runtime, RuntimeOptions, SendInput, SendResult, TriggerResult } from './api.ts';
import { DEFAULT_CONFLICT_POLICY } from './conflict-retry.ts';
import { Dispatcher } from './dispatcher.ts';
import { isPermanent, unknownMachine } from './failures.ts';
import { envelopeOf, resultOf } from './ingress.ts';
import { IngressBatch } from './ingress-batch.ts';
import { Instances } from './instances.ts';
import { OutboxSweep } from './outbox-sweep.ts';
import type { Handled, HandleOptions } from './batch.ts';
import { Pipeline } from './pipeline.ts';

/** Starts a runtime: parses the flows, subscribes every machine on the transport and re-sends what the outbox still holds. */
export async function createRuntime(options: RuntimeOptions): Promise<Runtime> {
  const runtime = new EventFlowRuntime(options);
  await runtime.start();
  return runtime;
}

class EventFlowRuntime implements Runtime {
  readonly definition: SystemDefinition;
  private readonly options: RuntimeOptions;
  private readonly store: EventStore;
  private readonly transport: Transport;
  private readonly ids: IdGenerator;
  private readonly time: Timestamps;
  private readonly instanceStore: Instances;
  private readonly dispatcher: Dispatcher;
  private readonly pipeline: Pipeline;
  private readonly sweep: OutboxSweep;
  private readonly sends: IngressBatch;
  private readonly subscriptions: Subscription[] = [];
  /** The latest envelopes to outside actors, oldest first (at most `externalLimit`). */
  private readonly externalLog: Envelope[] = [];

  constructor(options: RuntimeOptions) {
    this.options = options;
    this.definition = defineSystem(options.flows.map(toFlowFile), options.creators ? { creators: options.creators } : {});
    this.store = options.store;
    this.transport = options.transport;
    this.ids = options.ids ?? createIds();
    this.time = new Timestamps(options.clock ?? systemClock);
    const machines = new Set(this.definition.machines.keys());
    const env: StepEnvironment = {
      bindings: new BindingRegistry(options.bindings ?? []),
      ids: this.ids,
      time: this.time,
      machines,
      mode: options.mode ?? 'runtime',
      ...(options.overrides ? { overrides: options.overrides } : {}),
    };
    this.instanceStore = new Instances(this.store, this.definition, { cacheSize: options.cacheSize ?? 1_000, snapshotEvery: options.snapshotEvery ?? 100 });
    this.dispatcher = new Dispatcher({
      store: this.store,
      transport: this.transport,
      clock: this.time.clock,
      machines,
      onExternal: (envelope) => this.noteExternal(envelope),
      onError: (error, envelope) => this.report(error, envelope),
      inFlightLimit: options.inFlightLimit ?? 100_000,
    });
    this.pipeline = new Pipeline({
      system: this.definition,
      store: this.store,
      env,
      instances: this.instanceStore,
      dispatcher: this.dispatcher,
      conflicts: {
        timeoutMs: options.conflictTimeoutMs ?? DEFAULT_CONFLICT_POLICY.timeoutMs,
        firstWaitMs: options.conflictFirstWaitMs ?? DEFAULT_CONFLICT_POLICY.firstWaitMs,
        longestWaitMs: options.conflictLongestWaitMs ?? DEFAULT_CONFLICT_POLICY.longestWaitMs,
      },
      observe: options.observe,
      report: (error, envelope) => this.report(error, envelope),
    });
    this.sweep = new OutboxSweep(this.store, (records) => this.dispatcher.resend(records));
    this.sends = new IngressBatch((envelopes, options) => this.pipeline.handle(envelopes, options));
  }

  async start(): Promise<void> {
    if (this.options.consume !== false) {
      const group = this.options.group ?? 'eventflow';
      for (const machine of this.definition.machines.keys()) {
        this.subscriptions.push(await this.transport.subscribe(machine, (envelopes) => this.deliver(envelopes), { group }));
      }
    }
    await this.sweep.all();
    const every = this.options.outboxSweepMs ?? 0;
    if (every > 0) this.sweep.every(every, (error) => this.report(error));
  }

  async send(input: SendInput): Promise<SendResult> {
    const envelope = envelopeOf(input, this.definition, this.ids, this.time, this.options.payload);
    const { results, index } = this.sends.add(envelope, sendOptions(input));
    return resultOf((await results)[index] as Handled);
  }

  settle(): Promise<void> {
    return this.dispatcher.idle(this.options.settleTimeoutMs ?? 10_000);
  }

  async state(aggregateId: string, options: { atSeq?: number } = {}): Promise<InstanceView> {
    const id = parseInstanceRef(aggregateId).aggregateId;
    const snapshot = await this.instanceStore.load(id, options.atSeq === undefined ? { refresh: true } : { atSeq: options.atSeq });
    if (snapshot.seq === 0 && !(await this.instanceStore.exists(id))) throw new EventFlowError('NOT_FOUND', `No instance '${id}' is stored`);
    return view(snapshot);
  }

  history(aggregateId: string): Promise<StoredRecord[]> {
    return this.store.read(parseInstanceRef(aggregateId).aggregateId);
  }

  async instances(machine?: string): Promise<InstanceView[]> {
    const views: InstanceView[] = [];
    for await (const id of this.instanceStore.ids(machine)) views.push(view(await this.instanceStore.load(id, { refresh: true })));
    return views;
  }

  external(): Envelope[] {
    return [...this.externalLog];
  }

  async trigger(machineName: string, event: string): Promise<TriggerResult> {
    const machine = this.definition.machines.get(machineName);
    if (!machine) throw unknownMachine(this.definition, machineName, event);
    const handlers = handlersFor(machine, event);
    const handler = handlers.find((h) => h.triggered !== undefined) ?? handlers[0];
    if (!handler) throw new EventFlowError('UNHANDLED_EVENT', `${machine.name} has no handler for ${event}`);
    const forEach = handler.body.find((statement) => statement.kind === 'ForEach');
    const processed: string[] = [];
    const failed: { aggregate_id: string; error: unknown }[] = [];
    for await (const id of this.instanceStore.ids(machine.name)) {
      const snapshot = await this.instanceStore.load(id, { machine });
      if (forEach && !forEach.states.includes(snapshot.state)) continue;
      const envelope: Envelope = {
        id: this.ids.eventId(),
        event,
        conversation_id: this.ids.conversationId(),
        from: { machine: '@system' },
        to: { machine: machine.name, aggregate_id: id },
        data: {},
        timestamp: this.time.iso(),
      };
      // Each instance in its own transaction: one failing does not stop the others.
      const [handled] = await this.pipeline.handle([envelope], { newIds: true });
      if (handled?.kind === 'failed') failed.push({ aggregate_id: id, error: handled.error });
      else processed.push(id);
    }
    return { processed, failed };
  }

  async close(): Promise<void> {
    this.sweep.stop();
    for (const subscription of this.subscriptions.splice(0)) await subscription.unsubscribe();
    this.dispatcher.close();
  }

  /** A batch from the transport. Failures retrying cannot fix are reported and acknowledged; any other rejects the batch, to have it delivered again. */
  private async deliver(envelopes: readonly Envelope[]): Promise<void> {
    const results = await this.pipeline.handle(envelopes, { delivered: true });
    let retry: unknown;
    results.forEach((result, i) => {
      if (result.kind !== 'failed') return;
      this.report(result.error, envelopes[i]);
      if (!isPermanent(result.error)) retry ??= result.error;
    });
    if (retry !== undefined || results.some((result) => result.kind === 'deferred')) throw retry;
  }

  private noteExternal(envelope: Envelope): void {
    this.externalLog.push(envelope);
    if (this.externalLog.length > (this.options.externalLimit ?? 1_000)) this.externalLog.shift();
    this.options.onExternal?.(envelope);
  }

  private report(error: unknown, envelope?: Envelope): void {
    this.options.onError?.(error, envelope);
  }
}

/** How a send is handled: whether its id is made here (nobody looks it up), whether it is trusted (no (api) rule). One object per kind, so sends of one kind travel together. */
const SENDS = {
  new: { newIds: true, sent: 'public' },
  newTrusted: { newIds: true, sent: 'trusted' },
  named: { sent: 'public' },
  namedTrusted: { sent: 'trusted' },
} as const satisfies Record<string, HandleOptions>;

function sendOptions(input: SendInput): HandleOptions {
  if (input.id === undefined) return input.trusted ? SENDS.newTrusted : SENDS.new;
  return input.trusted ? SENDS.namedTrusted : SENDS.named;
}

function toFlowFile(flow: FlowSource | FlowFile): FlowFile {
  return 'kind' in flow ? flow : parseOrThrow(flow.source, flow.name);
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
