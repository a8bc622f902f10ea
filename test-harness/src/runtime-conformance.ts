import { describe, expect, test } from 'vitest';
import { fcEnvironment } from './fc-settings.ts';
import type { StoreSubject, TransportSubject } from './options.ts';
import { checkCorrelation } from './runtime/correlation.ts';
import { checkReplayDeterminism, type RuntimeSubject } from './runtime/replay-determinism.ts';
import { runSharedGroup, runSharedWrites } from './runtime/shared-store.ts';

/** Options of `runtimeConformance`: a store and a transport adapter to run the whole runtime on. */
export interface RuntimeConformanceOptions {
  /** Names the top-level `describe`. */
  readonly name: string;
  readonly store: StoreSubject;
  readonly transport: TransportSubject;
  /** Histories must match this pair's byte for byte (pass the memory adapters; default: the pair itself). */
  readonly reference?: RuntimeSubject;
  /** fast-check runs per property (`FC_NUM_RUNS` overrides). */
  readonly runs?: number;
  /** Per-test timeout in ms (default 120 000). */
  readonly timeoutMs?: number;
}

/** Registers the runtime suite: the whole EventFlow runtime on the given store and transport. */
export function runtimeConformance(options: RuntimeConformanceOptions): void {
  const runs = fcEnvironment().runs ?? options.runs;
  const timeout = options.timeoutMs ?? 120_000;
  const check = { ...(runs === undefined ? {} : { runs }), timeLimitMs: timeout / 2 };
  const subject: RuntimeSubject = { store: options.store, transport: options.transport };
  describe(`Runtime conformance: ${options.name}`, () => {
    describe('replay determinism', () => {
      test(
        'rebuilt state equals live state at every seq, twice, a failed handler stores nothing, and histories match the reference',
        () => checkReplayDeterminism(subject, { ...check, ...(options.reference ? { reference: options.reference } : {}) }),
        timeout,
      );
    });
    describe('snapshots', () => {
      const enabled = options.store.capabilities?.snapshots === true;
      test(
        enabled
          ? 'hydrating from a snapshot after every record decides exactly what full replay decides'
          : 'not applicable: the store declares capabilities.snapshots false, so the runtime always replays in full',
        async () => {
          if (enabled) await checkReplayDeterminism(subject, { ...check, snapshots: true });
          else expect(options.store.capabilities?.snapshots ?? false).toBe(false);
        },
        timeout,
      );
    });
    describe('correlation', () => {
      test('every reply reaches the instance that opened its conversation, under delays, reordering and duplicates', () => checkCorrelation(subject, check), timeout);
      test('the same holds on the plain transport', () => checkCorrelation(subject, { ...check, faults: false }), timeout);
    });
    describe('several runtimes on one store', () => {
      test('640 deposits from two runtimes into the same 8 accounts: conflicts are retried until they land, none is rejected', async () => {
        const report = await runSharedWrites(subject);
        console.info(`${options.name}: ${report.sends} sends from two runtimes, ${report.conflicts} conflicts retried, ${report.rejected} rejected`);
        expect(report.rejected).toBe(0);
        // 640 sends and their retries take minutes on a slow store under load: a generous bound, not a timing.
      }, Math.max(timeout, 480_000));
      test('settle() on one runtime resolves once what it started is done, though the other runtime of its group handled part of it', async () => {
        const report = await runSharedGroup(subject);
        console.info(`${options.name}: ${report.started} conversations started by one runtime, ${report.handledByOther} records committed by the other`);
        expect(report.handledByOther).toBeGreaterThan(0);
        expect({ unfinished: report.unfinished, undispatched: report.undispatched }).toEqual({ unfinished: 0, undispatched: 0 });
      }, timeout);
    });
  });
}
