// Consumer groups: members of one group split a machine's envelopes (each key handled by one member
// at a time); different groups each get every envelope.
import { describe, expect, test } from 'vitest';
import type { Envelope } from '@eventflow/core';
import { sampleEnvelope } from '../arbitraries.ts';
import { withTransport } from '../lifecycle.ts';
import { notApplicable } from '../not-applicable.ts';
import type { TransportFactory, TransportSubject } from '../options.ts';
import { DeliveryLog } from './delivery-log.ts';
import { idsByKey, TARGET } from './scenario.ts';
import { asTransportSubject, settleMs, type TransportSuite } from './suite.ts';

function workload(): Envelope[] {
  return Array.from({ length: 24 }, (_, i) => sampleEnvelope(`g${i}`, TARGET, `agg-${i % 8}`));
}

/** Two members of one group: every envelope delivered, keys never handled twice at once, not all to both. */
export async function checkSharedGroup(subject: TransportSubject | TransportFactory): Promise<void> {
  const adapter = asTransportSubject(subject);
  await withTransport(adapter, async (transport) => {
    const envelopes = workload();
    const log = new DeliveryLog({ slow: new Set(envelopes.map((e) => e.id)) });
    const members = [
      await transport.subscribe(TARGET, log.handler('a'), { group: 'shared' }),
      await transport.subscribe(TARGET, log.handler('b'), { group: 'shared' }),
    ];
    await transport.publish(envelopes);
    await log.until(() => log.ackedCount === envelopes.length, settleMs(adapter));
    for (const member of members) await member.unsubscribe();
    expect(envelopes.filter((e) => !log.acked(e.id)).map((e) => e.id), 'never delivered to the group').toEqual([]);
    expect(log.overlaps, 'keys handled by both members at once').toEqual([]);
    const acked = idsByKey(log.firstAcks);
    for (const [key, ids] of idsByKey(envelopes)) expect(acked.get(key), `order of key ${key}`).toEqual(ids);
    // At least once: a member may see an envelope twice, and both may (after a rebalance); not all of them.
    const ackedBy = (member: string) => new Set(log.calls.filter((call) => call.acked && call.subscriber === member).map((call) => call.envelope.id));
    const [a, b] = [ackedBy('a'), ackedBy('b')];
    const both = envelopes.filter((e) => a.has(e.id) && b.has(e.id)).length;
    expect(both, 'both members got every envelope: the group did not share').toBeLessThan(envelopes.length);
  });
}

/** Two groups: each gets every envelope. */
export async function checkGroupFanOut(subject: TransportSubject | TransportFactory): Promise<void> {
  const adapter = asTransportSubject(subject);
  await withTransport(adapter, async (transport) => {
    const envelopes = workload();
    const logs = [new DeliveryLog(), new DeliveryLog()];
    const subscriptions = await Promise.all(
      logs.map((log, i) => transport.subscribe(TARGET, log.handler(), { group: `group-${i}` })),
    );
    await transport.publish(envelopes);
    for (const log of logs) await log.until(() => log.ackedCount === envelopes.length, settleMs(adapter));
    for (const subscription of subscriptions) await subscription.unsubscribe();
    logs.forEach((log, i) => {
      expect(envelopes.filter((e) => !log.acked(e.id)).map((e) => e.id), `missed by group-${i}`).toEqual([]);
    });
  });
}

export function groupsGroup(suite: TransportSuite): void {
  describe('groups', () => {
    if (!suite.capabilities.groups) {
      notApplicable('groups', suite.capabilities.groups, 'every subscriber of a machine gets every envelope');
      return;
    }
    test('members of one group share the envelopes, one key at a time', () => checkSharedGroup(suite.subject), suite.timeoutMs);
    test('each group gets every envelope', () => checkGroupFanOut(suite.subject), suite.timeoutMs);
  });
}
