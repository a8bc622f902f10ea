// Lane diagrams of what really ran: the checkout system on the real runtime and memory adapters, its
// stored records read back from the store, drawn per conversation.
import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import { createIds, createRuntime, defineBindings, steppingClock, type StoredRecord } from '@eventflow/core';
import { createMemoryStore, createMemoryTransport } from '@eventflow/memory';
import { describe, expect, it } from 'vitest';
import { conversationFamily, laneFromRecords } from './lane-records.ts';
import type { LaneMessage, LaneStep } from './model.ts';
import { CHECKOUT_DIR } from './test-support/flows.ts';

const bindings = [
  defineBindings('@bank', (b) => b.guard('card is valid', (ctx) => Number(ctx.event.data['amount'] ?? 0) <= 5000)),
  defineBindings('@inventory', (b) => {
    b.guard('stock is available', () => true);
    b.action('reserve items', () => ({}));
  }),
];

async function checkoutRecords(total: number): Promise<{ records: StoredRecord[]; order: string }> {
  const names = ['order.flow', 'payment.flow', 'bank.flow', 'fraud.flow', 'inventory.flow'];
  const store = createMemoryStore();
  const runtime = await createRuntime({
    flows: names.map((name) => ({ name, source: readFileSync(join(CHECKOUT_DIR, name), 'utf8') })),
    store,
    transport: createMemoryTransport(),
    bindings,
    ids: createIds({ seed: 3 }),
    clock: steppingClock('2026-03-01T09:00:00.000Z', 1000),
  });
  try {
    const sent = await runtime.send({ event: ':checkout', to: '@order', from: '@customer', data: { total, items: [{ sku: 'book' }] } });
    await runtime.settle();
    const records: StoredRecord[] = [];
    for (const id of await store.listAggregates()) records.push(...(await store.read(id)));
    return { records, order: sent.aggregate_id };
  } finally {
    await runtime.close();
  }
}

function messages(steps: readonly LaneStep[]): LaneMessage[] {
  return steps.filter((s): s is LaneMessage => s.kind === 'message');
}

describe('laneFromRecords', () => {
  it('draws one lane per instance, each stored event as an arrow, the reply and the outside emit too', async () => {
    const { records, order } = await checkoutRecords(100);
    const lane = laneFromRecords(records, 'checkout');
    expect(lane.lanes[0]).toMatchObject({ id: '@customer', kind: 'actor' });
    expect(lane.lanes[1]).toMatchObject({ id: order, kind: 'machine', label: `@order:${order.slice('order-'.length)}` });
    expect(lane.lanes.map((l) => l.label.split(':')[0]).sort()).toEqual(['@bank', '@customer', '@fraud', '@inventory', '@order', '@payment']);
    const texts = messages(lane.steps).map((m) => m.text);
    expect(texts.slice(0, 2)).toEqual([':checkout', '202 Accepted']);
    expect(texts).toContain(':authorize_card');
    expect(texts.filter((t) => t === ':order_confirmed')).toHaveLength(1);
    expect(messages(lane.steps).every((m) => m.reply || m.conversation)).toBe(true);
    expect(lane.steps.some((s) => s.kind === 'note' && s.text === '#confirmed' && s.lane === order)).toBe(true);
  });

  it('finds a conversation with its nested ones: payment’s conversation reaches the bank', async () => {
    const { records, order } = await checkoutRecords(100);
    const request = records.find((r) => r.event_type === ':payment_request');
    if (!request?.conversation_id) throw new Error('no :payment_request record');
    const family = conversationFamily(records, request.conversation_id);
    expect(family.size).toBe(2);
    const lane = laneFromRecords(records.filter((r) => r.conversation_id && family.has(r.conversation_id)), 'payment');
    expect(lane.lanes.slice(0, 3).map((l) => l.label.split(':')[0])).toEqual(['@order', '@payment', '@bank']);
    expect(lane.lanes[0]?.id).toBe(order);
    expect(messages(lane.steps).slice(0, 4).map((m) => m.text)).toEqual([':payment_request', ':authorize_card', ':card_authorized', ':payment_success']);
    expect(records.filter((r) => r.conversation_id && family.has(r.conversation_id)).map((r) => r.machine).sort()).toEqual(['@bank', '@order', '@payment', '@payment']);
  });

  it('a reply back into an older conversation does not make it a child of the newer one', async () => {
    const { records } = await checkoutRecords(100);
    const bank = records.find((r) => r.event_type === ':authorize_card');
    if (!bank?.conversation_id) throw new Error('no :authorize_card record');
    expect([...conversationFamily(records, bank.conversation_id)]).toEqual([bank.conversation_id]);
  });
});
