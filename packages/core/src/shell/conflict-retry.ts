// After a concurrency conflict (another runtime wrote the instance first) the shell reloads the
// instance and decides again, waiting a little longer each time (exponential backoff), at random
// within that bound (full jitter) so that writers who collided spread out, until a deadline passes.

/** How conflicts of one instance are retried: the runtime's `conflict*` options. */
export interface ConflictPolicy {
  /** How long, from the first conflict, they are retried before the event fails with CONCURRENCY_ERROR. */
  readonly timeoutMs: number;
  /** The first wait is at most this long; each further conflict doubles the bound ... */
  readonly firstWaitMs: number;
  /** ... up to this. */
  readonly longestWaitMs: number;
}

export const DEFAULT_CONFLICT_POLICY: ConflictPolicy = { timeoutMs: 10_000, firstWaitMs: 2, longestWaitMs: 250 };

export class ConflictRetry {
  private readonly policy: ConflictPolicy;
  private readonly deadline: number;
  private readonly random: () => number;
  private attempts = 0;

  constructor(policy: ConflictPolicy, random: () => number = Math.random) {
    this.policy = policy;
    this.deadline = Date.now() + policy.timeoutMs;
    this.random = random;
  }

  /** Waits before the next attempt; false (at once) when the deadline has passed. */
  async wait(): Promise<boolean> {
    const left = this.deadline - Date.now();
    if (left <= 0) return false;
    const bound = Math.min(this.policy.longestWaitMs, this.policy.firstWaitMs * 2 ** this.attempts++, left);
    await new Promise<void>((resolve) => setTimeout(resolve, this.random() * bound));
    return true;
  }
}
