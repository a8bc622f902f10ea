export { createKafkaTransport, type KafkaEventTransport } from './transport.ts';
export {
  DEFAULT_GROUP,
  DEFAULT_GROUP_ID,
  DEFAULT_TOPIC_PREFIX,
  defaultBackoff,
  type KafkaConsumerTuning,
  type KafkaDeadLetter,
  type KafkaTransportOptions,
} from './options.ts';
export { HEADERS } from './codec.ts';
export { topicName, waitUntilServed } from './topics.ts';
