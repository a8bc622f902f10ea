// Property (a): the store against a reference model. fast-check generates a sequence of commands
// (appends of one or several commits with right and wrong expected seqs, reused event ids, range
// reads, paged listings, lookups, outbox calls, snapshots) and runs each against both; every answer
// must equal the model's (`-0` may read as `0`, see json-data.ts). A small pool of aggregates (one id
// a prefix of another) and event ids makes duplicates, mixed commits and stale writers common.
import fc from 'fast-check';
import { describe, expect, test } from 'vitest';
import type { Commit, CommitResult, ReadOptions } from '@eventflow/core';
import { recordContent, toRecord, type RecordContent } from '../arbitraries.ts';
import { assertProperty, commandsReplayPath } from '../fc-settings.ts';
import { jsonView } from '../json-data.ts';
import { withStore } from '../lifecycle.ts';
import type { CheckOptions, StoreFactory, StoreSubject } from '../options.ts';
import { AGGREGATES, command, EVENT_IDS, MACHINES, StoreModel, type Real, type StoreCommand } from './model-state.ts';
import { snapshotCommands } from './model-snapshots.ts';
import { appendOne, attemptAppend, lastSeqOf, showOutcome } from './outcome.ts';
import { asStoreSubject, storeCapabilities, type StoreSuite } from './suite.ts';

/** One commit of a generated append: an aggregate of the pool, how far its expected seq is off, its event ids. */
interface CommitPlan {
  readonly aggregate: number;
  readonly drift: number;
  readonly ids: readonly number[];
  readonly contents: readonly RecordContent[];
}

function commitLabel({ aggregate, drift, ids }: CommitPlan): string {
  const shift = drift === 0 ? '' : drift > 0 ? `+${drift}` : `${drift}`;
  return `${AGGREGATES[aggregate]!.id}@last${shift}[${ids.map((n) => `ev-${n}`).join(',')}]`;
}

/** The commit as sent to the store, against the model's state. */
function commitOf(model: StoreModel, { aggregate, drift, ids, contents }: CommitPlan): Commit {
  const { id, machine } = AGGREGATES[aggregate]!;
  const expectedSeq = Math.max(0, model.lastSeq(id) + drift);
  const records = ids.map((n, i) => toRecord({ aggregate_id: id, machine, seq: expectedSeq + i + 1, event_id: `ev-${n}` }, contents[i]!));
  return { aggregateId: id, expectedSeq, records };
}

/** What the port says a commit comes to: duplicate (every id stored, checked first), conflict, or appended; undefined for a mixed commit (rejected). */
function expectedResult(model: StoreModel, commit: Commit): CommitResult | undefined {
  const last = model.lastSeq(commit.aggregateId);
  const stored = commit.records.filter((record) => model.byEventId.has(record.event_id)).length;
  if (stored === commit.records.length) return { status: 'duplicate', lastSeq: last };
  if (commit.expectedSeq !== last) return { status: 'conflict', lastSeq: last };
  if (stored > 0) return undefined;
  return { status: 'appended', lastSeq: last + commit.records.length };
}

/**
 * An append of one or more commits (different aggregates, distinct event ids): each comes to what the
 * port says, independently of the others; a call holding a mixed commit writes the others, writes
 * nothing of the mixed one and is rejected.
 */
function append(plans: readonly CommitPlan[]): StoreCommand {
  return command(`append(${plans.map(commitLabel).join(', ')})`, async (model, real) => {
    const commits = plans.map((plan) => commitOf(model, plan));
    const expected = commits.map((commit) => expectedResult(model, commit));
    const call = await attemptCall(() => real.store.append(commits));
    if (expected.includes(undefined)) {
      expect(call.status, 'a commit mixing stored and new event ids: the call is rejected').toBe('rejected');
      commits.forEach((commit, i) => {
        if (expected[i]?.status === 'appended') model.append(commit.aggregateId, commit.records);
      });
      return;
    }
    expect(call.status === 'rejected' ? showOutcome(call) : call.results.map((result) => showOutcome(result))).toEqual(expected.map((result) => showOutcome(result!)));
    commits.forEach((commit, i) => {
      if (expected[i]!.status === 'appended') model.append(commit.aggregateId, commit.records);
    });
  });
}

async function attemptCall(call: () => Promise<CommitResult[]>): Promise<{ readonly status: 'done'; readonly results: CommitResult[] } | { readonly status: 'rejected'; readonly error: unknown }> {
  try {
    return { status: 'done', results: await call() };
  } catch (error) {
    return { status: 'rejected', error };
  }
}

