import { describe } from 'vitest';
import { fcEnvironment } from './fc-settings.ts';
import { transportCapabilities, type TransportConformanceOptions } from './options.ts';
import { deliveryGroup } from './transport/delivery.ts';
import { envelopeGroup } from './transport/envelope.ts';
import { groupsGroup } from './transport/groups.ts';
import { orderingGroup } from './transport/ordering.ts';
import { redeliveryGroup } from './transport/redelivery.ts';
import { restartGroup } from './transport/restart.ts';
import type { TransportSuite } from './transport/suite.ts';
import { volumeGroup } from './transport/volume.ts';

/** Registers the transport conformance suite on the caller's vitest: one `describe` per group. */
export function transportConformance(options: TransportConformanceOptions): void {
  const runs = fcEnvironment().runs ?? options.runs;
  const timeoutMs = options.timeoutMs ?? 30_000;
  const suite: TransportSuite = {
    subject: options,
    capabilities: transportCapabilities(options),
    check: { ...(runs === undefined ? {} : { runs }), timeLimitMs: timeoutMs / 2 },
    timeoutMs,
  };
  describe(`Transport conformance: ${options.name}`, () => {
    deliveryGroup(suite);
    orderingGroup(suite);
    redeliveryGroup(suite);
    envelopeGroup(suite);
    volumeGroup(suite);
    groupsGroup(suite);
    restartGroup(suite);
  });
}
