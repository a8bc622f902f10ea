// After a concurrency conflict the shell reloads the instance and decides again, waiting a little
// longer each time, at random within that bound so that writers who collided spread out, until a
// deadline passes.

/** The first wait is at most this long; each further conflict doubles the bound ... */
const FIRST_WAIT_MS = 2;
/** ... up to this. */
const LONGEST_WAIT_MS = 250;

export class ConflictRetry {
  private readonly deadline: number;
  private readonly random: () => number;
  private attempts = 0;

  /** `timeoutMs`: how long, from now, conflicts are retried. */
  constructor(timeoutMs: number, random: () => number = Math.random) {
    this.deadline = Date.now() + timeoutMs;
    this.random = random;
  }

  /** Waits before the next attempt; false (at once) when the deadline has passed. */
  async wait(): Promise<boolean> {
    const left = this.deadline - Date.now();
    if (left <= 0) return false;
    const bound = Math.min(LONGEST_WAIT_MS, FIRST_WAIT_MS * 2 ** this.attempts++, left);
    await new Promise<void>((resolve) => setTimeout(resolve, this.random() * bound));
    return true;
  }
}
