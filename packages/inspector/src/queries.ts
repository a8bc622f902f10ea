// The data the inspector's pages show, read from the source and the index: a page of a machine's
// instances (all, or those in one state), an instance with its history as of a seq, and a
// conversation with every record of it and of the conversations opened while handling it.
import { EventFlowError, type InstanceView, type StoredRecord } from '@eventflow/core';
import { conversationFamily, inStoredOrder } from '@eventflow/diagram';
import { pageOfIds } from './ids-page.ts';
import type { InstanceIndex, InstanceSummary } from './instance-index.ts';
import type { InspectorSource } from './source.ts';

export interface Inspection {
  readonly source: InspectorSource;
  readonly index: InstanceIndex;
  /** Other processes write the store: reads these instances' new records before a page shows them. */
  readonly refresh?: (aggregateIds: readonly string[]) => Promise<void>;
}

export interface MachineQuery {
  readonly machine: string;
  /** Only instances now in this state (`#confirmed`). */
  readonly state?: string;
  readonly after?: string;
  readonly limit: number;
}

export interface MachinePage {
  readonly rows: readonly InstanceSummary[];
  /** The `after` of the next page; absent on the last. */
  readonly next?: string;
  /** Instances of the machine (in the state, when filtered), as far as the index knows. */
  readonly total: number;
  /** False while the index is still being built: a filtered page may miss instances. */
  readonly complete: boolean;
}

export async function machinePage(inspection: Inspection, query: MachineQuery): Promise<MachinePage> {
  const page = await listed(inspection, query);
  if (!inspection.refresh) return page;
  await inspection.refresh(page.rows.map((row) => row.aggregate_id));
  return { ...page, rows: page.rows.map((row) => inspection.index.summary(row.aggregate_id) ?? row) };
}

async function listed(inspection: Inspection, query: MachineQuery): Promise<MachinePage> {
  const { index, source } = inspection;
  const complete = index.status().phase === 'ready';
  if (query.state !== undefined) {
    const { items, more } = index.withState(query.machine, query.state, query.after, query.limit);
    return withNext(items, more, index.counts(query.machine).get(query.state) ?? 0, complete);
  }
  const { ids, more } = await pageOfIds(source.store, query);
  const rows: InstanceSummary[] = [];
  for (const id of ids) {
    const summary = index.summary(id) ?? summaryOf(id, await source.store.read(id));
    if (summary) rows.push(summary);
  }
  return withNext(rows, more, Math.max(index.total(query.machine), rows.length), complete);
}

export interface InstanceData {
  /** The instance now. */
  readonly now: InstanceView;
  /** The instance as of the seq asked for (now, when none was). */
  readonly shown: InstanceView;
  /** Its stored records around the shown seq (at most HISTORY_WINDOW), in seq order. */
  readonly records: readonly StoredRecord[];
}

/** History rows a page shows at most: a long-lived instance's page stays small; ?at= moves the window. */
export const HISTORY_WINDOW = 200;

/** Rejects with NOT_FOUND when nothing is stored under the id. */
export async function instanceData(inspection: Inspection, aggregateId: string, atSeq?: number): Promise<InstanceData> {
  const { source } = inspection;
  const now = await source.state(aggregateId);
  const seq = Math.min(atSeq ?? now.seq, now.seq);
  const to = Math.min(now.seq, Math.max(seq + HISTORY_WINDOW / 2, HISTORY_WINDOW));
  const from = Math.max(1, to - HISTORY_WINDOW + 1);
  // Bounded by `now.seq`: a record stored meanwhile shows on the next look, never half here.
  const records = await source.store.read(aggregateId, { fromSeq: from, toSeq: to });
  return { now, records, shown: seq === now.seq ? now : await source.state(aggregateId, seq) };
}

export interface ConversationData {
  readonly conversation: string;
  /** The conversation and those opened while handling it, at any depth (nested requests, fan-outs). */
  readonly family: ReadonlySet<string>;
  /** Their records, oldest first. */
  readonly records: readonly StoredRecord[];
  /** The instances with a record in them, in the order they joined. */
  readonly instances: readonly string[];
  /** More instances took part than a page reads (MAX_INSTANCES): the picture is cut. */
  readonly cut: boolean;
}

/** Instances a conversation page reads at most. */
export const MAX_INSTANCES = 500;

/**
 * Reads the instances the index says took part, then the ones the conversations opened from there
 * reached, until no new one turns up. `via` (the instance the user came from) seeds the search
 * while the index is still being built. Undefined when no stored record belongs to the conversation.
 */
export async function conversationData(inspection: Inspection, conversation: string, via?: string): Promise<ConversationData | undefined> {
  const { index, source } = inspection;
  const streams = new Map<string, readonly StoredRecord[]>();
  let family: ReadonlySet<string> = new Set([conversation]);
  let cut = false;
  for (;;) {
    const wanted = new Set<string>(via !== undefined ? [via] : []);
    for (const c of family) for (const id of index.instancesIn(c)) wanted.add(id);
    for (const records of streams.values()) for (const record of records) addressesIn(record, family).forEach((id) => wanted.add(id));
    const fresh = [...wanted].filter((id) => !streams.has(id));
    if (fresh.length === 0) break;
    const room = MAX_INSTANCES - streams.size;
    cut = fresh.length > room;
    if (room === 0) break;
    for (const id of fresh.slice(0, room)) streams.set(id, await source.store.read(id));
    family = conversationFamily([...streams.values()].flat(), conversation);
  }
  const records = inStoredOrder([...streams.values()].flat().filter((r) => r.conversation_id !== undefined && family.has(r.conversation_id)));
  if (records.length === 0) return undefined;
  const instances = [...new Set(records.map((r) => r.aggregate_id))];
  return { conversation, family, records, instances, cut };
}

/** Instances a record of the family names: its sender, and the instances it emitted to in the family. */
function addressesIn(record: StoredRecord, family: ReadonlySet<string>): string[] {
  if (record.conversation_id === undefined || !family.has(record.conversation_id)) return [];
  const ids = record.from?.aggregate_id !== undefined ? [record.from.aggregate_id] : [];
  for (const sent of record.outcome.emitted) if (family.has(sent.conversation_id) && sent.to.aggregate_id !== undefined) ids.push(sent.to.aggregate_id);
  return ids;
}

/** An instance's summary from its records (the last one says where it is). */
export function summaryOf(aggregateId: string, records: readonly StoredRecord[]): InstanceSummary | undefined {
  const last = records.at(-1);
  if (!last) return undefined;
  return { aggregate_id: aggregateId, machine: last.machine, state: last.outcome.state_after, seq: last.seq, event: last.event_type, at: last.timestamp };
}

function withNext(rows: readonly InstanceSummary[], more: boolean, total: number, complete: boolean): MachinePage {
  const last = rows.at(-1);
  return { rows, total, complete, ...(more && last ? { next: last.aggregate_id } : {}) };
}
