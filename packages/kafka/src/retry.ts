// Riding out a passing cluster state (a partition whose leader is not elected yet, a topic the
// broker does not know yet, a coordinator still loading): an operation that failed with a
// transient error is tried again after a growing pause until its deadline passes; then it fails
// naming the last error. Any other failure ends it at once.
import { DeadlineError, isTransient, withDeadline } from './errors.ts';
import { defaultBackoff } from './options.ts';

export interface RetryPlan {
  /** Epoch milliseconds after which no attempt starts and a running one is abandoned. */
  readonly deadline: number;
  /** Told of each transient failure and the pause before the next attempt (for logging). */
  readonly onRetry?: (error: unknown, pauseMs: number) => void;
  /** True once the caller no longer wants the result (transport closed, publish abandoned). */
  readonly abandoned?: () => boolean;
}

/** Runs `attempt` (given the milliseconds left) until it resolves, fails for good, or the deadline passes. */
export async function retryTransient<T>(attempt: (msLeft: number) => Promise<T>, plan: RetryPlan): Promise<T> {
  const budget = Math.max(0, plan.deadline - Date.now());
  let last: unknown;
  for (let failures = 1; ; failures++) {
    const left = plan.deadline - Date.now();
    if (left <= 0) throw new DeadlineError(budget, last);
    try {
      return await withDeadline(attempt(left), left, () => last);
    } catch (error) {
      if (error instanceof DeadlineError) throw new DeadlineError(budget, error.cause ?? last);
      if (!isTransient(error) || plan.abandoned?.()) throw error;
      last = error;
      // The pauses of redelivery: 100 ms doubling to 2 s, never past the deadline.
      const pause = Math.min(defaultBackoff(failures), plan.deadline - Date.now());
      if (pause <= 0) throw new DeadlineError(budget, last);
      plan.onRetry?.(error, pause);
      await new Promise((resolve) => setTimeout(resolve, pause));
    }
  }
}
