import type { Location } from './ast.ts';

/** An error stops a file from running; a warning does not. */
export type Severity = 'error' | 'warning';

/** One problem found in a source file. `message` reads "Expected X, found Y." where it can. */
export interface Diagnostic {
  /** Stable machine-readable code, e.g. `unexpected-token`, `inconsistent-indentation`. */
  readonly code: string;
  readonly severity: Severity;
  readonly message: string;
  readonly loc: Location;
  /** Number of columns the caret underline spans (default 1). */
  readonly length?: number;
  /** What to do about it, shown on a line of its own under the caret. */
  readonly hint?: string;
}
