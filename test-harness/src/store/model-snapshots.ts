// Snapshot commands of the store property: saves and loads over aggregate ids that are prefixes of
// each other, with generated contexts, so a lookup by prefix or a lossy snapshot codec shows.
import fc from 'fast-check';
import { expect } from 'vitest';
import type { EventStore, Snapshot } from '@eventflow/core';
import { snapshotContent } from '../arbitraries.ts';
import { jsonView } from '../json-data.ts';
import { AGGREGATES, command, type StoreCommand } from './model-state.ts';

function snapshotsOf(store: EventStore): Required<Pick<EventStore, 'saveSnapshot' | 'loadSnapshot'>> {
  expect(typeof store.saveSnapshot, 'capabilities.snapshots is true: saveSnapshot must exist').toBe('function');
  expect(typeof store.loadSnapshot, 'capabilities.snapshots is true: loadSnapshot must exist').toBe('function');
  return { saveSnapshot: store.saveSnapshot!.bind(store), loadSnapshot: store.loadSnapshot!.bind(store) };
}

function save(aggregate: number, seq: number, content: Omit<Snapshot, 'aggregate_id' | 'machine' | 'seq'>): StoreCommand {
  const { id, machine } = AGGREGATES[aggregate]!;
  return command(`saveSnapshot(${id}@${seq})`, async (model, real) => {
    const snapshot: Snapshot = { ...content, aggregate_id: id, machine, seq };
    await snapshotsOf(real.store).saveSnapshot(snapshot);
    model.saveSnapshot(snapshot);
  });
}

function load(aggregate: number, maxSeq: number | undefined): StoreCommand {
  const { id } = AGGREGATES[aggregate]!;
  const label = `loadSnapshot(${id}${maxSeq === undefined ? '' : `, ${maxSeq}`})`;
  return command(label, async (model, real) => {
    const got = await snapshotsOf(real.store).loadSnapshot(id, maxSeq);
    expect(jsonView(got), label).toEqual(jsonView(model.loadSnapshot(id, maxSeq)));
  });
}

export function snapshotCommands(): fc.Arbitrary<StoreCommand>[] {
  const aggregate = fc.nat(AGGREGATES.length - 1);
  const seq = fc.integer({ min: 1, max: 6 });
  return [
    fc.tuple(aggregate, seq, snapshotContent).map(([a, s, content]) => save(a, s, content)),
    fc.tuple(aggregate, fc.option(seq, { nil: undefined })).map(([a, maxSeq]) => load(a, maxSeq)),
  ];
}
