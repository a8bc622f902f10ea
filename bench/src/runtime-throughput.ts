// 1. Runtime throughput on memory adapters: events/s of the order <-> payment conversation,
// against a hand-written baseline, XState v5 and Emmett's in-memory event store.
import type { InMemoryEventStore } from '@event-driven-io/emmett';
import { HandWritten } from './baseline.ts';
import { flows, startSystem, stopSystem, type System } from './machine.ts';
import { emmettCheckout, emmettStore, xstateCheckout } from './peers.ts';
import { startResult, statsOf, type BenchResult, type Row, type Scale } from './report.ts';
import { interleave, speedRatio, type Contender, type Measured, type RoundOptions } from './rounds.ts';
import type { EventStore } from '@eventflow/core';
import { forgetfulStore } from './forgetful-store.ts';

/** checkout, payment_request, payment_success. */
export const EVENTS_PER_CHECKOUT = 3;

export interface ThroughputOptions extends RoundOptions {
  /** Checkouts started together per timed call (the runtime's are in flight at once). */
  readonly batch: number;
}

export const THROUGHPUT: Record<Scale, ThroughputOptions> = {
  full: { rounds: 7, time: 600, warmupTime: 150, iterations: 10, warmupIterations: 5, batch: 50 },
  quick: { rounds: 3, time: 150, warmupTime: 50, iterations: 5, warmupIterations: 3, batch: 50 },
  tiny: { rounds: 1, time: 5, warmupTime: 0, iterations: 2, warmupIterations: 0, batch: 4 },
};

/**
 * The EventFlow contender: `batch` checkouts sent at once, then settle() until every
 * conversation has finished. A new runtime per phase on `store()` (fresh unless given).
 */
export function eventflowContender(name: string, batch: number, store?: () => EventStore): Contender {
  let system: System | undefined;
  let last: string[] = [];
  return {
    name,
    opsPerCall: batch * EVENTS_PER_CHECKOUT,
    beforeAll: async () => {
      system = await startSystem(flows().checkout, store ? { store: store() } : {});
    },
    fn: async () => {
      const runtime = (system as System).runtime;
      const sends = [];
      for (let i = 0; i < batch; i++) sends.push(runtime.send({ event: ':checkout', to: '@order', data: { total: i } }));
      last = (await Promise.all(sends)).map((result) => result.aggregate_id);
      await runtime.settle();
    },
    afterAll: async () => {
      const done = system as System;
      system = undefined;
      // Untimed check that the last batch really finished the conversation.
      for (const id of last) {
        const view = await done.runtime.state(id);
        if (view.state !== '#paid') throw new Error(`${name}: ${id} ended in ${view.state}`);
      }
      if (done.errors.length > 0) throw new Error(`${name}: runtime reported ${String(done.errors[0])}`);
      await stopSystem(done);
    },
  };
}

function handWrittenContender(batch: number): Contender {
  let system = new HandWritten();
  return {
    name: 'hand-written TS',
    opsPerCall: batch * EVENTS_PER_CHECKOUT,
    beforeAll: () => {
      system = new HandWritten();
    },
    fn: () => {
      let order = '';
      for (let i = 0; i < batch; i++) order = system.checkout(i);
      if (system.state(order) !== 'paid') throw new Error('hand-written: conversation did not finish');
    },
  };
}

function xstateContender(batch: number): Contender {
  return {
    name: 'XState v5',
    opsPerCall: batch * EVENTS_PER_CHECKOUT,
    fn: () => {
      for (let i = 0; i < batch; i++) {
        if (xstateCheckout(i) !== 'paid') throw new Error('xstate: conversation did not finish');
      }
    },
  };
}

/**
 * Emmett on one in-memory store per phase, as EventFlow's runtime gets one store per phase. Its
 * appendToStream sums the lengths of all streams on every append (O(streams)), so its figure falls
 * as a phase stores more; `freshPerCall` gives it an empty store for every call instead (its best case).
 */