/** Appends an already stored event again (a redelivery), at the stream's seq shifted by `drift`. */
function redeliver(pick: number, drift: number): StoreCommand {
  return command(`redeliver(stored event #${pick}, expectedSeq=last${drift === 0 ? '' : drift})`, async (model, real) => {
    const stored = [...model.byEventId.values()];
    if (stored.length === 0) return;
    const original = stored[pick % stored.length]!;
    const last = model.lastSeq(original.aggregate_id);
    const expectedSeq = Math.max(0, last + drift);
    const again = { ...original, seq: expectedSeq + 1 };
    const outcome = await attemptAppend(() => appendOne(real.store, original.aggregate_id, expectedSeq, [again]));
    expect(showOutcome(outcome), `redelivery of ${original.event_id}`).toBe(`duplicate (lastSeq ${last})`);
  });
}

function read(aggregate: number, fromSeq: number | undefined, toSeq: number | undefined): StoreCommand {
  const { id } = AGGREGATES[aggregate]!;
  const label = `read(${id}, from=${fromSeq ?? '-'}, to=${toSeq ?? '-'})`;
  return command(label, async (model, real) => {
    const options: ReadOptions = {
      ...(fromSeq !== undefined ? { fromSeq } : {}),
      ...(toSeq !== undefined ? { toSeq } : {}),
    };
    const all = model.streams.get(id) ?? [];
    const want = all.filter((r) => r.seq >= (fromSeq ?? 1) && r.seq <= (toSeq ?? Number.POSITIVE_INFINITY));
    const got = await real.store.read(id, options);
    if (fromSeq === undefined && toSeq === undefined) {
      expect(got.map((r) => r.seq), 'seqs are gap-free from 1').toEqual(all.map((_, i) => i + 1));
    }
    expect(jsonView(got), label).toEqual(jsonView(want));
  });
}

function lastSeq(aggregate: number): StoreCommand {
  const { id } = AGGREGATES[aggregate]!;
  return command(`lastSeq(${id})`, async (model, real) => {
    expect(await lastSeqOf(real.store, id), `last seq of ${id}`).toBe(model.lastSeq(id));
  });
}

/** Lists page by page (`limit` ids each, or all at once) and compares the ids and their order. */
function listAggregates(machineIndex: number | undefined, limit: number | undefined): StoreCommand {
  const machine = machineIndex === undefined ? undefined : MACHINES[machineIndex]!;
  const label = `listAggregates(${machine ?? ''}${limit === undefined ? '' : `, pages of ${limit}`})`;
  return command(label, async (model, real) => {
    const want = [...model.streams.keys()].filter(
      (id) => machine === undefined || AGGREGATES.find((a) => a.id === id)!.machine === machine,
    );
    const got: string[] = [];
    for (let after: string | undefined; ; ) {
      const page = await real.store.listAggregates({ ...(machine === undefined ? {} : { machine }), ...(after === undefined ? {} : { after }), ...(limit === undefined ? {} : { limit }) });
      expect(page.length, `${label}: a page holds at most the limit`).toBeLessThanOrEqual(limit ?? Number.POSITIVE_INFINITY);
      got.push(...page);
      if (limit === undefined || page.length < limit) break;
      after = page.at(-1);
    }
    expect(got, `${label} (creation order)`).toEqual(want);
  });
}

function findByEventId(n: number): StoreCommand {
  const id = `ev-${n}`;
  return command(`findByEventId(${id})`, async (model, real) => {
    expect(jsonView(await real.store.findByEventId(id)), `findByEventId(${id})`).toEqual(jsonView(model.byEventId.get(id)));
  });
}

function undispatched(limit: number | undefined): StoreCommand {
  return command(`undispatched(${limit ?? ''})`, async (model, real) => {
    expect(jsonView(await real.store.undispatched(limit === undefined ? {} : { limit })), 'undispatched() (oldest first)').toEqual(jsonView(model.outbox.slice(0, limit)));
  });
}

function markDispatched(picks: readonly (readonly [number, number])[]): StoreCommand {
  const label = picks.map(([aggregate, pick]) => `${AGGREGATES[aggregate]!.id}#${pick}`).join(', ');
  return command(`markDispatched(${label})`, async (model, real) => {
    const refs = picks.map(([aggregate, pick]) => {
      const { id } = AGGREGATES[aggregate]!;
      return { aggregateId: id, seq: (pick % Math.max(1, model.lastSeq(id))) + 1 };
    });
    await real.store.markDispatched(refs);
    model.outbox = model.outbox.filter((r) => !refs.some((ref) => r.aggregate_id === ref.aggregateId && r.seq === ref.seq));
  });
}

