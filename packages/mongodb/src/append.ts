// Appending commits: each commit is one document (atomic without transactions), and all commits of a
// call go to the server in one insert command, preceded by one insert of the outbox entries of the
// records that emit (outbox.ts). The unique indexes decide the common case, so a commit at a stream
// position this store knows needs no read; only a commit the indexes refuse (a racing writer, a
// redelivery, a stale expected seq) is read back to say why (refusal.ts).
import { appended, stamp, type AppendTarget, type CommitOutcome, type PreparedCommit } from './commit.ts';
import { insertCommits } from './insert.ts';
import { dropEntries, ORPHAN_AFTER_MS, outboxEntries, writeEntries } from './outbox.ts';
import { explainStale, settleRefused } from './refusal.ts';

/**
 * Appends each commit independently of the others; outcomes in the same order. An expected seq ahead
 * of the stream collides with no index (append at 5 when 3 exist would leave a gap), so a commit at a
 * position this store has not seen reads the stream's last seq first; every other commit is written
 * straight away, all in one insert.
 *
 * The outbox entries go first: a crash between the two inserts leaves entries without their commit,
 * which the outbox query ignores and later clears, never a commit whose envelopes nobody re-sends.
 */
export async function appendCommits(target: AppendTarget, commits: readonly PreparedCommit[]): Promise<CommitOutcome[]> {
  const outcomes = await Promise.all(
    commits.map((commit) =>
      commit.expectedSeq === 0 || target.knownLastSeq(commit.aggregateId) === commit.expectedSeq ? undefined : explainStale(target.records, commit),
    ),
  );
  const open = commits.flatMap((commit, index) => (outcomes[index] === undefined ? [index] : []));
  const toWrite = open.map((index) => commits[index]!);
  const startedAt = target.clock.now();
  const entries = outboxEntries(target.call, toWrite, new Date(startedAt));
  await writeEntries(target.outbox, entries);
  const stamped = toWrite.map((commit) => stamp(target, commit));
  const refused = await insertCommits(target.records, stamped);
  await Promise.all(
    open.map(async (index, k) => {
      outcomes[index] = refused.has(k) ? await settleRefused(target, toWrite[k]!, stamped[k]!) : appended(toWrite[k]!);
    }),
  );
  const written = new Set(toWrite.filter((_, k) => outcomes[open[k]!]!.status === 'appended').map((commit) => commit.draft._id));
  await dropEntries(target.outbox, target.call, toWrite.map((commit) => commit.draft._id).filter((id) => !written.has(id)));
  // An append this slow may have seen its entries cleared as orphans while its commits were on their way.
  if (target.clock.now() - startedAt > ORPHAN_AFTER_MS) await writeEntries(target.outbox, entries.filter((entry) => written.has(entry.commit)));
  return outcomes as CommitOutcome[];
}
