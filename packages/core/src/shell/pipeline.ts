// The shell's one path for every event, sent or delivered: route -> lock -> load -> decide -> append
// -> publish, one span per event. A batch is grouped by instance: one instance's events are decided
// in order, different instances independently, and the batch's records go to the store in one append.
import type { SystemDefinition } from '../definition.ts';
import type { Envelope } from '../envelope.ts';
import { ConcurrencyError } from '../errors.ts';
import { isThenable } from '../maybe.ts';
import type { Commit, CommitResult, EventStore } from '../ports.ts';
import type { StoredRecord } from '../record.ts';
import type { Snapshot } from '../snapshot.ts';
import type { StepEnvironment } from '../step/environment.ts';
import { decide, type Decided, type Effects } from '../step/step.ts';
import { NO_ITEMS, withLast } from '../values.ts';
import type { Group, Handled, HandleOptions, Routed } from './batch.ts';
import { ConflictRetry, type ConflictPolicy } from './conflict-retry.ts';
import type { Dispatcher } from './dispatcher.ts';
import { EventTelemetry } from './event-telemetry.ts';
import { isPermanent } from './failures.ts';
import type { Instances } from './instances.ts';
import { KeyedMutex } from './locks.ts';
import { answersFor } from './questions.ts';
import { refusedRedeliveries, sameAsFirst, storedResults } from './redeliveries.ts';
import { route, type RouteParts } from './route.ts';
import { resumeStep } from './run-step.ts';

/** One event decided: the record, and what goes with it until it is committed. */
interface Accepted {
  readonly item: Routed;
  readonly record: StoredRecord;
  readonly snapshot: Snapshot;
  readonly effects: Effects;
}

/** What deciding one instance's events came to: its commit, and notices to senders whose data broke their rules. */
interface GroupDecision {
  readonly group: Group;
  /** Lists of exactly their length: most groups hold one event. */
  accepted: readonly Accepted[];
  notices: readonly Envelope[];
}

/** A commit that met another writer: the store was at `lastSeq`. */
interface Conflict {
  readonly decision: GroupDecision;
  readonly lastSeq: number;
}

/** What a batch's commits came to. */
interface Done {
  readonly committed: StoredRecord[];
  /** Snapshots due for saving, with the event that made each. */
  readonly snapshots: [Routed, Snapshot][];
  /** Events another runtime handled meanwhile (their commit came back `duplicate`). */
  readonly raced: Accepted[];
}

export interface PipelineParts {
  readonly system: SystemDefinition;
  readonly store: EventStore;
  readonly env: StepEnvironment;
  readonly instances: Instances;
  readonly dispatcher: Dispatcher;
  /** How conflicts of one instance are retried. */
  readonly conflicts: ConflictPolicy;
  readonly observe?: ((record: StoredRecord, effects: Effects, snapshot: Snapshot) => void) | undefined;
  /** Failures that belong to no event's result (a snapshot that could not be saved). */
  readonly report: (error: unknown, envelope?: Envelope) => void;
}

const DEFERRED: Handled = { kind: 'deferred' };

export class Pipeline {
  private readonly parts: PipelineParts;
  private readonly routeParts: RouteParts;
  private readonly locks = new KeyedMutex();
  private readonly telemetry = new EventTelemetry();

  constructor(parts: PipelineParts) {
    this.parts = parts;
    this.routeParts = { system: parts.system, store: parts.store, instances: parts.instances, ids: parts.env.ids };
  }

  /** Handles a batch; never rejects: each envelope's failure is in its result. */
  async handle(envelopes: readonly Envelope[], options: HandleOptions = {}): Promise<Handled[]> {
    const results: Handled[] = new Array<Handled>(envelopes.length);
    const spans = this.telemetry.begin(envelopes, options);
    // Routing asks the store which named instances exist: if it cannot answer, the events fail (a redelivery routes them again).
    const groups = await route(spans.envelopes, options, this.routeParts, results).catch((error: unknown) => failUnrouted(results, error));
    const notices: Envelope[] = [];
    // Machines that ask synchronously wait mid-step for other instances' locks: their groups commit
    // on their own, so no request waits for a lock held until the batch's shared append.
    const together = groups.filter((group) => !(group[0] as Routed).machine.requests);
    const alone = groups.filter((group) => (group[0] as Routed).machine.requests);
    const committed = await Promise.all([this.commit(together, options, results, notices), ...alone.map((group) => this.commit([group], options, results, notices))]);
    if (results.includes(undefined as never)) sameAsFirst(envelopes, results);
    spans.end(results);
    const handled = options.delivered ? envelopes.filter((_, i) => isDone(results[i] as Handled)) : NO_ITEMS;
    await this.parts.dispatcher.complete({ records: committed.flat(), notices, handled }, envelopes.length === 1 ? envelopes[0] : undefined);
    return results;
  }

