// Creation order without a counter document (which would cost a second write per append): the wall
// clock in microseconds, bumped by one when two commits of this process fall in the same
// microsecond slot or the clock steps back. Strictly increasing within a process; across processes
// it is wall-clock order (ties and clock skew between writers are not ordered). Per-aggregate order
// never depends on it: see outboxOrder.

let last = 0;

/** The next position for a commit created at `nowMs`. */
export function nextPosition(nowMs: number): number {
  const candidate = Math.floor(nowMs) * 1000;
  last = candidate > last ? candidate : last + 1;
  return last;
}

/** The millisecond a position was taken at (for `created_at`). */
export function positionTime(position: number): Date {
  return new Date(Math.floor(position / 1000));
}
