// The error thrown by parseOrThrow and the standalone helpers.

import type { Diagnostic } from './diagnostic.ts';
import { EventFlowError, isEventFlowError } from './errors.ts';
import { formatDiagnostics } from './format.ts';
import type { Source } from './source.ts';

/** A `.flow` file did not parse or check; renders each diagnostic as `file:line:col`, the line and a caret. */
export class FlowSyntaxError extends EventFlowError {
  /** Every diagnostic of the file (errors and warnings), in source order. */
  readonly diagnostics: readonly Diagnostic[];

  constructor(diagnostics: readonly Diagnostic[], source: Source | string) {
    super('SYNTAX_ERROR', formatDiagnostics(diagnostics, source), {
      hint: 'Fix the lines shown; each error reads "Expected X, found Y."',
    });
    this.diagnostics = diagnostics;
  }
}

/** True for a `FlowSyntaxError` (code `SYNTAX_ERROR`) from any copy of the package. */
export function isFlowSyntaxError(error: unknown): error is FlowSyntaxError {
  return isEventFlowError(error) && error.code === 'SYNTAX_ERROR';
}