  /** Lock -> load -> decide -> append, for groups committed together; returns the records committed. */
  private async commit(groups: readonly Group[], options: HandleOptions, results: Handled[], notices: Envelope[]): Promise<readonly StoredRecord[]> {
    if (groups.length === 0) return NO_ITEMS;
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
    const done: Done = { committed: [], snapshots: [], raced: [] };
    let retries: Map<Group, ConflictRetry> | undefined;
    let pending = groups;
    while (pending.length > 0) {
      const decided = await this.decideAll(pending, options, results);
      await refusedRedeliveries(decided, this.parts.store, results);
      const commits = decided.filter((one) => one.accepted.length > 0);
      const outcomes = await this.append(commits, results);
      const conflicts = this.settle(decided, outcomes, commits, results, notices, done);
      retries ??= conflicts.length > 0 ? new Map() : undefined;
      pending = conflicts.length > 0 ? await this.retry(conflicts, retries as Map<Group, ConflictRetry>, results) : NO_ITEMS;
    }
    if (done.raced.length > 0) {
      for (const { item } of done.raced) this.parts.instances.forget(item.aggregateId);
      await storedResults(done.raced.map(({ item }) => item), this.parts.store, results);
    }
    // A snapshot only spares a later load some replay: failing to save one fails nothing.
    if (done.snapshots.length > 0) {
      await Promise.all(done.snapshots.map(([item, snapshot]) => this.parts.instances.saveSnapshot(item.machine, snapshot).catch((error: unknown) => this.parts.report(error, item.envelope))));
    }
    return done.committed;
  }

  /** What each group's commit came to; returns the conflicted ones, with the seq the store is at. */
  private settle(decided: readonly GroupDecision[], outcomes: readonly CommitResult[], commits: readonly GroupDecision[], results: Handled[], notices: Envelope[], done: Done): Conflict[] {
    const conflicts: Conflict[] = [];
    // `commits` are the groups of `decided` that accepted events, in the same order.
    let next = 0;
    for (const one of decided) {
      const outcome = one.accepted.length > 0 ? outcomes[next++] : undefined;
      if (outcome?.status === 'conflict') {
        conflicts.push({ decision: one, lastSeq: outcome.lastSeq });
        continue;
      }
      notices.push(...one.notices);
      if (outcome?.status === 'appended') this.accept(one.accepted, results, done);
      if (outcome?.status === 'duplicate') done.raced.push(...one.accepted);
    }
    return conflicts;
  }

  /** Another runtime wrote these instances: each is reloaded and decided again, until its deadline. */
  private async retry(conflicts: readonly Conflict[], retries: Map<Group, ConflictRetry>, results: Handled[]): Promise<Group[]> {
    const again = await Promise.all(
      conflicts.map(async ({ decision: { group, accepted }, lastSeq }) => {
        const first = accepted[0] as Accepted;
        this.telemetry.conflict(first.item.machine.name);
        this.parts.instances.forget(first.item.aggregateId);
        const retry = retries.get(group) ?? new ConflictRetry(this.parts.conflicts);
        retries.set(group, retry);
        if (await retry.wait()) return group;
        const error = new ConcurrencyError(first.item.aggregateId, first.record.seq - 1, lastSeq);
        for (const item of group) results[item.index] = { kind: 'failed', error };
        return undefined;
      }),
    );
    return again.filter((group) => group !== undefined);
  }

  /** Load every group's instance (together), then decide each group's events. */
  private async decideAll(groups: readonly Group[], options: HandleOptions, results: Handled[]): Promise<GroupDecision[]> {
    let snapshots: Snapshot[];
    try {
      snapshots = await this.parts.instances.loadAll(groups.map(([first]) => first as Routed));
    } catch (error) {
      for (const group of groups) for (const item of group) results[item.index] = { kind: 'failed', error };
      return [];
    }
    const decided = groups.map((group, i) => this.decideFrom({ group, accepted: NO_ITEMS, notices: NO_ITEMS }, 0, snapshots[i] as Snapshot, options, results));
    return decided.some(isThenable) ? Promise.all(decided) : (decided as GroupDecision[]);
  }

