// Every example of the seed page "Conversation Context", run as written.
import { defineBindings } from '@eventflow/core';
import { describe, expect, test } from 'vitest';
import { startSystem } from './harness.ts';

const completeExample = `
machine: @order

scenario: checkout flow

  on> :checkout from @customer
    // New aggregate created: order-abc123
    order moves to #awaiting_payment
    emit :payment_request to @payment      // Starts conversation

  on :payment_success from @payment        // Same conversation
    // Automatically routed to order-abc123
    order moves to #paid
    emit :reserve_stock to @inventory      // New conversation branch

  on :stock_reserved from @inventory       // Returns via conversation
    order moves to #fulfilled

machine: @payment

scenario: payment processing

  on :payment_request from @order
    // First event for @payment → new aggregate: payment-xyz789
    // Conversation context links back to order-abc123
    process card
    ? card is valid
      emit :payment_success to @order      // Returns to originator
    ?
      emit :payment_failed to @order

machine: @inventory

scenario: stock management

  on :reserve_stock from @order
    // First event for @inventory → new aggregate: inventory-456
    // Conversation context links back to order-abc123
    ? stock is available
      reserve items
      emit :stock_reserved to @order       // Returns to originator
    ?
      emit :out_of_stock to @order
`;

function completeBindings(cardValid: (ctx: { get: (p: string) => unknown }) => boolean = () => true) {
  const processed: string[] = [];
  const reserved: string[] = [];
  return {
    processed,
    reserved,
    sets: [
      defineBindings('@payment', (b) =>
        b
          .action('process card', (ctx) => {
            processed.push(ctx.aggregateId);
          })
          .guard('card is valid', (ctx) => cardValid(ctx)),
      ),
      defineBindings('@inventory', (b) =>
        b
          .guard('stock is available', () => true)
          .action('reserve items', (ctx) => {
            reserved.push(ctx.aggregateId);
          }),
      ),
    ],
  };
}

describe('conversation context: the complete example', () => {
  test('the reply to :payment_request finds the originating order, with no correlation ids in the flow', async () => {
    const bindings = completeBindings();
    const { runtime, published } = await startSystem({ 'shop.flow': completeExample }, bindings.sets);
    const { aggregate_id: order } = await runtime.send({ event: ':checkout', to: '@order', from: '@customer' });
    await runtime.settle();

    expect((await runtime.state(order)).state).toBe('#fulfilled');
    const request = published.find((e) => e.event === ':payment_request');
    const success = published.find((e) => e.event === ':payment_success');
    expect(request).toMatchObject({
      event: ':payment_request',
      from: { machine: '@order', aggregate_id: order },
      to: { machine: '@payment' },
    });
    expect(request?.to.aggregate_id).toBeUndefined();
    expect(request?.conversation_id).toMatch(/^conv-/);
    const payment = bindings.processed[0] as string;
    expect(payment).toMatch(/^payment-[0-9a-z]{10}$/);
    expect(success).toMatchObject({
      conversation_id: request?.conversation_id,
      from: { machine: '@payment', aggregate_id: payment },
      to: { machine: '@order', aggregate_id: order },
    });
    await runtime.close();
  });

  test('a new conversation branch (:reserve_stock) gets its own conversation id and still returns', async () => {
    const bindings = completeBindings();
    const { runtime, published } = await startSystem({ 'shop.flow': completeExample }, bindings.sets);
    const { aggregate_id: order } = await runtime.send({ event: ':checkout', to: '@order', from: '@customer' });
    await runtime.settle();
    const request = published.find((e) => e.event === ':payment_request');
    const reserve = published.find((e) => e.event === ':reserve_stock');
    const reserved = published.find((e) => e.event === ':stock_reserved');
    expect(reserve?.conversation_id).not.toBe(request?.conversation_id);
    expect(reserved).toMatchObject({ conversation_id: reserve?.conversation_id, to: { machine: '@order', aggregate_id: order } });
    expect((await runtime.history(order)).map((r) => r.event_type)).toEqual([':checkout', ':payment_success', ':stock_reserved']);
    await runtime.close();
  });

  test('the else branch answers the same originator: :payment_failed reaches the order', async () => {
    const bindings = completeBindings(() => false);
    const { runtime, published, errors } = await startSystem({ 'shop.flow': completeExample }, bindings.sets);
    const { aggregate_id: order } = await runtime.send({ event: ':checkout', to: '@order', from: '@customer' });
    await runtime.settle();
    const failed = published.find((e) => e.event === ':payment_failed');
    expect(failed?.to).toEqual({ machine: '@order', aggregate_id: order });
    // @order has no handler for :payment_failed: an unhandled internal event is reported and dropped.
    expect((await runtime.state(order)).state).toBe('#awaiting_payment');
    expect(errors.map(String).join('\n')).toContain('no handler for :payment_failed');
    await runtime.close();
  });

  test('many orders at once: every reply goes back to its own order', async () => {
    const bindings = completeBindings();
    const { runtime, published } = await startSystem({ 'shop.flow': completeExample }, bindings.sets);
    const orders = await Promise.all(
      Array.from({ length: 20 }, () => runtime.send({ event: ':checkout', to: '@order', from: '@customer' })),
    );
    await runtime.settle();
    for (const { aggregate_id } of orders) expect((await runtime.state(aggregate_id)).state).toBe('#fulfilled');
    for (const reply of published.filter((e) => e.event === ':payment_success')) {
      const request = published.find((e) => e.event === ':payment_request' && e.conversation_id === reply.conversation_id);
      expect(reply.to.aggregate_id).toBe(request?.from.aggregate_id);
    }
    expect(new Set(bindings.processed).size).toBe(20);
    await runtime.close();
  });
});

