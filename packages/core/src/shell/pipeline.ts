// The shell's one path for every event, sent or delivered: route -> lock -> load -> decide -> append
// -> publish. A batch is grouped by instance: one instance's events are decided in order, different
// instances independently, and the batch's records go to the store in one append.
import type { Handler } from '@eventflow/language';
import { pickHandler, type MachineDefinition, type SystemDefinition } from '../definition.ts';
import type { Envelope } from '../envelope.ts';
import { ConcurrencyError, DeadlockError } from '../errors.ts';
import type { Commit, CommitResult, EventStore } from '../ports.ts';
import type { StoredRecord } from '../record.ts';
import type { Snapshot } from '../snapshot.ts';
import type { StepEnvironment } from '../step/environment.ts';
import { decide, type Decided, type Effects } from '../step/step.ts';
import { NO_ITEMS } from '../values.ts';
import { ConflictRetry } from './conflict-retry.ts';
import type { Dispatcher } from './dispatcher.ts';
import { internalEvent, isPermanent, unhandled, unknownMachine } from './failures.ts';
import type { Instances } from './instances.ts';
import { KeyedMutex } from './locks.ts';
import { instancesIn, requestAnswer } from './questions.ts';
import { resolveTarget } from './routing.ts';
import { runStep } from './run-step.ts';

export interface HandleOptions {
  /** The envelopes' ids were made just now: they cannot have been handled before, so nobody looks. */
  readonly newIds?: boolean;
  /** They come through the public ingress: handlers not marked (api) refuse them. */
  readonly ingress?: boolean;
  /** They come from the transport: the dispatcher learns which are done (settle(), the outbox). */
  readonly delivered?: boolean;
  /** Instances whose steps wait for this answer (`$x becomes emit`): handling one of them now would deadlock. */
  readonly waiting?: readonly string[];
}

/** What became of one envelope. */
export type Handled =
  | { readonly kind: 'committed'; readonly record: StoredRecord }
  /** Its event id had been handled before: `record` is what that stored. */
  | { readonly kind: 'duplicate'; readonly record: StoredRecord }
  | { readonly kind: 'failed'; readonly error: unknown }
  /** Not tried: an earlier event of its instance failed in a way a redelivery may fix. */
  | { readonly kind: 'deferred' };

/** An envelope, the handler that takes it and the instance it goes to. */
interface Routed {
  readonly index: number;
  readonly envelope: Envelope;
  readonly machine: MachineDefinition;
  readonly handler: Handler;
  readonly aggregateId: string;
  /** The id was made just now for a new instance. */
  readonly created: boolean;
}

/** One instance's events in one batch. */
type Group = readonly Routed[];

/** What deciding one group came to: the events accepted (its commit), and notices to senders whose data broke their rules. */
interface GroupDecision {
  readonly group: Group;
  readonly accepted: Accepted[];
  readonly notices: Envelope[];
}

/** One event decided: the record, and what goes with it until it is committed. */
interface Accepted {
  readonly item: Routed;
  readonly record: StoredRecord;
  readonly snapshot: Snapshot;
  readonly effects: Effects;
}

export interface PipelineParts {
  readonly system: SystemDefinition;
  readonly store: EventStore;
  readonly env: StepEnvironment;
  readonly instances: Instances;
  readonly dispatcher: Dispatcher;
  /** How long conflicts of one instance are retried. */
  readonly conflictTimeoutMs: number;
  readonly observe?: ((record: StoredRecord, effects: Effects, snapshot: Snapshot) => void) | undefined;
  /** Failures that belong to no event's result (a snapshot that could not be saved). */
  readonly report: (error: unknown, envelope?: Envelope) => void;
}

const DEFERRED: Handled = { kind: 'deferred' };

export class Pipeline {
  private readonly parts: PipelineParts;
  private readonly locks = new KeyedMutex();

  constructor(parts: PipelineParts) {
    this.parts = parts;
  }

  /** Handles a batch; never rejects: each envelope's failure is in its result. */
  async handle(envelopes: readonly Envelope[], options: HandleOptions = {}): Promise<Handled[]> {
    const results: Handled[] = new Array<Handled>(envelopes.length);
    const groups = await this.route(envelopes, options, results);
    const notices: Envelope[] = [];
    // Machines that ask synchronously wait mid-step for other instances' locks: their groups commit
    // on their own, so no request waits for a lock held until the batch's shared append.
    const together = groups.filter((group) => !(group[0] as Routed).machine.requests);
    const alone = groups.filter((group) => (group[0] as Routed).machine.requests);
    const committed = await Promise.all([this.commit(together, options, results, notices), ...alone.map((group) => this.commit([group], options, results, notices))]);
    const handled = options.delivered ? envelopes.filter((_, i) => isDone(results[i] as Handled)) : NO_ITEMS;
    await this.parts.dispatcher.complete({ records: committed.flat(), notices, handled }, envelopes.length === 1 ? envelopes[0] : undefined);
    return results;
  }

