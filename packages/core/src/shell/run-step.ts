// Runs the pure step to its end: a binding's promise it yields is awaited, a question it yields is
// answered by the shell, and either result (or failure) resumes it.
import { isThenable } from '../maybe.ts';
import type { Question } from '../step/environment.ts';
import type { Decided, Decision } from '../step/step.ts';

/** Answers what a step asks (shell/questions.ts). */
export type Answer = (question: Question) => Promise<unknown>;

/**
 * The decision at once when the step asked nothing and waited for nothing, as most do. Measured: a
 * promise per decided event (here and in Pipeline.decideFrom) costs about 10 % of the CPU time of
 * runtime-throughput's send loop on in-process adapters (A/B, alternating processes).
 */
export function runStep(decision: Decision, answer: Answer): Decided | Promise<Decided> {
  const first = decision.next();
  return first.done ? first.value : resumeStep(decision, first, answer);
}

/** Goes on with a step that is waiting at `next`, until it has decided. */
export async function resumeStep(decision: Decision, next: IteratorResult<unknown, Decided>, answer: Answer): Promise<Decided> {
  while (!next.done) {
    const pending = next.value as Parameters<typeof answer>[0] | PromiseLike<unknown>;
    let result: unknown;
    try {
      result = await (isThenable(pending) ? pending : answer(pending));
    } catch (error) {
      next = decision.throw(error);
      continue;
    }
    next = decision.next(result);
  }
  return next.value;
}