const multipleConversations = `
machine: @order

  on> :checkout from @customer
    order moves to #processing
    emit :payment_request to @payment        // Conversation A
    emit :fraud_check to @fraud              // Conversation B
    emit :reserve_stock to @inventory        // Conversation C

  on :payment_success from @payment          // Response to A
    $payment_ok becomes true
    ? $payment_ok and $fraud_ok and $stock_ok
      order moves to #confirmed

  on :fraud_cleared from @fraud              // Response to B
    $fraud_ok becomes true
    ? $payment_ok and $fraud_ok and $stock_ok
      order moves to #confirmed

  on :stock_reserved from @inventory         // Response to C
    $stock_ok becomes true
    ? $payment_ok and $fraud_ok and $stock_ok
      order moves to #confirmed

machine: @payment
  on :payment_request from @order
    emit :payment_success to @order

machine: @fraud
  on :fraud_check from @order
    emit :fraud_cleared to @order

machine: @inventory
  on :reserve_stock from @order
    emit :stock_reserved to @order
`;

describe('conversation context: multiple conversations and branching', () => {
  test('three emits open three conversations; all three replies return and the order is confirmed', async () => {
    const { runtime, published } = await startSystem({ 'multi.flow': multipleConversations });
    const { aggregate_id: order } = await runtime.send({ event: ':checkout', to: '@order', from: '@customer' });
    await runtime.settle();
    const requests = published.filter((e) => e.from.aggregate_id === order);
    expect(requests.map((e) => e.event)).toEqual([':payment_request', ':fraud_check', ':reserve_stock']);
    expect(new Set(requests.map((e) => e.conversation_id)).size).toBe(3);
    for (const request of requests) {
      const reply = published.find((e) => e.causation_id !== undefined && e.conversation_id === request.conversation_id && e.to.machine === '@order');
      expect(reply?.to.aggregate_id).toBe(order);
    }
    const state = await runtime.state(order);
    expect(state.state).toBe('#confirmed');
    expect(state.context).toEqual({ payment_ok: true, fraud_ok: true, stock_ok: true });
    expect(Object.keys(state.links).sort()).toEqual(['@fraud', '@inventory', '@payment']);
    await runtime.close();
  });

  test('two orders branching concurrently keep their conversations apart', async () => {
    const { runtime } = await startSystem({ 'multi.flow': multipleConversations });
    const [a, b] = await Promise.all([
      runtime.send({ event: ':checkout', to: '@order', from: '@customer' }),
      runtime.send({ event: ':checkout', to: '@order', from: '@customer' }),
    ]);
    await runtime.settle();
    const stateA = await runtime.state(a.aggregate_id);
    const stateB = await runtime.state(b.aggregate_id);
    expect([stateA.state, stateB.state]).toEqual(['#confirmed', '#confirmed']);
    const peersA = Object.values(stateA.links).flat().map((l) => l.aggregate_id);
    const peersB = Object.values(stateB.links).flat().map((l) => l.aggregate_id);
    expect(peersA.filter((id) => peersB.includes(id))).toEqual([]);
    await runtime.close();
  });
});

