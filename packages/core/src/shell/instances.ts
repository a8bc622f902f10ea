// The one way the shell gets an instance: its cached copy, else its records (a long history: from its
// latest usable snapshot on); and what happens to an instance after a commit (cached, snapshot saved when due).
import type { MachineDefinition, SystemDefinition } from '../definition.ts';
import type { EventStore } from '../ports.ts';
import type { StoredRecord } from '../record.ts';
import { initialSnapshot, replay } from '../replay.ts';
import type { Snapshot } from '../snapshot.ts';
import { InstanceCache } from './instance-cache.ts';

export interface LoadOptions {
  /** Its machine, when the caller knows it (else the stream tells). */
  readonly machine?: MachineDefinition;
  /** Its id was made just now for a new instance: nothing can be stored yet. */
  readonly created?: boolean;
  /** As of this seq (time travel); such a copy is never cached. */
  readonly atSeq?: number;
  /** Also fold records another runtime may have appended since this one cached the instance. */
  readonly refresh?: boolean;
}

/** One instance to load, and how. */
export interface LoadTarget extends LoadOptions {
  readonly aggregateId: string;
}

export interface InstancesOptions {
  /** The most instances kept in memory (the most recently used). */
  readonly cacheSize: number;
  /** Save a snapshot every N records (0: never). */
  readonly snapshotEvery: number;
}

/** Ids of one listing page. */
const PAGE = 500;

/** A cold load's first read: a history this short is loaded without asking for a snapshot. */
const SHORT_HISTORY = 16;

/** Where a load starts (a snapshot, or nothing: seq 0) and the records to fold onto it. */
interface Loaded {
  readonly base: Snapshot | undefined;
  readonly records: readonly StoredRecord[];
}

export class Instances {
  private readonly store: EventStore;
  private readonly system: SystemDefinition;
  private readonly cache: InstanceCache<Snapshot>;
  private readonly snapshotEvery: number;

  constructor(store: EventStore, system: SystemDefinition, options: InstancesOptions) {
    this.store = store;
    this.system = system;
    this.cache = new InstanceCache(options.cacheSize);
    this.snapshotEvery = options.snapshotEvery;
  }

  async load(aggregateId: string, options: LoadOptions = {}): Promise<Snapshot> {
    const { machine, atSeq } = options;
    const ready = this.ready(aggregateId, options);
    if (ready !== undefined) return ready;
    const cached = atSeq === undefined ? this.cache.get(aggregateId) : undefined;
    const { base, records } = cached === undefined && atSeq === undefined ? await this.cold(aggregateId) : await this.after(cached ?? (await this.latestSnapshot(aggregateId, atSeq)), aggregateId, atSeq);
    // Without a base the read began at seq 1, so its first record names the machine; none: not stored.
    const start = base ?? initialSnapshot(machine?.name ?? records[0]?.machine ?? '@unknown', aggregateId);
    const snapshot = replay(start, records);
    if (atSeq === undefined && snapshot !== cached) this.remember(snapshot);
    return snapshot;
  }

  /** `load` for the instances of a batch: the new and the cached ones at once, the others from the store together. */
  async loadAll(targets: readonly LoadTarget[]): Promise<Snapshot[]> {
    const snapshots = targets.map((target) => this.ready(target.aggregateId, target));
    const missing = targets.filter((_, i) => snapshots[i] === undefined);
    if (missing.length === 0) return snapshots as Snapshot[];
    const loaded = await Promise.all(missing.map((target) => this.load(target.aggregateId, target)));
    return snapshots.map((snapshot) => snapshot ?? (loaded.shift() as Snapshot));
  }

  /** Is anything stored for this instance? */
  async exists(aggregateId: string): Promise<boolean> {
    return this.cached(aggregateId) || (await this.storedAmong([aggregateId])).has(aggregateId);
  }

  /** Cached instances are stored ones. */
  cached(aggregateId: string): boolean {
    return this.cache.has(aggregateId);
  }

