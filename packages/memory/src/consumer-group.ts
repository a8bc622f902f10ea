// One consumer group of one machine: its members and, per ordering key, a lane of envelopes waiting
// to be acknowledged. Ready lanes are handed to their member together, as one batch; a lane is in one
// batch at a time, so a key is never handled twice at once. The lanes of a failed batch are retried
// one envelope at a time, so one failing envelope neither holds up nor parks the others for long.
import { orderingKey, type BatchHandler, type Envelope } from '@eventflow/core';
import { hashString } from './hash.ts';

/** An envelope that failed every delivery attempt and was set aside. */
export interface DeadLetter {
  readonly machine: string;
  readonly group: string;
  readonly envelope: Envelope;
  readonly attempts: number;
  /** What the handler rejected with on the last attempt. */
  readonly error: unknown;
}

export interface GroupPolicy {
  readonly maxAttempts: number;
  /** Milliseconds before the next delivery of an envelope that failed `failures` times. */
  readonly backoff: (failures: number) => number;
  /** The most envelopes in one batch. */
  readonly maxBatchSize: number;
  readonly deadLetter: (letter: DeadLetter) => void;
  /** Called whenever a lane settles, so the transport can resolve `idle()` waiters. */
  readonly settled: () => void;
}

export interface Member {
  readonly handler: BatchHandler;
  running: number;
  drained: (() => void) | undefined;
}

interface Lane {
  readonly key: string;
  /** Envelopes waiting in publish order; the first ones are handed out next. */
  readonly queue: Envelope[];
  /** How many of the queue's first envelopes the running batch holds. */
  handedOut: number;
  /** Failed deliveries of the first envelope: while above 0, it is retried alone. */
  failures: number;
  /** idle: nothing handed out; ready: in the next batch; running: in a batch; backoff: waiting to retry. */
  state: 'idle' | 'ready' | 'running' | 'backoff';
  /** Set by clear(): a delivery still under way for it must not touch anything. */
  dropped: boolean;
}

export class ConsumerGroup {
  readonly #machine: string;
  readonly name: string;
  readonly #policy: GroupPolicy;
  readonly #lanes = new Map<string, Lane>();
  readonly #timers = new Set<ReturnType<typeof setTimeout>>();
  #members: Member[] = [];
  /** Lanes due in the next batch (one microtask delivers all of them). */
  #ready: Lane[] = [];

  constructor(machine: string, name: string, policy: GroupPolicy) {
    this.#machine = machine;
    this.name = name;
    this.#policy = policy;
  }

  enqueue(envelope: Envelope): void {
    const key = orderingKey(envelope);
    let lane = this.#lanes.get(key);
    if (lane === undefined) {
      lane = { key, queue: [envelope], handedOut: 0, failures: 0, state: 'idle', dropped: false };
      this.#lanes.set(key, lane);
    } else {
      lane.queue.push(envelope);
    }
    this.#pump(lane);
  }

  join(handler: BatchHandler): Member {
    const member: Member = { handler, running: 0, drained: undefined };
    this.#members = [...this.#members, member];
    for (const lane of this.#lanes.values()) this.#pump(lane);
    return member;
  }

  /** Stops handing envelopes to a member; resolves once its running handler calls have finished. */
  leave(member: Member): Promise<void> {
    this.#members = this.#members.filter((m) => m !== member);
    if (member.running === 0) return Promise.resolve();
    return new Promise((resolve) => {
      member.drained = resolve;
    });
  }

  /** True while some envelope can be delivered or is being delivered. */
  busy(): boolean {
    for (const lane of this.#lanes.values()) {
      if (lane.state !== 'idle' || (lane.queue.length > 0 && this.#members.length > 0)) return true;
    }
    return false;
  }

  /** Drops members, pending envelopes and retry timers. */
  clear(): void {
    for (const timer of this.#timers) clearTimeout(timer);
    this.#timers.clear();
    for (const lane of this.#lanes.values()) lane.dropped = true;
    this.#lanes.clear();
    this.#ready = [];
    this.#members = [];
  }

  #pump(lane: Lane): void {
    if (lane.state !== 'idle' || lane.queue.length === 0 || this.#members.length === 0) return;
    lane.state = 'ready';
    this.#ready.push(lane);
    if (this.#ready.length === 1) queueMicrotask(this.#deliverReady);
  }

  /** One key always goes to the same member while membership holds. */
  #memberOf(lane: Lane): Member | undefined {
    const members = this.#members;
    return members.length === 1 ? members[0] : members[hashString(lane.key) % members.length];
  }

  readonly #deliverReady = (): void => {
    const ready = this.#ready;
    this.#ready = [];
    const batches = new Map<Member, Lane[]>();
    for (const lane of ready) {
      const member = this.#memberOf(lane);
      if (member === undefined || lane.dropped) {
        lane.state = 'idle';
        continue;
      }
      if (lane.failures > 0) this.#deliver(member, [lane]);
      else {
        const lanes = batches.get(member);
        if (lanes) lanes.push(lane);
        else batches.set(member, [lane]);
      }
    }
    for (const [member, lanes] of batches) {
      let batch: Lane[] = [];
      let size = 0;
      for (const lane of lanes) {
        if (size > 0 && size + lane.queue.length > this.#policy.maxBatchSize) {
          this.#deliver(member, batch);
          batch = [];
          size = 0;
        }
        batch.push(lane);
        size += lane.queue.length;
      }
      if (batch.length > 0) this.#deliver(member, batch);
    }
    this.#policy.settled();
  };

  #deliver(member: Member, lanes: readonly Lane[]): void {
    const envelopes: Envelope[] = [];
    for (const lane of lanes) {
      const room = Math.max(1, this.#policy.maxBatchSize - envelopes.length);
      lane.handedOut = lane.failures > 0 ? 1 : Math.min(lane.queue.length, room);
      lane.state = 'running';
      for (let i = 0; i < lane.handedOut; i++) envelopes.push(lane.queue[i] as Envelope);
    }
    member.running++;
    const done = (failed: boolean, cause?: unknown) => {
      for (const lane of lanes) {
        if (failed) this.#nack(lane, cause);
        else this.#ack(lane);
      }
      member.running--;
      if (member.running === 0) member.drained?.();
    };
    let handled: Promise<void>;
    try {
      handled = member.handler(envelopes);
    } catch (cause) {
      handled = Promise.reject(cause);
    }
    Promise.resolve(handled).then(
      () => done(false),
      (cause: unknown) => done(true, cause),
    );
  }

  #ack(lane: Lane): void {
    if (lane.dropped) return;
    lane.queue.splice(0, lane.handedOut);
    lane.failures = 0;
    this.#next(lane);
  }

  #nack(lane: Lane, error: unknown): void {
    if (lane.dropped) return;
    lane.failures++;
    if (lane.failures >= this.#policy.maxAttempts) {
      const head = lane.queue.shift() as Envelope;
      const letter = { machine: this.#machine, group: this.name, envelope: head, attempts: lane.failures, error };
      lane.failures = 0;
      this.#policy.deadLetter(letter);
      this.#next(lane);
      return;
    }
    lane.state = 'backoff';
    const timer = setTimeout(() => {
      this.#timers.delete(timer);
      lane.state = 'idle';
      this.#pump(lane);
      this.#policy.settled();
    }, this.#policy.backoff(lane.failures));
    this.#timers.add(timer);
  }

  #next(lane: Lane): void {
    lane.state = 'idle';
    lane.handedOut = 0;
    if (lane.queue.length === 0) this.#lanes.delete(lane.key);
    else this.#pump(lane);
    this.#policy.settled();
  }
}