  /**
   * Decides one instance's events in order, from `start` on: at once while each step does, else
   * going on once the waiting step has decided.
   */
  private decideFrom(decision: GroupDecision, start: number, snapshot: Snapshot, options: HandleOptions, results: Handled[]): GroupDecision | Promise<GroupDecision> {
    const { group } = decision;
    for (let i = start; i < group.length; i++) {
      const item = group[i] as Routed;
      let outcome: Decided | Promise<Decided>;
      try {
        outcome = this.decideOne(item, snapshot, options.waiting ?? NO_ITEMS);
      } catch (error) {
        if (this.failed(decision, i, error, options, results)) continue;
        return decision;
      }
      if (isThenable(outcome)) {
        return outcome.then(
          (ready) => this.decideFrom(decision, i + 1, this.note(decision, item, ready, results) ?? snapshot, options, results),
          (error: unknown) => (this.failed(decision, i, error, options, results) ? this.decideFrom(decision, i + 1, snapshot, options, results) : decision),
        );
      }
      snapshot = this.note(decision, item, outcome, results) ?? snapshot;
    }
    return decision;
  }

  /** Notes what the step decided; returns the instance after it (none when the event was refused). */
  private note(decision: GroupDecision, item: Routed, outcome: Decided, results: Handled[]): Snapshot | undefined {
    if (outcome.kind === 'refused') {
      decision.notices = withLast(decision.notices, outcome.notice);
      results[item.index] = { kind: 'failed', error: outcome.error };
      return undefined;
    }
    decision.accepted = withLast(decision.accepted, { item, record: outcome.record, snapshot: outcome.snapshot, effects: outcome.effects });
    return outcome.snapshot;
  }

  /**
   * Notes a failed event; true when the group's later events go on. After a failure a redelivery may
   * fix, a delivered batch defers them: they must not overtake it.
   */
  private failed(decision: GroupDecision, at: number, error: unknown, options: HandleOptions, results: Handled[]): boolean {
    const { group } = decision;
    results[(group[at] as Routed).index] = { kind: 'failed', error };
    if (!options.delivered || isPermanent(error)) return true;
    for (const later of group.slice(at + 1)) results[later.index] = DEFERRED;
    return false;
  }

  /** Runs the pure step: decided at once when it asks nothing and waits for nothing (most do; see run-step.ts). */
  private decideOne(item: Routed, snapshot: Snapshot, waiting: readonly string[]): Decided | Promise<Decided> {
    const decision = decide(item.machine, item.handler, snapshot, item.envelope, this.parts.env);
    const first = decision.next();
    return first.done ? first.value : resumeStep(decision, first, answersFor((envelopes, options) => this.handle(envelopes, options), this.parts, snapshot, waiting));
  }

  /** One append for every commit; when it fails, so does every event in it (no outcomes then). */
  private async append(commits: readonly GroupDecision[], results: Handled[]): Promise<readonly CommitResult[]> {
    if (commits.length === 0) return NO_ITEMS;
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

  /** After an append: the instance is cached and observed; snapshots due for saving are noted. */
  private accept(accepted: readonly Accepted[], results: Handled[], done: Done): void {
    const { instances, observe } = this.parts;
    instances.remember((accepted.at(-1) as Accepted).snapshot, (accepted[0] as Accepted).item.created);
    for (const { item, record, snapshot, effects } of accepted) {
      observe?.(record, effects, snapshot);
      results[item.index] = { kind: 'committed', record };
      done.committed.push(record);
      if (instances.snapshotDue(snapshot)) done.snapshots.push([item, snapshot]);
    }
  }
}

/** One group's records as the store takes them. */
function asCommit({ accepted }: GroupDecision): Commit {
  const first = accepted[0] as Accepted;
  return { aggregateId: first.item.aggregateId, expectedSeq: first.record.seq - 1, records: accepted.map(recordOf) };
}

const recordOf = (accepted: Accepted): StoredRecord => accepted.record;

/** Every event routing had not settled fails with `error`; no group goes on. */
function failUnrouted(results: Handled[], error: unknown): Group[] {
  for (let i = 0; i < results.length; i++) results[i] ??= { kind: 'failed', error };
  return [];
}

/** Done with: handled, or failed for good. A deferred or retryable one comes again. */
function isDone(result: Handled): boolean {
  return result.kind === 'committed' || result.kind === 'duplicate' || (result.kind === 'failed' && isPermanent(result.error));
}
