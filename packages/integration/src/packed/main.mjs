// Runs in a fresh project that installed the packed tarballs: a flow with a binding, end to end.
import { createRuntime, defineBindings } from '@eventflow/core';
import { createMemoryStore, createMemoryTransport } from '@eventflow/memory';
const source = `
machine: @order
  on :checkout from @customer (api)
    order moves to #awaiting_payment
    emit :payment_request to @payment
  on :payment_success from @payment
    order moves to #paid
machine: @payment
  on :payment_request from @order
    ? card is valid
      emit :payment_success to @order
`;
const runtime = await createRuntime({ flows: [{ name: 'shop.flow', source }], store: createMemoryStore(), transport: createMemoryTransport(),
  bindings: [defineBindings('@payment', (b) => b.guard('card is valid', () => true))] });
const { aggregate_id } = await runtime.send({ event: ':checkout', to: '@order', from: '@customer' });
await runtime.settle();
console.log((await runtime.state(aggregate_id)).state);
await runtime.close();
