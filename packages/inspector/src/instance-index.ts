// What the store cannot answer cheaply, kept in memory for the pages: each instance's current state (so
// a machine's instances filter by state without hydrating one), the instances each conversation
// touched (so a conversation page finds its lanes without scanning the store), and the latest records.
// Built once from the store, page by page in the background; kept current from the records this
// process commits (the runtime's `observe` hook) or finds by polling. Records arriving during the
// build wait and are applied after it; each instance keeps the seq it is at, so a record is never
// counted twice.
import type { StoredRecord } from '@eventflow/core';
import { pageOfIds } from './ids-page.ts';
import type { ReadOnlyStore } from './source.ts';

export interface InstanceSummary {
  readonly aggregate_id: string;
  readonly machine: string;
  readonly state: string;
  readonly seq: number;
  /** The last event it processed, and when. */
  readonly event: string;
  readonly at: string;
}

export interface IndexStatus {
  readonly phase: 'building' | 'ready' | 'failed';
  /** Instances indexed so far. */
  readonly indexed: number;
  readonly error?: string;
}

export interface StatePage {
  readonly items: readonly InstanceSummary[];
  readonly more: boolean;
}

interface Entry {
  summary: InstanceSummary;
  /** Place among its machine's instances, in creation order. */
  readonly position: number;
}

interface MachineEntries {
  readonly entries: Entry[];
  readonly counts: Map<string, number>;
}

/** Ids per page while building: with today's port each page lists every id, so pages are large. */
const BUILD_PAGE = 5_000;
/** Records the overview shows as the latest. */
const RECENT = 20;

export class InstanceIndex {
  readonly #machines = new Map<string, MachineEntries>();
  readonly #byId = new Map<string, Entry>();
  /** Every instance in the order the index met it, for sweeping. */
  readonly #all: Entry[] = [];
  #sweepAt = 0;
  readonly #conversations = new Map<string, string[]>();
  #recent: StoredRecord[] = [];
  /** Records of instances the build has not reached yet; undefined once it is done. */
  #waiting: StoredRecord[] | undefined = [];
  #status: IndexStatus = { phase: 'building', indexed: 0 };
  #lastListed: string | undefined;

  /** Reads every instance's records once, in creation order. Never rejects: a failure shows in status(). */
  async build(store: ReadOnlyStore): Promise<void> {
    try {
      let after: string | undefined;
      for (;;) {
        const page = await pageOfIds(store, { ...(after !== undefined ? { after } : {}), limit: BUILD_PAGE });
        for (const id of page.ids) for (const record of await store.read(id)) this.#take(record);
        after = page.ids.at(-1) ?? after;
        this.#lastListed = after;
        if (!page.more) break;
      }
      this.#status = { phase: 'ready', indexed: this.#byId.size };
    } catch (error) {
      this.#status = { phase: 'failed', indexed: this.#byId.size, error: error instanceof Error ? error.message : String(error) };
    } finally {
      const waiting = this.#waiting ?? [];
      this.#waiting = undefined;
      for (const record of waiting) this.#take(record);
    }
  }

  /** A record committed or found since: true when it told the index something new. */
  apply(record: StoredRecord): boolean {
    if (this.#waiting && !this.#byId.has(record.aggregate_id)) {
      this.#waiting.push(record);
      return true;
    }
    return this.#take(record);
  }

