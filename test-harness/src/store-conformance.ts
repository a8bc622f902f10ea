import { describe } from 'vitest';
import { fcEnvironment } from './fc-settings.ts';
import { storeCapabilities, type StoreConformanceOptions } from './options.ts';
import { appendReadGroup } from './store/append-read.ts';
import { concurrencyGroup } from './store/concurrency.ts';
import { durabilityGroup } from './store/durability.ts';
import { idempotencyGroup } from './store/idempotency.ts';
import { storeModelGroup } from './store/model.ts';
import { outboxGroup } from './store/outbox.ts';
import { snapshotsGroup } from './store/snapshots.ts';
import type { StoreSuite } from './store/suite.ts';

/** Registers the event store conformance suite on the caller's vitest: one `describe` per group. */
export function storeConformance(options: StoreConformanceOptions): void {
  const runs = fcEnvironment().runs ?? options.runs;
  const timeoutMs = options.timeoutMs ?? 30_000;
  const suite: StoreSuite = {
    subject: options,
    capabilities: storeCapabilities(options),
    check: { ...(runs === undefined ? {} : { runs }), timeLimitMs: timeoutMs / 2 },
    timeoutMs,
  };
  describe(`EventStore conformance: ${options.name}`, () => {
    appendReadGroup(suite);
    concurrencyGroup(suite);
    idempotencyGroup(suite);
    outboxGroup(suite);
    snapshotsGroup(suite);
    durabilityGroup(suite);
    storeModelGroup(suite);
  });
}
