// The shared transport conformance suite (@eventflow/conformance) against a real broker. Every
// create() gets a fresh topic prefix and group id, so no test sees another's envelopes or offsets.
import { transportConformance } from '@eventflow/conformance';
import { createKafkaTransport } from './index.ts';
import { brokers, FAST_GROUPS, testLogLevel } from './test-support/kafka.ts';

transportConformance({
  name: 'kafka',
  create: ({ namespace }) =>
    createKafkaTransport({
      brokers: brokers(),
      clientId: namespace,
      topicPrefix: `${namespace}.`,
      groupId: namespace,
      logLevel: testLogLevel(),
      consumer: FAST_GROUPS,
      backoff: (failures) => Math.min(20 * 2 ** failures, 200),
    }),
  // Longer than the longest backoff (200 ms) plus a fetch round (maxWaitTimeInMs 200).
  settleMs: 1_500,
  runs: Number(process.env.EVENTFLOW_KAFKA_CONFORMANCE_RUNS ?? 10),
  timeoutMs: 60_000,
});
