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

/**
 * One runtime's readings of its clock as ISO-8601 text, the form envelopes and records carry. Events
 * decided in the same millisecond share the text: formatting a date costs more than deciding an event.
 */
export class Timestamps {
  readonly clock: Clock;
  private lastMs = Number.NaN;
  private lastText = '';

  constructor(clock: Clock) {
    this.clock = clock;
  }

  /** The clock's reading now, as ISO-8601. */
  iso(): string {
    const ms = this.clock.now();
    if (ms !== this.lastMs) {
      this.lastText = new Date(ms).toISOString();
      this.lastMs = ms;
    }
    return this.lastText;
  }
}
