// Property: the state rebuilt from the store equals the live state after every step, time travel
// to every seq equals what was live at that seq, replaying twice gives the same result, a failing
// handler persists nothing, and the same inputs and seeds give identical histories on another
// pair of adapters (the reference). Bindings return random values on purpose: replay must not call them.
import { createIds, createRuntime, defineBindings, deepEqual, seededRandom, steppingClock, type EventStore, type Snapshot, type StoredRecord } from '@eventflow/core';
import fc from 'fast-check';
import { assertProperty } from '../fc-settings.ts';
import { withStore, withTransport } from '../lifecycle.ts';
import type { CheckOptions, StoreSubject, TransportSubject } from '../options.ts';
import { lastSeqOf } from '../store/outcome.ts';
import { determinismCase, determinismFlow, type DeterminismCase } from './generate.ts';
import { jsonDiff } from './json-diff.ts';

/** A store and a transport adapter the runtime checks run on. */
export interface RuntimeSubject {
  readonly store: StoreSubject;
  readonly transport: TransportSubject;
}

export interface DeterminismOptions extends CheckOptions {
  /** Also run each case hydrating from a snapshot after every record (no instance cache): results must not change. */
  readonly snapshots?: boolean;
  /** Another adapter pair run with the same inputs; histories must match it byte for byte. */
  readonly reference?: RuntimeSubject;
}

function bindings(seed: number) {
  const random = seededRandom(seed);
  return [
    defineBindings('@subject', (b) =>
      b
        .action('roll dice', () => ({ roll: Math.floor(random() * 1000) }))
        .action('charge the card', (ctx) => {
          if (ctx.event.data['fail'] === true) throw new Error('card declined by the generated binding');
        })
        .guard('lucky number', () => random() < 0.5),
    ),
  ];
}

/** Every instance's stored records after a determinism case ran, by aggregate id. */
export interface RunResult {
  readonly histories: Record<string, StoredRecord[]>;
}

/** Runs one generated case on one adapter pair and checks it; returns the histories. */
export async function runDeterminismCase(
  subject: RuntimeSubject,
  c: DeterminismCase,
  seed: number,
  tuning: { snapshotEvery?: number; cacheSize?: number } = {},
): Promise<RunResult> {
  return withStore(subject.store, (store) =>
    withTransport(subject.transport, async (transport) => {
      const live = new Map<string, Map<number, Snapshot>>();
      const runtime = await createRuntime({
        flows: [{ name: 'subject.flow', source: determinismFlow(c) }],
        store,
        transport,
        bindings: bindings(seed),
        ids: createIds({ seed }),
        clock: steppingClock(),
        ...tuning,
        observe: (record, _effects, snapshot) => {
          const seqs = live.get(record.aggregate_id) ?? new Map<number, Snapshot>();
          seqs.set(record.seq, snapshot);
          live.set(record.aggregate_id, seqs);
        },
      });
      try {
        let subjectId: string | undefined;
        for (const event of c.events) {
          const before = subjectId ? await lastSeqOf(store, subjectId) : 0;
          try {
            const result = await runtime.send({
              event: `:e${event.handler}`,
              to: '@subject',
              data: { n: event.n, fail: event.fail, ...(subjectId ? { subject_id: subjectId } : {}) },
            });
            subjectId ??= result.aggregate_id;
          } catch (error) {
            const code = (error as { code?: string }).code;
            if (code !== 'ROUTING_ERROR' && !/card declined/.test(String(error))) throw error;
            if (subjectId && (await lastSeqOf(store, subjectId)) !== before) {
              throw new Error(`A failed handler persisted something: ${subjectId} moved from seq ${before}`);
            }
          }
          await runtime.settle();
        }
        const histories: Record<string, StoredRecord[]> = {};
        for (const id of await store.listAggregates()) {
          histories[id] = await store.read(id);
          await checkRebuilds(store, id, histories[id], live.get(id), runtime);
        }
        return { histories };
      } finally {
        await runtime.close();
      }
    }),
  );
}

async function checkRebuilds(
  store: EventStore,
  id: string,
  records: readonly StoredRecord[],
  live: Map<number, Snapshot> | undefined,
  runtime: { state(id: string, o?: { atSeq?: number }): Promise<unknown> },
): Promise<void> {
  for (const record of records) {
    const observed = live?.get(record.seq);
    if (!observed) throw new Error(`${id} seq ${record.seq} was stored but never processed live`);
    const rebuilt = await runtime.state(id, { atSeq: record.seq });
    const expected = {
      machine: observed.machine,
      aggregate_id: observed.aggregate_id,
      state: observed.state,
      context: observed.context,
      seq: observed.seq,
      history: observed.history,
      links: observed.links,
      conversations: observed.conversations,
    };
    if (!deepEqual(rebuilt, expected)) {
      throw new Error(`Time travel to ${id} seq ${record.seq} differs from the live state (- live, + rebuilt):\n${jsonDiff(rebuilt, expected, canonicalJson)}`);
    }
  }
  const again = await runtime.state(id);
  const once = await runtime.state(id);
  if (!deepEqual(again, once)) throw new Error(`Replaying ${id} twice gave different results`);
  if ((await lastSeqOf(store, id)) !== records.length) throw new Error(`${id}: the last seq disagrees with the records read`);
}

/** Sorted-key JSON: two histories are the same bytes whatever key order an adapter returns. */
export function canonicalJson(value: unknown): string {
  return JSON.stringify(value, (_key, v: unknown) =>
    v && typeof v === 'object' && !Array.isArray(v) ? Object.fromEntries(Object.entries(v as Record<string, unknown>).sort(([a], [b]) => (a < b ? -1 : 1))) : v,
  );
}

/** Property: replaying an instance's records gives the state the run reached, without re-running a binding. */
export async function checkReplayDeterminism(subject: RuntimeSubject, options: DeterminismOptions = {}): Promise<void> {
  await assertProperty(
    fc.asyncProperty(determinismCase, fc.integer({ min: 1, max: 2 ** 30 }), async (c, seed) => {
      const first = await runDeterminismCase(subject, c, seed);
      const reference = options.reference ? await runDeterminismCase(options.reference, c, seed) : await runDeterminismCase(subject, c, seed);
      if (canonicalJson(first.histories) !== canonicalJson(reference.histories)) {
        throw new Error(`Same inputs and seeds, different histories (- reference, + this adapter pair):\n${jsonDiff(first.histories, reference.histories, canonicalJson)}`);
      }
      if (options.snapshots) {
        // Snapshots are an optimisation only: hydrating from them must decide exactly the same.
        const snapshotted = await runDeterminismCase(subject, c, seed, { snapshotEvery: 1, cacheSize: 0 });
        if (canonicalJson(snapshotted.histories) !== canonicalJson(first.histories)) {
          throw new Error(`Hydrating from snapshots changed the history (- full replay, + from snapshots):\n${jsonDiff(snapshotted.histories, first.histories, canonicalJson)}`);
        }
      }
    }),
    options,
    15,
  );
}
