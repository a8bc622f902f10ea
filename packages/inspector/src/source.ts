// Where the inspector reads: the store (instance ids and stored records, never a write) and an
// instance as of a seq, from the running runtime (`runtime.state`, which uses its snapshots and cache)
// or, with no runtime (the standalone `eventflow inspect --ui`), from a replay of the stored records.
import { EventFlowError, initialSnapshot, replay, type EventStore, type InstanceView, type Runtime } from '@eventflow/core';
import { stateGraph } from '@eventflow/diagram';
import type { FlowFile, MachineDecl } from '@eventflow/language';

/** The two store methods the inspector reads with. */
export type ReadOnlyStore = Pick<EventStore, 'read' | 'listAggregates'>;

/** What an inspector reads: a store, the declared machines, and an instance as of a seq. */
export interface InspectorSource {
  readonly store: ReadOnlyStore;
  /** Declared machines by name, for their state diagrams (empty: the pages draw none). */
  readonly machines: ReadonlyMap<string, MachineDecl>;
  /** An instance now, or as of a seq; rejects with NOT_FOUND when nothing is stored under the id. */
  state(aggregateId: string, atSeq?: number): Promise<InstanceView>;
}

/** A running system: time travel is `runtime.state(id, { atSeq })`. */
export function runtimeSource(runtime: Runtime, store: ReadOnlyStore): InspectorSource {
  return {
    store,
    machines: new Map([...runtime.definition.machines].map(([name, machine]) => [name, machine.decl])),
    state: (id, atSeq) => runtime.state(id, atSeq === undefined ? {} : { atSeq }),
  };
}

/** A store on its own (and the flows, when given, for diagrams): time travel replays stored outcomes. */
export function storeSource(store: ReadOnlyStore, files: readonly FlowFile[] = []): InspectorSource {
  return {
    store,
    machines: new Map(files.flatMap((file) => file.machines.map((decl) => [decl.name, decl] as const))),
    state: async (id, atSeq) => {
      const records = await store.read(id, atSeq === undefined ? {} : { toSeq: atSeq });
      const first = records[0];
      if (!first) throw new EventFlowError('NOT_FOUND', `No instance '${id}' is stored`);
      const { machine, aggregate_id, state, context, seq, history, links, conversations } = replay(initialSnapshot(first.machine, id), records);
      return { machine, aggregate_id, state, context, seq, history, links, conversations };
    },
  };
}

/**
 * Which states of the declared machines are final (no transition leaves them): an instance there
 * changes no more. A machine no flow declares has no known final state.
 */
export function settledIn(machines: ReadonlyMap<string, MachineDecl>): (machine: string, state: string) => boolean {
  const finals = new Map([...machines].map(([name, decl]) => [name, new Set(stateGraph(decl).states.filter((s) => s.final).map((s) => s.name))]));
  return (machine, state) => finals.get(machine)?.has(state) ?? false;
}
