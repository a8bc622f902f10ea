// One consumer group of one machine: its members and, per ordering key, a lane of envelopes waiting
// to be acknowledged. A lane hands out one envelope at a time, so a key is never handled twice at
// once and a failed envelope blocks the envelopes behind it until it is redelivered or parked.
import { isThenable, orderingKey, type Envelope, type EnvelopeHandler } from '@eventflow/core';
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
  readonly deadLetter: (letter: DeadLetter) => void;
  /** Called whenever a lane settles, so the transport can resolve `idle()` waiters. */
  readonly settled: () => void;
}

export interface Member {
  readonly handler: EnvelopeHandler;
  running: number;
  drained: (() => void) | undefined;
}

interface Lane {
  readonly key: string;
  /** Envelopes waiting in publish order; the first is handed out (or retried) next. */
  readonly queue: Envelope[];
  /** Failed deliveries of the first envelope. */
  failures: number;
  /** idle: nothing handed out; scheduled/running: a delivery is under way; backoff: waiting to retry. */
  state: 'idle' | 'scheduled' | 'running' | 'backoff';
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
  /** Lanes whose head is due for delivery in the next microtask (one microtask for all of them). */
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
      // Most lanes only ever hold one envelope: a queue of exactly one (a push onto [] reserves 17).
      lane = { key, queue: [envelope], failures: 0, state: 'idle', dropped: false };
      this.#lanes.set(key, lane);
    } else {
      lane.queue.push(envelope);
    }
    this.#pump(lane);
  }

  join(handler: EnvelopeHandler): Member {
    const member: Member = { handler, running: 0, drained: undefined };
    this.#members = [...this.#members, member];
    for (const lane of this.#lanes.values()) this.#pump(lane);
    return member;
  }

  /** Stops handing envelopes to a member; resolves once its running handler call (if any) settled. */
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
    lane.state = 'scheduled';
    this.#ready.push(lane);
    if (this.#ready.length === 1) queueMicrotask(this.#deliverReady);
  }

  readonly #deliverReady = (): void => {
    const ready = this.#ready;
    this.#ready = [];
    for (let i = 0; i < ready.length; i++) this.#deliver(ready[i] as Lane);
  };

  #deliver(lane: Lane): void {
    const head = lane.queue[0];
    // The member is chosen per delivery: one key always goes to the same member while membership holds.
    const members = this.#members;
    const member = members.length === 1 ? members[0] : members[hashString(lane.key) % members.length];
    if (head === undefined || member === undefined || lane.dropped) {
      lane.state = 'idle';
      this.#policy.settled();
      return;
    }
    lane.state = 'running';
    member.running++;
    let handled: unknown;
    try {
      handled = member.handler(head);
    } catch (error) {
      this.#nack(lane, head, error);
      stopped(member);
      return;
    }
    if (!isThenable(handled)) {
      this.#ack(lane);
      stopped(member);
      return;
    }
    Promise.resolve(handled).then(
      () => {
        this.#ack(lane);
        stopped(member);
      },
      (error: unknown) => {
        this.#nack(lane, head, error);
        stopped(member);
      },
    );
  }

  #ack(lane: Lane): void {
    if (lane.dropped) return;
    lane.queue.shift();
    lane.failures = 0;
    this.#next(lane);
  }

  #nack(lane: Lane, head: Envelope, error: unknown): void {
    if (lane.dropped) return;
    lane.failures++;
    if (lane.failures >= this.#policy.maxAttempts) {
      lane.queue.shift();
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
    if (lane.queue.length === 0) this.#lanes.delete(lane.key);
    else this.#pump(lane);
    this.#policy.settled();
  }
}

/** One handler call of the member finished. */
function stopped(member: Member): void {
  member.running--;
  if (member.running === 0) member.drained?.();
}