  /** Route: the machine, its handler, redelivery, the instance. An event id repeated in the batch is handled once. */
  private async route(envelopes: readonly Envelope[], options: HandleOptions, results: Handled[]): Promise<Group[]> {
    const first = new Map<string, number>();
    const routed = await Promise.all(
      envelopes.map(async (envelope, index) => {
        if (first.has(envelope.id)) return undefined;
        first.set(envelope.id, index);
        try {
          return await this.routeOne(envelope, index, options, results);
        } catch (error) {
          results[index] = { kind: 'failed', error };
          return undefined;
        }
      }),
    );
    const groups = new Map<string, Routed[]>();
    for (const item of routed) {
      if (item === undefined) continue;
      const group = groups.get(item.aggregateId);
      if (group) group.push(item);
      else groups.set(item.aggregateId, [item]);
    }
    return [...groups.values()];
  }

  private async routeOne(envelope: Envelope, index: number, options: HandleOptions, results: Handled[]): Promise<Routed | undefined> {
    const { system, store, instances, env } = this.parts;
    const machine = system.machines.get(envelope.to.machine);
    if (!machine) throw unknownMachine(system, envelope.to.machine, envelope.event);
    const handler = pickHandler(machine, envelope.event, envelope.from.machine);
    if (!handler) throw unhandled(machine, envelope);
    if (options.ingress && !handler.api) throw internalEvent(machine, handler);
    if (!options.newIds) {
      const stored = await store.findByEventId(envelope.id);
      if (stored) {
        results[index] = { kind: 'duplicate', record: stored };
        return undefined;
      }
    }
    // An instance waiting for an answer may not be stored yet (its first event asked): check before routing too.
    const waiting = options.waiting ?? NO_ITEMS;
    const addressed = envelope.to.aggregate_id;
    if (addressed !== undefined && waiting.includes(addressed)) throw new DeadlockError(envelope.event, addressed);
    const target = await resolveTarget(machine, envelope, (id) => instances.exists(id), () => env.ids.aggregateId(machine.name));
    if (waiting.includes(target.aggregateId)) throw new DeadlockError(envelope.event, target.aggregateId);
    return { index, envelope, machine, handler, aggregateId: target.aggregateId, created: !target.explicit };
  }

  /** Lock -> load -> decide -> append, for groups committed together; returns the records committed. */
  private async commit(groups: readonly Group[], options: HandleOptions, results: Handled[], notices: Envelope[]): Promise<StoredRecord[]> {
    if (groups.length === 0) return [];
    // Nobody else can know an id made just now: only named instances are locked, always in id order,
    // so two batches sharing instances never wait for each other in a circle.
    const named = groups.filter((group) => !(group[0] as Routed).created).map((group) => (group[0] as Routed).aggregateId).sort();
    for (const id of named) {
      const turn = this.locks.acquire(id);
      if (turn) await turn;
    }
    try {
      return await this.decideAndAppend(groups, options, results, notices);
    } finally {
      for (const id of named) this.locks.release(id);
    }
  }

  private async decideAndAppend(groups: readonly Group[], options: HandleOptions, results: Handled[], notices: Envelope[]): Promise<StoredRecord[]> {
    const committed: StoredRecord[] = [];
    const retries = new Map<Group, ConflictRetry>();
    let pending = groups;
    while (pending.length > 0) {
      const decided = await Promise.all(pending.map((group) => this.decideGroup(group, options, results)));
      const commits = decided.filter((one) => one.accepted.length > 0);
      const outcomes = await this.append(commits, results);
      const again: Group[] = [];
      for (const one of decided) {
        const outcome = outcomes[commits.indexOf(one)];
        if (outcome?.status === 'conflict') {
          if (await this.mayRetry(one, outcome.lastSeq, retries, results)) again.push(one.group);
          continue;
        }
        notices.push(...one.notices);
        if (outcome?.status === 'appended') committed.push(...(await this.accept(one.accepted, results)));
        if (outcome?.status === 'duplicate') await this.duplicates(one.accepted, results);
      }
      pending = again;
    }
    return committed;
  }