  status(): IndexStatus {
    return { ...this.#status, indexed: this.#byId.size };
  }

  /** The last id the build listed (creation order): where polling for new instances starts. */
  lastListed(): string | undefined {
    return this.#lastListed;
  }

  summary(aggregateId: string): InstanceSummary | undefined {
    return this.#byId.get(aggregateId)?.summary;
  }

  /** The instance's seq as far as the index knows (0: unknown). */
  seqOf(aggregateId: string): number {
    return this.#byId.get(aggregateId)?.summary.seq ?? 0;
  }

  machines(): string[] {
    return [...this.#machines.keys()];
  }

  /** Instances per current state. */
  counts(machine: string): ReadonlyMap<string, number> {
    return this.#machines.get(machine)?.counts ?? new Map();
  }

  total(machine: string): number {
    return this.#machines.get(machine)?.entries.length ?? 0;
  }

  /** One page of a machine's instances now in `state`, in creation order, after the instance `after`. */
  withState(machine: string, state: string, after: string | undefined, limit: number): StatePage {
    const entries = this.#machines.get(machine)?.entries ?? [];
    const from = after === undefined ? 0 : (this.#byId.get(after)?.position ?? entries.length) + 1;
    const items: InstanceSummary[] = [];
    // One pass over the machine's instances: ~1 ms for 100k (bench: inspector), so no per-state lists to keep in order.
    for (let i = from; i < entries.length && items.length <= limit; i++) {
      const summary = (entries[i] as Entry).summary;
      if (summary.state === state) items.push(summary);
    }
    return { items: items.slice(0, limit), more: items.length > limit };
  }

  /**
   * Up to `count` instances that may still change (`settled` says which states cannot), round robin
   * from where the last call stopped: what a poller reads again when other processes handle events.
   */
  unsettled(count: number, settled: (machine: string, state: string) => boolean): string[] {
    const ids: string[] = [];
    const all = this.#all;
    for (let seen = 0; seen < all.length && ids.length < count; seen++) {
      this.#sweepAt = this.#sweepAt >= all.length ? 0 : this.#sweepAt;
      const { summary } = all[this.#sweepAt++] as Entry;
      if (!settled(summary.machine, summary.state)) ids.push(summary.aggregate_id);
    }
    return ids;
  }

  /** Instances with a record in this conversation, in the order they joined it. */
  instancesIn(conversation: string): readonly string[] {
    return this.#conversations.get(conversation) ?? [];
  }

  /** The latest records, newest first. */
  recent(): readonly StoredRecord[] {
    return this.#recent;
  }

  #take(record: StoredRecord): boolean {
    const known = this.#byId.get(record.aggregate_id);
    if (known && record.seq <= known.summary.seq) return false;
    const machine = this.#machine(record.machine);
    const summary: InstanceSummary = {
      aggregate_id: record.aggregate_id,
      machine: record.machine,
      state: record.outcome.state_after,
      seq: record.seq,
      event: record.event_type,
      at: record.timestamp,
    };
    if (known) {
      count(machine.counts, known.summary.state, -1);
      known.summary = summary;
    } else {
      const entry = { summary, position: machine.entries.length };
      machine.entries.push(entry);
      this.#all.push(entry);
      this.#byId.set(record.aggregate_id, entry);
    }
    count(machine.counts, summary.state, 1);
    if (record.conversation_id !== undefined) this.#joined(record.conversation_id, record.aggregate_id);
    this.#remember(record);
    return true;
  }

  #machine(name: string): MachineEntries {
    let machine = this.#machines.get(name);
    if (!machine) {
      machine = { entries: [], counts: new Map() };
      this.#machines.set(name, machine);
    }
    return machine;
  }

  #joined(conversation: string, aggregateId: string): void {
    const ids = this.#conversations.get(conversation);
    if (!ids) this.#conversations.set(conversation, [aggregateId]);
    else if (!ids.includes(aggregateId)) ids.push(aggregateId);
  }

  #remember(record: StoredRecord): void {
    const recent = this.#recent;
    if (recent.length >= RECENT && record.timestamp <= (recent.at(-1) as StoredRecord).timestamp) return;
    // Newest first; of records stamped alike, the one that arrived last.
    const found = recent.findIndex((r) => r.timestamp <= record.timestamp);
    const at = found === -1 ? recent.length : found;
    this.#recent = [...recent.slice(0, at), record, ...recent.slice(at)].slice(0, RECENT);
  }
}

function count(counts: Map<string, number>, state: string, by: number): void {
  const next = (counts.get(state) ?? 0) + by;
  if (next === 0) counts.delete(state);
  else counts.set(state, next);
}
