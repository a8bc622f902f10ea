// Appending commits: each commit is one document (atomic without transactions), and all commits of a
// call go to the server in one insert command. The unique indexes decide the common case, so a commit
// at a stream position this store knows is one write and no read; only a commit the indexes refuse (a
// racing writer, a redelivery, a stale expected seq) is read back to say why (refusal.ts).
import { appended, stamp, type AppendTarget, type CommitOutcome, type PreparedCommit } from './commit.ts';
import { insertCommits } from './insert.ts';
import { explainStale, settleRefused } from './refusal.ts';

/**
 * Appends each commit independently of the others; outcomes in the same order. An expected seq ahead
 * of the stream collides with no index (append at 5 when 3 exist would leave a gap), so a commit at a
 * position this store has not seen reads the stream's last seq first; every other commit is written
 * straight away, all in one insert.
 */
export async function appendCommits(target: AppendTarget, commits: readonly PreparedCommit[]): Promise<CommitOutcome[]> {
  const outcomes = await Promise.all(
    commits.map((commit) =>
      commit.expectedSeq === 0 || target.knownLastSeq(commit.aggregateId) === commit.expectedSeq ? undefined : explainStale(target.records, commit),
    ),
  );
  const open = commits.flatMap((commit, index) => (outcomes[index] === undefined ? [index] : []));
  const stamped = open.map((index) => stamp(target, commits[index]!));
  const refused = await insertCommits(target.records, stamped);
  await Promise.all(
    open.map(async (index, k) => {
      const commit = commits[index]!;
      outcomes[index] = refused.has(k) ? await settleRefused(target, commit, stamped[k]!) : appended(commit);
    }),
  );
  return outcomes as CommitOutcome[];
}