  /** A conflict: another runtime wrote the instance. It is reloaded and decided again, until the deadline. */
  private async mayRetry(conflicted: GroupDecision, lastSeq: number, retries: Map<Group, ConflictRetry>, results: Handled[]): Promise<boolean> {
    const { group, accepted } = conflicted;
    const first = accepted[0] as Accepted;
    this.parts.instances.forget(first.item.aggregateId);
    const retry = retries.get(group) ?? new ConflictRetry(this.parts.conflictTimeoutMs);
    retries.set(group, retry);
    if (await retry.wait()) return true;
    const error = new ConcurrencyError(first.item.aggregateId, first.record.seq - 1, lastSeq);
    for (const item of group) results[item.index] = { kind: 'failed', error };
    return false;
  }

  /** Load -> decide each event of one instance in order. A failure a redelivery may fix defers the instance's later events. */
  private async decideGroup(group: Group, options: HandleOptions, results: Handled[]): Promise<GroupDecision> {
    const decided: GroupDecision = { group, accepted: [], notices: [] };
    const { accepted, notices } = decided;
    const first = group[0] as Routed;
    let snapshot: Snapshot;
    try {
      snapshot = await this.parts.instances.load(first.aggregateId, { machine: first.machine, created: first.created });
    } catch (error) {
      for (const item of group) results[item.index] = { kind: 'failed', error };
      return decided;
    }
    for (const [i, item] of group.entries()) {
      try {
        const outcome = await this.decideOne(item, snapshot, options.waiting ?? NO_ITEMS);
        if (outcome.kind === 'refused') {
          notices.push(outcome.notice);
          results[item.index] = { kind: 'failed', error: outcome.error };
          continue;
        }
        accepted.push({ item, record: outcome.record, snapshot: outcome.snapshot, effects: outcome.effects });
        snapshot = outcome.snapshot;
      } catch (error) {
        results[item.index] = { kind: 'failed', error };
        if (isPermanent(error)) continue;
        for (const later of group.slice(i + 1)) results[later.index] = DEFERRED;
        break;
      }
    }
    return decided;
  }

  /** Runs the pure step; a synchronous request is handled at its target now, a broadcast learns the instances it reaches. */
  private decideOne(item: Routed, snapshot: Snapshot, waiting: readonly string[]): Promise<Decided> {
    const { system, instances, env } = this.parts;
    return runStep(decide(item.machine, item.handler, snapshot, item.envelope, env), (question) =>
      question.kind === 'request'
        ? requestAnswer((envelopes, options) => this.handle(envelopes, options), system, question.envelope, [...waiting, snapshot.aggregate_id])
        : instancesIn(instances, system, question.machine, question.states),
    );
  }

  /** One append for every commit; when it fails, so does every event in it (no outcomes then). */
  private async append(commits: readonly GroupDecision[], results: Handled[]): Promise<readonly CommitResult[]> {
    if (commits.length === 0) return NO_ITEMS;
    const asCommit = ({ accepted }: GroupDecision): Commit => ({
      aggregateId: (accepted[0] as Accepted).item.aggregateId,
      expectedSeq: (accepted[0] as Accepted).record.seq - 1,
      records: accepted.map((one) => one.record),
    });
    try {
      return await this.parts.store.append(commits.map(asCommit));
    } catch (error) {
      for (const { accepted } of commits) {
        this.parts.instances.forget((accepted[0] as Accepted).item.aggregateId);
        for (const { item } of accepted) results[item.index] = { kind: 'failed', error };
      }
      return NO_ITEMS;
    }
  }

  /** After an append: the instance is cached, observed, and snapshotted when due. */
  private async accept(accepted: readonly Accepted[], results: Handled[]): Promise<StoredRecord[]> {
    const { instances, observe } = this.parts;
    instances.remember((accepted.at(-1) as Accepted).snapshot);
    for (const { item, record, snapshot, effects } of accepted) {
      observe?.(record, effects, snapshot);
      results[item.index] = { kind: 'committed', record };
      // A snapshot only spares a later load some replay: failing to save one fails nothing.
      if (instances.snapshotDue(snapshot)) await instances.saveSnapshot(item.machine, snapshot).catch((error: unknown) => this.parts.report(error, item.envelope));
    }
    return accepted.map((one) => one.record);
  }

  /** Another runtime handled these events meanwhile: the stored records are the results. */
  private async duplicates(accepted: readonly Accepted[], results: Handled[]): Promise<void> {
    this.parts.instances.forget((accepted[0] as Accepted).item.aggregateId);
    for (const { item } of accepted) {
      const stored = await this.parts.store.findByEventId(item.envelope.id);
      results[item.index] = stored ? { kind: 'duplicate', record: stored } : { kind: 'failed', error: new Error(`${item.envelope.id} was reported stored but cannot be found`) };
    }
  }
}

/** Done with: handled, or failed for good. A deferred or retryable one comes again. */
function isDone(result: Handled): boolean {
  return result.kind === 'committed' || result.kind === 'duplicate' || (result.kind === 'failed' && isPermanent(result.error));
}
