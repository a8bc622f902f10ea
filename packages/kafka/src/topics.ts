// One topic per machine, `<prefix><machine without @>`, created on first use with the configured
// partition count (createTopics is idempotent: an existing topic is left as it is), and used only
// once every partition's leader serves it.
import { EventFlowError } from '@eventflow/core';
import type { Admin } from 'kafkajs';
import { retryTransient } from './retry.ts';

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
  readonly #readyTimeoutMs: number;

  constructor(admin: () => Promise<Admin>, partitions: number, readyTimeoutMs: number) {
    this.#admin = admin;
    this.#partitions = partitions;
    this.#readyTimeoutMs = readyTimeoutMs;
  }

  ensure(topics: Iterable<string>): Promise<void> {
    return Promise.all([...new Set(topics)].map((topic) => this.#ensureOne(topic))).then(() => undefined);
  }

  /** Forgets that `topic` was ready (e.g. a subscribe found it unknown): the next ensure checks again. */
  forget(topic: string): void {
    this.#ready.delete(topic);
  }

  #ensureOne(topic: string): Promise<void> {
    let ready = this.#ready.get(topic);
    if (ready === undefined) {
      ready = this.#create(topic);
      const created = ready;
      // A failed creation is tried again by the next caller.
      created.catch(() => {
        if (this.#ready.get(topic) === created) this.#ready.delete(topic);
      });
      this.#ready.set(topic, created);
    }
    return ready;
  }

  async #create(topic: string): Promise<void> {
    const admin = await this.#admin();
    await admin.createTopics({
      topics: [{ topic, numPartitions: this.#partitions }],
      waitForLeaders: true,
    });
    await waitUntilServed(admin, [topic], this.#readyTimeoutMs);
  }
}

/**
 * Resolves once every partition of `topics` answers an offsets request from its leader. Metadata
 * can name a leader before that broker hosts the partition ("This server does not host this
 * topic-partition"), and createTopics waits for nothing when another client created the topic
 * first. Transient errors are retried until `timeoutMs` has passed; any other error fails at once.
 */
export async function waitUntilServed(admin: Admin, topics: readonly string[], timeoutMs: number): Promise<void> {
  await retryTransient(() => Promise.all(topics.map((topic) => admin.fetchTopicOffsets(topic))), { deadline: Date.now() + timeoutMs });
}
