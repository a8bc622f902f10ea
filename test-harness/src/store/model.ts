// Property (a): the store against a reference model. fast-check generates a sequence of commands
// (appends with right and wrong expected seqs, reused event ids, range reads, lookups, outbox calls)
// and runs each against both; every answer must equal the model's. A small pool of aggregates and
// event ids makes duplicates, mixed batches and stale writers common.
import fc from 'fast-check';
import { describe, expect, test } from 'vitest';
import type { EventStore, ReadOptions, StoredRecord } from '@eventflow/core';
import { recordContent, toRecord, type RecordContent } from '../arbitraries.ts';
import { assertProperty, commandsReplayPath } from '../fc-settings.ts';
import { withStore } from '../lifecycle.ts';
import type { CheckOptions, StoreFactory, StoreProbe, StoreSubject } from '../options.ts';
import { attemptAppend, concurrencyOutcome, showOutcome } from './outcome.ts';
import { asStoreSubject, storeCapabilities, type StoreSuite } from './suite.ts';

const AGGREGATES = [
  { id: 'order-1', machine: '@order' },
  { id: 'order-2', machine: '@order' },
  { id: 'payment-1', machine: '@payment' },
] as const;
const MACHINES = ['@order', '@payment', '@shipping'] as const;
const EVENT_IDS = 16;

/** The reference: what a correct store holds. */
class StoreModel {
  /** Insertion order is creation order. */
  readonly streams = new Map<string, StoredRecord[]>();
  readonly byEventId = new Map<string, StoredRecord>();
  outbox: StoredRecord[] = [];

  lastSeq(aggregateId: string): number {
    return this.streams.get(aggregateId)?.length ?? 0;
  }

  append(aggregateId: string, records: readonly StoredRecord[]): void {
    this.streams.set(aggregateId, [...(this.streams.get(aggregateId) ?? []), ...records]);
    for (const record of records) {
      this.byEventId.set(record.event_id, record);
      if (record.outcome.emitted.length > 0) this.outbox.push(record);
    }
  }
}

interface Real {
  readonly store: EventStore;
  readonly probe: StoreProbe | undefined;
}

type StoreCommand = fc.AsyncCommand<StoreModel, Real>;

/** A command valid in every state; `label` is how it shows in a counterexample. */
function command(label: string, run: (model: StoreModel, real: Real) => Promise<void>): StoreCommand {
  return { check: () => true, run, toString: () => label };
}

function append(aggregate: number, drift: number, ids: readonly number[], contents: readonly RecordContent[]): StoreCommand {
  const { id, machine } = AGGREGATES[aggregate]!;
  const shift = drift === 0 ? '' : drift > 0 ? `+${drift}` : `${drift}`;
  const label = `append(${id}, expectedSeq=last${shift}, [${ids.map((n) => `ev-${n}`).join(', ')}])`;
  return command(label, async (model, real) => {
    const last = model.lastSeq(id);
    const expectedSeq = Math.max(0, last + drift);
    const records = ids.map((n, i) =>
      toRecord({ aggregate_id: id, machine, seq: expectedSeq + i + 1, event_id: `ev-${n}` }, contents[i]!),
    );
    const stored = records.filter((record) => model.byEventId.has(record.event_id)).length;
    const outcome = await attemptAppend(() => real.store.append(id, expectedSeq, records));
    const got = showOutcome(outcome);
    if (stored === records.length) {
      expect(got, 'every event id is already stored: a no-op duplicate, before any seq check').toBe(
        `duplicate (lastSeq ${last})`,
      );
    } else if (stored > 0) {
      // The port only fixes "first id stored => duplicate"; either way nothing may be written.
      expect(outcome.status, 'a batch mixing stored and new event ids must not be appended').not.toBe('appended');
    } else if (expectedSeq !== last) {
      expect(got, `the stream is at ${last}`).toBe(concurrencyOutcome(expectedSeq, last));
    } else {
      expect(got).toBe(`appended (lastSeq ${expectedSeq + records.length})`);
      model.append(id, records);
    }
  });
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
    const outcome = await attemptAppend(() => real.store.append(original.aggregate_id, expectedSeq, [again]));
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
    expect(got, label).toEqual(want);
  });
}