  /**
   * Which of these instances the store holds (asked all at once). They are loaded whole, not just
   * looked up: the events that named them are handled next, and find them cached (one read each).
   */
  async storedAmong(aggregateIds: readonly string[]): Promise<Set<string>> {
    const snapshots = await Promise.all(aggregateIds.map((id) => this.load(id)));
    return new Set(snapshots.filter((snapshot) => snapshot.seq > 0).map((snapshot) => snapshot.aggregate_id));
  }

  /** After a commit: the instance as it is now (`created`: its id was made for it just now). Only stored instances of this system's machines are kept. */
  remember(snapshot: Snapshot, created = false): void {
    if (snapshot.seq === 0 || !this.system.machines.has(snapshot.machine)) return;
    if (created) this.cache.add(snapshot.aggregate_id, snapshot);
    else this.cache.set(snapshot.aggregate_id, snapshot);
  }

  /** After a concurrency conflict the cached copy is stale. */
  forget(aggregateId: string): void {
    this.cache.delete(aggregateId);
  }

  /** A snapshot is due at this seq, and the store keeps snapshots. */
  snapshotDue(snapshot: Snapshot): boolean {
    return this.store.saveSnapshot !== undefined && this.snapshotEvery > 0 && snapshot.seq % this.snapshotEvery === 0;
  }

  async saveSnapshot(machine: MachineDefinition, snapshot: Snapshot): Promise<void> {
    await this.store.saveSnapshot?.({ ...snapshot, definition_version: machine.version });
  }

  /** Every stored aggregate id (of one machine), in creation order, read a page at a time. */
  async *ids(machine?: string): AsyncGenerator<string> {
    let after: string | undefined;
    for (;;) {
      const page = await this.store.listAggregates({ ...(machine === undefined ? {} : { machine }), ...(after === undefined ? {} : { after }), limit: PAGE });
      yield* page;
      if (page.length < PAGE) return;
      after = page.at(-1);
    }
  }

  /** The records after `base` (up to `atSeq`). */
  private async after(base: Snapshot | undefined, aggregateId: string, atSeq: number | undefined): Promise<Loaded> {
    return { base, records: await this.store.read(aggregateId, { fromSeq: (base?.seq ?? 0) + 1, ...(atSeq === undefined ? {} : { toSeq: atSeq }) }) };
  }

  /**
   * An instance nothing is known about. Most histories are short: their first records, read at once,
   * are the whole load, one round trip to the store (a snapshot would spare little, and asking for
   * one is a round trip too). A longer history is loaded from its latest snapshot, when it lies
   * beyond those first records, else read on from where they end.
   */
  private async cold(aggregateId: string): Promise<Loaded> {
    const head = await this.store.read(aggregateId, { toSeq: SHORT_HISTORY });
    if (head.length < SHORT_HISTORY) return { base: undefined, records: head };
    const saved = await this.latestSnapshot(aggregateId, undefined);
    if (saved !== undefined && saved.seq > SHORT_HISTORY) return this.after(saved, aggregateId, undefined);
    return { base: undefined, records: [...head, ...(await this.store.read(aggregateId, { fromSeq: SHORT_HISTORY + 1 }))] };
  }

  /** The instance without asking the store, when that is enough: a new one, or a cached one trusted as it is. */
  private ready(aggregateId: string, options: LoadOptions): Snapshot | undefined {
    if (options.created) return initialSnapshot((options.machine as MachineDefinition).name, aggregateId);
    return options.atSeq === undefined && !options.refresh ? this.cache.get(aggregateId) : undefined;
  }

  /** A stored snapshot is used only when the current definition of its machine wrote it, in the current layout. */
  private async latestSnapshot(aggregateId: string, atSeq: number | undefined): Promise<Snapshot | undefined> {
    const saved = await this.store.loadSnapshot?.(aggregateId, atSeq);
    if (saved === undefined) return undefined;
    const machine = this.system.machines.get(saved.machine);
    return machine !== undefined && saved.definition_version === machine.version && Array.isArray(saved.conversations) ? saved : undefined;
  }
}