function emmettContender(batch: number, freshPerCall: boolean): Contender {
  let store: InMemoryEventStore = emmettStore();
  let call = 0;
  const fresh = () => {
    store = emmettStore();
  };
  return {
    name: freshPerCall ? EMMETT_FRESH : EMMETT,
    opsPerCall: batch * EVENTS_PER_CHECKOUT,
    ...(freshPerCall ? { beforeEach: fresh } : { beforeAll: fresh }),
    fn: async () => {
      call++;
      const runs = [];
      for (let i = 0; i < batch; i++) runs.push(emmettCheckout(store, `order-${call}-${i}`, `payment-${call}-${i}`, i));
      for (const status of await Promise.all(runs)) if (status !== 'paid') throw new Error('emmett: conversation did not finish');
    },
  };
}

const EMMETT = 'Emmett in-memory';
const RUNTIME_ALONE = 'EventFlow runtime, store keeping nothing';
const EMMETT_FRESH = 'Emmett, fresh store per call';

export async function runThroughput(scale: Scale = 'full'): Promise<BenchResult> {
  const options = THROUGHPUT[scale];
  const finish = startResult('runtime-throughput', 'Runtime throughput, order <-> payment on memory adapters', scale, { ...options, events_per_checkout: EVENTS_PER_CHECKOUT });
  const subject = eventflowContender('EventFlow runtime', options.batch);
  const xstate = xstateContender(options.batch);
  const baselines = [handWrittenContender(options.batch), xstate, emmettContender(options.batch, false), emmettContender(options.batch, true)];
  const runtimeAlone = eventflowContender(RUNTIME_ALONE, options.batch, forgetfulStore);
  const contenders = [subject, ...baselines, runtimeAlone];
  const measured = await interleave(contenders, options);
  const call = `${options.batch} checkouts (${options.batch * EVENTS_PER_CHECKOUT} events)`;
  const ef = measured.get(subject.name) as Measured;
  // The fresh-store Emmett row has no target: it is shown for its best case, not the setup.
  const targets: Record<string, [string, (ratio: number) => boolean]> = {
    'hand-written TS': ['>= 0.2 of hand-written', (r) => r >= 0.2],
    'XState v5': ['>= 5x XState', (r) => r >= 5],
    [EMMETT]: ['>= 5x Emmett', (r) => r >= 5],
  };
  const row = (subject: Measured, base: Measured): Row => {
    const ratio = speedRatio(subject, base);
    const target = subject === ef ? targets[base.name] : undefined;
    return {
      subject: subject.name,
      baseline: base.name,
      unit: 'events/s',
      subject_value: subject.ops_per_s,
      baseline_value: base.ops_per_s,
      ratio,
      ratio_means: 'subject/baseline events/s (higher is better)',
      subject_stats: statsOf(subject, call),
      baseline_stats: statsOf(base, call),
      ...(target ? { target: { text: target[0], met: target[1](ratio) } } : {}),
    };
  };
  const of = (contender: Contender) => measured.get(contender.name) as Measured;
  const rows: Row[] = [...baselines.map((base) => row(ef, of(base))), row(of(runtimeAlone), of(xstate)), row(ef, of(runtimeAlone))];
  return finish(rows, {}, [
    `Each timed call runs ${call}; EventFlow sends them concurrently and awaits settle(), the others run them to completion.`,
    'Emmett keeps one in-memory store per phase, as EventFlow does; its appendToStream sums the lengths of all streams on every append (O(streams)), so it slows as the phase stores more. The untargeted row gives it an empty store per call (its best case).',
    'Latencies are per call of the batch, medians over rounds; ratios are medians of per-round ratios.',
    `The last two rows split the runtime's figure: "${RUNTIME_ALONE}" runs the same conversations on a store that keeps only last seqs (src/forgetful-store.ts), so it is the runtime alone; the memory store's records, event-id index and outbox are the rest.`,
  ]);
}
