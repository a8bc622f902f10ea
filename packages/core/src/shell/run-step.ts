// Runs the pure step to its end: a binding's promise it yields is awaited, a question it yields is
// answered by the shell, and either result (or failure) resumes it.
import { isThenable } from '../maybe.ts';
import type { Question } from '../step/environment.ts';
import type { Decided, Decision } from '../step/step.ts';

export async function runStep(decision: Decision, answer: (question: Question) => Promise<unknown>): Promise<Decided> {
  let next = decision.next();
  while (!next.done) {
    const pending = next.value;
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
