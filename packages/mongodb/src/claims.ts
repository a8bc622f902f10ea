// Claims whose commit was never written: a multi-record append on FerretDB that was refused after
// some of its claims were written (its ordered insert stops at the refusal), or whose process died
// in between. They stand in the way of the next append of those event ids until judged dead.
import type { Collection } from 'mongodb';
import type { ClaimDocument, CommitDocument, RecordsDocument } from './codec.ts';
import { DURABLE } from './insert.ts';

/** Longer than any insert takes: a claim this old whose commit slot is empty belongs to an append that failed. */
export const CLAIM_TTL_MS = 30_000;

/**
 * Deletes the dead claims among `claims` (claims of ids no stored commit holds); returns the ids
 * claimed for `slot` itself, which the next attempt at that slot takes over instead of claiming again.
 * A claim is dead when its commit can no longer be written: another commit, without that id, took
 * its slot; or it is older than CLAIM_TTL_MS and its slot is still empty.
 */
export async function clearDeadClaims(records: Collection<RecordsDocument>, claims: readonly ClaimDocument[], slot: string, now: number): Promise<Set<string>> {
  const adopted = new Set<string>();
  await Promise.all(
    claims.map(async (claim) => {
      if (claim.claim_for === slot) {
        adopted.add(claim.event_ids[0]);
        return;
      }
      if (!(await isDead(records, claim, now))) return;
      await records.deleteOne({ _id: claim._id, claim_for: claim.claim_for, claimed_by: claim.claimed_by }, DURABLE);
    }),
  );
  return adopted;
}

async function isDead(records: Collection<RecordsDocument>, claim: ClaimDocument, now: number): Promise<boolean> {
  const commits = records as unknown as Collection<CommitDocument>;
  const holder = await commits.findOne({ _id: claim.claim_for }, { projection: { event_ids: 1 } });
  // Written since the caller looked: the claim is good, and the next look sees the id stored.
  if (holder) return !holder.event_ids.includes(claim.event_ids[0]);
  return now - new Date(claim.claimed_at).getTime() > CLAIM_TTL_MS;
}

/** Deletes the claims this attempt wrote for a commit that was not written. */
export async function dropOwnClaims(records: Collection<RecordsDocument>, commit: CommitDocument): Promise<void> {
  await records.deleteMany({ claim_for: commit._id, claimed_by: commit.position }, DURABLE);
}