function probe(aggregate: number): StoreCommand {
  const { id } = AGGREGATES[aggregate]!;
  return command(`probe(${id})`, async (model, real) => {
    expect(jsonView(await real.probe!.records(id)), `probe(${id}): what the storage holds`).toEqual(jsonView(model.streams.get(id) ?? []));
  });
}

function commandArbitraries(withOutbox: boolean, withProbe: boolean, withSnapshots: boolean): fc.Arbitrary<StoreCommand>[] {
  const aggregate = fc.nat(AGGREGATES.length - 1);
  const seqBound = fc.option(fc.integer({ min: 0, max: 7 }), { nil: undefined, freq: 2 });
  const batch = fc
    .uniqueArray(fc.nat(EVENT_IDS - 1), { minLength: 1, maxLength: 3 })
    .chain((ids) => fc.tuple(fc.constant(ids), fc.array(recordContent, { minLength: ids.length, maxLength: ids.length })));
  const plan = fc
    .tuple(aggregate, fc.constantFrom(0, 0, 0, 0, -1, 1, -2), batch)
    .map(([a, drift, [ids, contents]]): CommitPlan => ({ aggregate: a, drift, ids, contents }));
  const appends = plan.map((one) => append([one]));
  // Several commits in one call: different aggregates, no event id in two of them.
  const multiAppends = fc
    .uniqueArray(plan, { minLength: 2, maxLength: AGGREGATES.length, selector: (one) => one.aggregate })
    .filter((plans) => new Set(plans.flatMap((one) => one.ids)).size === plans.reduce((n, one) => n + one.ids.length, 0))
    .map(append);
  // Appends weigh triple, so streams grow long enough for reads to mean something.
  const arbitraries: fc.Arbitrary<StoreCommand>[] = [
    appends,
    appends,
    multiAppends,
    fc.tuple(fc.nat(20), fc.constantFrom(0, -1)).map(([pick, drift]) => redeliver(pick, drift)),
    fc.tuple(aggregate, seqBound, seqBound).map(([a, from, to]) => read(a, from === 0 ? 1 : from, to)),
    aggregate.map(lastSeq),
    fc.tuple(fc.option(fc.nat(MACHINES.length - 1), { nil: undefined }), fc.option(fc.integer({ min: 1, max: 2 }), { nil: undefined })).map(([m, limit]) => listAggregates(m, limit)),
    fc.nat(EVENT_IDS).map(findByEventId),
  ];
  if (withOutbox) {
    arbitraries.push(fc.option(fc.integer({ min: 1, max: 3 }), { nil: undefined }).map(undispatched));
    arbitraries.push(fc.array(fc.tuple(aggregate, fc.nat(5)), { minLength: 1, maxLength: 3 }).map(markDispatched));
  }
  if (withProbe) arbitraries.push(aggregate.map(probe));
  if (withSnapshots) arbitraries.push(...snapshotCommands());
  return arbitraries;
}

/** Property (a): answers equal the reference model's under generated command sequences. Throws on failure. */
export async function checkStoreModel(subject: StoreSubject | StoreFactory, options: CheckOptions = {}): Promise<void> {
  const adapter = asStoreSubject(subject);
  const capabilities = storeCapabilities(adapter);
  const commands = commandArbitraries(capabilities.outbox, adapter.probe !== undefined, capabilities.snapshots);
  const replayPath = commandsReplayPath(options);
  const sequences = fc.commands(commands, { maxCommands: 40, size: '+1', ...(replayPath ? { replayPath } : {}) });
  await assertProperty(
    fc.asyncProperty(sequences, (cmds) =>
      withStore(adapter, async (store, context) => {
        const real: Real = { store, probe: adapter.probe?.(store, context) };
        await fc.asyncModelRun(() => ({ model: new StoreModel(), real }), cmds);
      }),
    ),
    options,
    25,
  );
}

export function storeModelGroup(suite: StoreSuite): void {
  describe('model', () => {
    test(
      'answers like the reference model to generated appends (one or several commits), reads, paged listings, lookups, outbox calls and snapshots',
      () => checkStoreModel(suite.subject, suite.check),
      suite.timeoutMs,
    );
  });
}