function lastSeq(aggregate: number): StoreCommand {
  const { id } = AGGREGATES[aggregate]!;
  return command(`lastSeq(${id})`, async (model, real) => {
    expect(await real.store.lastSeq(id), `lastSeq(${id})`).toBe(model.lastSeq(id));
  });
}

function listAggregates(machineIndex: number | undefined): StoreCommand {
  const machine = machineIndex === undefined ? undefined : MACHINES[machineIndex]!;
  const label = `listAggregates(${machine ?? ''})`;
  return command(label, async (model, real) => {
    const want = [...model.streams.keys()].filter(
      (id) => machine === undefined || AGGREGATES.find((a) => a.id === id)!.machine === machine,
    );
    expect(await real.store.listAggregates(machine), `${label} (creation order)`).toEqual(want);
  });
}

function findByEventId(n: number): StoreCommand {
  const id = `ev-${n}`;
  return command(`findByEventId(${id})`, async (model, real) => {
    expect(await real.store.findByEventId(id), `findByEventId(${id})`).toEqual(model.byEventId.get(id));
  });
}

function undispatched(): StoreCommand {
  return command('undispatched()', async (model, real) => {
    expect(await real.store.undispatched(), 'undispatched() (oldest first)').toEqual(model.outbox);
  });
}

function markDispatched(aggregate: number, pick: number): StoreCommand {
  const { id } = AGGREGATES[aggregate]!;
  return command(`markDispatched(${id}, seq #${pick})`, async (model, real) => {
    const seq = (pick % Math.max(1, model.lastSeq(id))) + 1;
    await real.store.markDispatched(id, seq);
    model.outbox = model.outbox.filter((r) => !(r.aggregate_id === id && r.seq === seq));
  });
}

function probe(aggregate: number): StoreCommand {
  const { id } = AGGREGATES[aggregate]!;
  return command(`probe(${id})`, async (model, real) => {
    expect(await real.probe!.records(id), `probe(${id}): what the storage holds`).toEqual(model.streams.get(id) ?? []);
  });
}

function commandArbitraries(withOutbox: boolean, withProbe: boolean): fc.Arbitrary<StoreCommand>[] {
  const aggregate = fc.nat(AGGREGATES.length - 1);
  const seqBound = fc.option(fc.integer({ min: 0, max: 7 }), { nil: undefined, freq: 2 });
  const batch = fc
    .uniqueArray(fc.nat(EVENT_IDS - 1), { minLength: 1, maxLength: 3 })
    .chain((ids) => fc.tuple(fc.constant(ids), fc.array(recordContent, { minLength: ids.length, maxLength: ids.length })));
  const appends = fc
    .tuple(aggregate, fc.constantFrom(0, 0, 0, 0, -1, 1, -2), batch)
    .map(([a, drift, [ids, contents]]) => append(a, drift, ids, contents));
  // Appends weigh triple, so streams grow long enough for reads to mean something.
  const arbitraries: fc.Arbitrary<StoreCommand>[] = [
    appends,
    appends,
    appends,
    fc.tuple(fc.nat(20), fc.constantFrom(0, -1)).map(([pick, drift]) => redeliver(pick, drift)),
    fc.tuple(aggregate, seqBound, seqBound).map(([a, from, to]) => read(a, from === 0 ? 1 : from, to)),
    aggregate.map(lastSeq),
    fc.option(fc.nat(MACHINES.length - 1), { nil: undefined }).map(listAggregates),
    fc.nat(EVENT_IDS).map(findByEventId),
  ];
  if (withOutbox) {
    arbitraries.push(fc.constant(null).map(undispatched));
    arbitraries.push(fc.tuple(aggregate, fc.nat(5)).map(([a, pick]) => markDispatched(a, pick)));
  }
  if (withProbe) arbitraries.push(aggregate.map(probe));
  return arbitraries;
}

/** Property (a): answers equal the reference model's under generated command sequences. Throws on failure. */
export async function checkStoreModel(subject: StoreSubject | StoreFactory, options: CheckOptions = {}): Promise<void> {
  const adapter = asStoreSubject(subject);
  const commands = commandArbitraries(storeCapabilities(adapter).outbox, adapter.probe !== undefined);
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
      'answers like the reference model to generated appends, reads, lookups and outbox calls',
      () => checkStoreModel(suite.subject, suite.check),
      suite.timeoutMs,
    );
  });
}
