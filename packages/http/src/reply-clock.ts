// Waits for replies up to a deadline with one shared timer instead of one timer per request: a
// timer per request cost ~8 µs of CPU each (bench http-ingress), and a reply timeout needs no more
// precision than a tenth of a second.
const TICK_MS = 100;

interface Waiting {
  readonly at: number;
  readonly late: () => void;
}

export class ReplyClock {
  private readonly waiting = new Set<Waiting>();
  private timer: ReturnType<typeof setInterval> | undefined;

  /** `reply`'s value if it settles within about `ms`, else undefined (the reply goes on). */
  within<T>(reply: Promise<T>, ms: number): Promise<T | undefined> {
    if (ms <= 0) return Promise.race([reply, Promise.resolve(undefined)]);
    return new Promise((resolve) => {
      const entry: Waiting = { at: Date.now() + ms, late: () => resolve(undefined) };
      this.waiting.add(entry);
      this.timer ??= unref(setInterval(() => this.tick(), Math.min(TICK_MS, ms)));
      void reply.then((value) => {
        this.waiting.delete(entry);
        resolve(value);
      });
    });
  }

  private tick(): void {
    const now = Date.now();
    for (const entry of this.waiting) {
      if (entry.at > now) continue;
      this.waiting.delete(entry);
      entry.late();
    }
    if (this.waiting.size === 0 && this.timer !== undefined) {
      clearInterval(this.timer);
      this.timer = undefined;
    }
  }
}

/** A waiting reply must not keep a process alive on its own (Node and Deno timers both have unref). */
function unref<T>(timer: T): T {
  (timer as { unref?: () => void }).unref?.();
  return timer;
}
