import { expect, test } from 'vitest';
import type { Transport } from '@eventflow/core';
import { createKafkaTransport } from './index.ts';

// Compile-time contract: when the Transport port changes, this file stops compiling.
// Creating the transport connects nothing (the first publish/subscribe does), so no broker is needed.
const transport = createKafkaTransport({ brokers: ['127.0.0.1:9'], clientId: 'contract' }) satisfies Transport;

test('the Kafka transport implements the Transport port', async () => {
  expect(typeof transport.publish).toBe('function');
  await transport.close();
  await expect(async () => transport.publish([])).rejects.toMatchObject({ code: 'TRANSPORT_CLOSED' });
});
