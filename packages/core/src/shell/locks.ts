// One event at a time per aggregate: a lock per aggregate id; different aggregates run in parallel.

export class KeyedMutex {
  /** Held keys: null while nobody waits, else the callers waiting in turn. */
  private readonly held = new Map<string, (() => void)[] | null>();

  /** Takes the key: nothing to wait for when it was free (no promise), else a promise of the turn. */
  acquire(key: string): void | Promise<void> {
    if (!this.held.has(key)) {
      this.held.set(key, null);
      return;
    }
    return new Promise<void>((turn) => {
      const waiting = this.held.get(key);
      if (waiting) waiting.push(turn);
      else this.held.set(key, [turn]);
    });
  }

  /** Hands the key to the next waiting caller, or frees it. */
  release(key: string): void {
    const next = this.held.get(key)?.shift();
    if (next) next();
    else this.held.delete(key);
  }
}