const nested = `
machine: @order

  on> :checkout from @customer
    emit :payment_request to @payment
    order moves to #awaiting_payment

  on :payment_success from @payment
    order moves to #paid

machine: @payment

  on :payment_request from @order
    // @payment starts its own conversation with @bank
    emit :authorize_card to @bank
    payment moves to #authorizing

  on :card_authorized from @bank
    // Can still respond to original @order
    emit :payment_success to @order

machine: @bank
  on :authorize_card from @payment
    emit :card_authorized to @payment
`;

describe('conversation context: nesting', () => {
  test('@payment asks @bank, then still answers the original @order', async () => {
    const { runtime, published } = await startSystem({ 'nested.flow': nested });
    const { aggregate_id: order } = await runtime.send({ event: ':checkout', to: '@order', from: '@customer' });
    await runtime.settle();
    expect((await runtime.state(order)).state).toBe('#paid');
    const request = published.find((e) => e.event === ':payment_request');
    const authorize = published.find((e) => e.event === ':authorize_card');
    const success = published.find((e) => e.event === ':payment_success');
    expect(authorize?.conversation_id).not.toBe(request?.conversation_id);
    expect(success?.conversation_id).toBe(request?.conversation_id);
    expect(success?.to).toEqual({ machine: '@order', aggregate_id: order });
    await runtime.close();
  });

  test('one payment instance serving two orders with interleaved bank calls answers each order in its own conversation', async () => {
    // The payment instance is shared on purpose (explicit payment_id), so only the conversation chain tells the orders apart.
    const shared = nested.replace('emit :payment_request to @payment', 'emit :payment_request to @payment\n      with payment_id: "payment-shared"');
    const { runtime, published } = await startSystem({ 'nested.flow': shared }, [], {
      creators: { '@payment': [':payment_request'], '@order': [':checkout'], '@bank': [':authorize_card'] },
    });
    const [a, b] = await Promise.all([
      runtime.send({ event: ':checkout', to: '@order', from: '@customer' }),
      runtime.send({ event: ':checkout', to: '@order', from: '@customer' }),
    ]);
    await runtime.settle();
    expect((await runtime.state(a.aggregate_id)).state).toBe('#paid');
    expect((await runtime.state(b.aggregate_id)).state).toBe('#paid');
    const successes = published.filter((e) => e.event === ':payment_success');
    expect(successes.map((e) => e.to.aggregate_id).sort()).toEqual([a.aggregate_id, b.aggregate_id].sort());
    await runtime.close();
  });
});

describe('conversation context: manual correlation', () => {
  test('ids put in with: data travel as payload to an external gateway', async () => {
    const flow = `
machine: @order
  on> :checkout from @customer
    $order_id becomes "o-1"
    $callback_id becomes "cb-9"
    emit :external_api_call to @gateway
      with:
        | order_id    | $order_id    |
        | callback_id | $callback_id |
`;
    const { runtime } = await startSystem({ 'manual.flow': flow });
    await runtime.send({ event: ':checkout', to: '@order', from: '@customer' });
    await runtime.settle();
    const [call] = runtime.external();
    expect(call).toMatchObject({ event: ':external_api_call', to: { machine: '@gateway' }, data: { order_id: 'o-1', callback_id: 'cb-9' } });
    await runtime.close();
  });
});

describe('conversation context: answering the external caller', () => {
  test('a later emit to the external actor that started the flow travels in its conversation', async () => {
    const { runtime } = await startSystem({ 'nested.flow': nested.replace('  on :payment_success from @payment\n    order moves to #paid', '  on :payment_success from @payment\n    order moves to #paid\n    emit :receipt to @customer') });
    const result = await runtime.send({ event: ':checkout', to: '@order', from: '@customer', conversation_id: 'conv-from-shop' });
    await runtime.settle();
    expect((await runtime.state(result.aggregate_id)).state).toBe('#paid');
    expect(runtime.external()).toEqual([
      expect.objectContaining({ event: ':receipt', conversation_id: 'conv-from-shop', to: { machine: '@customer' }, from: { machine: '@order', aggregate_id: result.aggregate_id } }),
    ]);
  });
});
