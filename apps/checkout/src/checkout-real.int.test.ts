// The checkout system on the production pair: MongoDB store (FerretDB) + Kafka transport.
import { afterEach, describe, expect, it } from 'vitest';
import { placeCheckouts } from './checkouts.ts';
import { startCheckout, type CheckoutSystem } from './system.ts';

let system: CheckoutSystem | undefined;
afterEach(async () => {
  await system?.close();
  system = undefined;
});

describe('the checkout system on MongoDB + Kafka', () => {
  it('settles each checkout to its outcome, with every reply routed back through Kafka', async () => {
    system = await startCheckout(7, 'mongo-kafka');
    expect(system.adapters).toMatch(/^MongoDB store .* \+ Kafka transport/);
    const placed = await placeCheckouts(system.runtime);
    const states = await Promise.all(placed.map((p) => system!.runtime.state(p.result.aggregate_id)));
    expect(states[0]?.state).toBe('#confirmed');
    // The big order is rejected by fraud screening or declined by the bank, whichever answers first.
    expect(['#rejected', '#payment_failed']).toContain(states[1]?.state);
    expect(states[2]?.state).toBe('#payment_failed');
    expect(states[3]?.state).toBe('#out_of_stock');
    expect(system.errors).toEqual([]);
    const history = await system.runtime.history(placed[0]!.result.aggregate_id);
    const request = history[0]?.outcome.emitted.find((e) => e.event === ':payment_request');
    expect(history.find((r) => r.event_type === ':payment_success')?.conversation_id).toBe(request?.conversation_id);
  }, 60_000);
});
