// Without an OpenTelemetry SDK, tracing costs nothing visible: envelopes carry no trace carrier, so
// what is published and stored is exactly what it was before tracing existed.
import { trace } from '@opentelemetry/api';
import { expect, test } from 'vitest';
import { loggingStore, manualTransport } from '../test-support/ports.ts';
import { createRuntime } from './runtime.ts';

const FLOW = `machine: @order
  on :checkout from @customer (api)
    order moves to #awaiting_payment
    emit :payment_request to @payment

machine: @payment
  on :payment_request from @order
    payment moves to #captured
`;

test('with no SDK registered, sent, emitted and stored envelopes have no trace', async () => {
  expect(trace.getActiveSpan()).toBeUndefined();
  const store = loggingStore();
  const transport = manualTransport(true);
  const runtime = await createRuntime({ flows: [{ name: 'order.flow', source: FLOW }], store, transport });
  const { aggregate_id } = await trace.getTracer('test').startActiveSpan('caller', () => runtime.send({ event: ':checkout', to: '@order' }));
  const [published] = transport.published.flat();
  expect(published?.event).toBe(':payment_request');
  expect(published).not.toHaveProperty('trace');
  const [record] = await store.read(aggregate_id);
  expect(record?.outcome.emitted[0]).not.toHaveProperty('trace');
  await runtime.close();
});
