// Time is injected so runs are reproducible; the system clock is the default.

/** Where time comes from: injected, so a seeded run is reproducible. */
export interface Clock {
  /** Milliseconds since the epoch. */
  now(): number;
}

/** The wall clock. */
export const systemClock: Clock = { now: () => Date.now() };

/** A clock that starts at `start` and advances `stepMs` on every reading (deterministic tests). */
export function steppingClock(start: string | number = '2026-01-01T00:00:00.000Z', stepMs = 1): Clock & {
  advance(ms: number): void;
} {
  let current = typeof start === 'string' ? Date.parse(start) : start;
  return {
    now: () => {
      const value = current;
      current += stepMs;
      return value;
    },
    advance: (ms) => {
      current += ms;
    },
  };
}

let lastMs = Number.NaN;
let lastIso = '';

/** The clock's reading as ISO-8601; formatting costs more than an event, so one per millisecond. */
export function isoTime(clock: Clock): string {
  const ms = clock.now();
  if (ms !== lastMs) {
    lastIso = new Date(ms).toISOString();
    lastMs = ms;
  }
  return lastIso;
}
