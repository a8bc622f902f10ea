import { afterEach, describe, expect, it } from 'vitest';
import { displayId } from '@eventflow/core';
import { placeCheckouts } from './checkouts.ts';
import { causedBy, timeTravel, trail } from './report.ts';
import { startCheckout, type CheckoutSystem } from './system.ts';

let system: CheckoutSystem | undefined;
afterEach(async () => system?.runtime.close());

describe('the checkout system', () => {
  it('settles each checkout to its outcome', async () => {
    system = await startCheckout();
    const placed = await placeCheckouts(system.runtime);
    const states = await Promise.all(placed.map(async (p) => system!.runtime.state(p.result.aggregate_id)));
    expect(states.map((s) => s.state)).toEqual(['#confirmed', '#rejected', '#payment_failed', '#out_of_stock']);
    // The bank's later decline does not reopen an order that fraud screening already rejected.
    expect(states[1]?.history).toEqual(['#processing', '#rejected']);
    expect(placed.every((p) => p.result.reply?.status === 202)).toBe(true);
    expect(system.errors).toEqual([]);
  });

  it('traces the conversation of one checkout and rebuilds the order at each seq', async () => {
    system = await startCheckout();
    const [normal] = await placeCheckouts(system.runtime);
    const id = normal!.result.aggregate_id;
    const caused = causedBy(normal!.result.event_id, system.sent);
    expect(caused.map((e) => e.event)).toEqual([
      ':payment_request',
      ':fraud_check',
      ':reserve_stock',
      ':authorize_card',
      ':fraud_cleared',
      ':stock_reserved',
      ':card_authorized',
      ':payment_success',
      ':order_confirmed',
    ]);
    const request = caused[0]!;
    const answer = caused.find((e) => e.event === ':payment_success')!;
    expect(answer.conversation_id).toBe(request.conversation_id);
    expect(answer.to.aggregate_id).toBe(id);
    const text = await trail([':checkout', '@customer', 'conv'], caused, system.store);
    expect(text).toMatch(new RegExp(`\\n:order_confirmed +${displayId('@order', id)} → @customer +conv-`));
    const travel = (await timeTravel(system.runtime, id)).split('\n');
    expect(travel[2]).toMatch(/^1 +:checkout +#processing /);
    expect(travel.at(-1)).toMatch(/^4 +:payment_success +#confirmed /);
  });
});
