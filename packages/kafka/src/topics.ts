// One topic per machine, `<prefix><machine without @>`, created on first use with the configured
// partition count (createTopics is idempotent: an existing topic is left as it is).
import { EventFlowError } from '@eventflow/core';
import type { Admin } from 'kafkajs';

const LEGAL = /^[a-zA-Z0-9._-]{1,249}$/;

/** The topic of a machine: `<prefix><machine without @>`; a name Kafka refuses is an INVALID_TOPIC error. */
export function topicName(prefix: string, machine: string): string {
  const topic = `${prefix}${machine.replace(/^@/, '')}`;
  if (!LEGAL.test(topic) || topic === '.' || topic === '..') {
    throw new EventFlowError('INVALID_TOPIC', `Machine ${machine} gives the Kafka topic '${topic}', which Kafka does not accept.`, {
      hint: 'Topic names use letters, digits, ".", "_" and "-" (at most 249 characters); check the machine name and topicPrefix.',
    });
  }
  return topic;
}

/** Creates each topic once per transport; concurrent callers share the creation. */
export class TopicRegistry {
  readonly #admin: () => Promise<Admin>;
  readonly #partitions: number;
  readonly #ready = new Map<string, Promise<void>>();

  constructor(admin: () => Promise<Admin>, partitions: number) {
    this.#admin = admin;
    this.#partitions = partitions;
  }

  ensure(topics: Iterable<string>): Promise<void> {
    return Promise.all([...new Set(topics)].map((topic) => this.#ensureOne(topic))).then(() => undefined);
  }

  #ensureOne(topic: string): Promise<void> {
    let ready = this.#ready.get(topic);
    if (ready === undefined) {
      ready = this.#create(topic);
      // A failed creation is tried again by the next caller.
      ready.catch(() => this.#ready.delete(topic));
      this.#ready.set(topic, ready);
    }
    return ready;
  }

  async #create(topic: string): Promise<void> {
    const admin = await this.#admin();
    await admin.createTopics({
      topics: [{ topic, numPartitions: this.#partitions }],
      waitForLeaders: true,
    });
  }
}
