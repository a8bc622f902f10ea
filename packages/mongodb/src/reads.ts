// The reads an append may need (never on its common path): a stream's last seq, and which of some
// event ids stored commits hold. Each filter is one top-level equality, served by an index on MongoDB
// and evaluated inside PostgreSQL by FerretDB's pg backend (README "Indexes").
import type { Collection } from 'mongodb';
import type { ClaimDocument, CommitDocument, RecordsDocument } from './codec.ts';

/** The last seq of a stream: the end of its commit with the highest first_seq; 0 when none. */
export async function readLastSeq(records: Collection<RecordsDocument>, aggregateId: string): Promise<number> {
  const commits = records as unknown as Collection<CommitDocument>;
  const last = await commits.findOne({ aggregate_id: aggregateId }, { sort: { first_seq: -1 }, projection: { last_seq: 1 } });
  return last?.last_seq ?? 0;
}

export interface EventIdsFound {
  /** The ids some stored commit holds. */
  readonly stored: ReadonlySet<string>;
  /** Claims of the other ids (commits not stored, or not yet). */
  readonly claims: readonly ClaimDocument[];
}

const PROJECTION = { event_ids: 1, aggregate_id: 1, claim_for: 1, claimed_by: 1, claimed_at: 1 } as const;

/**
 * One equality query per id rather than one `$in`: FerretDB 1.x pushes an equality down to
 * PostgreSQL but evaluates `$in` itself, after fetching the whole collection.
 */
export async function readEventIds(records: Collection<RecordsDocument>, eventIds: readonly string[]): Promise<EventIdsFound> {
  const found = await Promise.all(eventIds.map((id) => records.find({ event_ids: id }, { projection: PROJECTION }).toArray()));
  const stored = new Set<string>();
  const claims: ClaimDocument[] = [];
  found.forEach((documents, i) => {
    const id = eventIds[i]!;
    if (documents.some((document) => !isClaim(document))) stored.add(id);
    else claims.push(...(documents.filter(isClaim) as ClaimDocument[]));
  });
  return { stored, claims };
}

export function isClaim(document: Pick<RecordsDocument, '_id'>): document is ClaimDocument {
  return 'claim_for' in document;
}
