import { describe, expect, it } from 'vitest';
import { laneFromFlows } from './lane-flows.ts';
import type { LaneBlock, LaneMessage, LaneStep } from './model.ts';
import { checkoutFlows, fixture } from './test-support/flows.ts';

function messages(steps: readonly LaneStep[]): LaneMessage[] {
  return steps.flatMap((s) => (s.kind === 'message' ? [s] : s.kind === 'block' ? s.branches.flatMap((b) => messages(b.steps)) : []));
}

describe('laneFromFlows on the checkout system', () => {
  const lane = laneFromFlows(checkoutFlows(), 'checkout');

  it('has one lane per actor in order of first appearance, the customer as an outside actor', () => {
    expect(lane.lanes.map((l) => `${l.label}:${l.kind}`)).toEqual([
      '@customer:actor',
      '@order:machine',
      '@payment:machine',
      '@fraud:machine',
      '@inventory:machine',
      '@bank:machine',
    ]);
  });

  it('draws the checkout fan-out in handler order, the reply last, then the receivers side by side', () => {
    const top = lane.steps.filter((s): s is LaneMessage => s.kind === 'message').slice(0, 5);
    expect(top.map((m) => `${m.from}->${m.to} ${m.text}${m.conversation ? ` (${m.conversation})` : ''}${m.reply ? ' reply' : ''}`)).toEqual([
      '@customer->@order :checkout',
      '@order->@payment :payment_request (A)',
      '@order->@fraud :fraud_check (B)',
      '@order->@inventory :reserve_stock (C)',
      '@order->@customer 202 Accepted reply',
    ]);
    const par = lane.steps.find((s): s is LaneBlock => s.kind === 'block' && s.type === 'par');
    expect(par?.branches.map((b) => b.label)).toEqual([':payment_request (conv A)', ':fraud_check (conv B)', ':reserve_stock (conv C)']);
  });

  it('continues a conversation on the way back and opens a new one for the nested bank call', () => {
    const all = messages(lane.steps);
    const conv = (event: string) => all.find((m) => m.text === event)?.conversation;
    expect(conv(':authorize_card')).toBe('D');
    expect(conv(':card_authorized')).toBe('D');
    expect(conv(':payment_success')).toBe(conv(':payment_request'));
    expect(conv(':fraud_cleared')).toBe(conv(':fraud_check'));
    expect(conv(':out_of_stock')).toBe(conv(':reserve_stock'));
  });

  it('shows guard branches as alternatives with their guard text', () => {
    const alts: string[] = [];
    const visit = (steps: readonly LaneStep[]) => {
      for (const s of steps) if (s.kind === 'block') {
        if (s.type === 'alt') alts.push(s.branches.map((b) => b.label).join(' | '));
        s.branches.forEach((b) => visit(b.steps));
      }
    };
    visit(lane.steps);
    expect(alts).toContain('card is valid | otherwise');
    expect(alts).toContain('$total is greater than 10000 | otherwise');
    expect(alts).toContain('order is in #processing | otherwise');
  });
});

describe('laneFromFlows on small flows', () => {
  it('stops following machines that answer each other forever', () => {
    const lane = laneFromFlows([fixture('ping.flow')], 'ping');
    const all = messages(lane.steps);
    expect(all.length).toBeLessThan(10);
    expect(JSON.stringify(lane.steps)).toContain(':ball again (drawn above)');
  });

  it('draws each scenario under its own heading and every outside caller as an actor', () => {
    const lane = laneFromFlows([fixture('loan.flow')], 'loan');
    expect(lane.lanes.map((l) => `${l.id}:${l.kind}`)).toEqual(['@member:actor', '@loan:machine', '@clock:actor']);
    expect(lane.steps.filter((s) => s.kind === 'note' && s.wide).map((s) => (s.kind === 'note' ? s.text : ''))).toEqual(['borrow and return']);
    expect(messages(lane.steps).find((m) => m.reply)?.text).toBe('201 Created');
  });
});
