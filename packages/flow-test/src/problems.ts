// A handler rolled back by a failing context constraint (LANGUAGE.md §3.8.5) throws nothing: the
// runtime commits the rollback and tells the instance. Tests and `eventflow run` report it as this error.
import { EventFlowError, type Violation } from '@eventflow/core';

/** The error a test reports when a context value broke a validation rule after an action. */
export function violationError(machine: string, event: string, violation: Violation): EventFlowError {
  const value = JSON.stringify(violation.value) ?? 'undefined';
  return new EventFlowError(
    'CONSTRAINT_VIOLATED',
    `${event} on ${machine} was rolled back: $${violation.variable} failed ${violation.rules_failed.join(', ')} (value: ${value})`,
    { hint: `Nothing it changed was kept, and ${machine} was sent :constraint_violated; handle that event or fix the value.` },
  );
}

/** The `:constraint_violated` an instance sends itself: reported once, by its violation, not again as unhandled. */
export function isViolationNotice(error: unknown, event: string | undefined): boolean {
  return event === ':constraint_violated' && (error as { code?: unknown }).code === 'UNHANDLED_EVENT';
}
