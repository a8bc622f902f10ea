// @eventflow/language: parse, check and print EventFlow .flow / .test.flow files.

export type * from './ast.ts';
export type { Diagnostic, Severity } from './diagnostic.ts';
export { EventFlowError, isEventFlowError, type EventFlowErrorOptions } from './errors.ts';
export { Source } from './source.ts';
export { parse, type ParseResult } from './parser.ts';
export { parseOrThrow, parseCondition, parseExpression, type ParseOrThrowOptions } from './standalone.ts';
export type { BareMode } from './expressions.ts';
export { check } from './check.ts';
export { checkRunnable } from './runnable.ts';
export { print } from './printer.ts';
export { printCondition, printExpr } from './print-expr.ts';
export { printAssertion, printAssumeLine, printGivenLine } from './print-lines.ts';
export { formatDiagnostic, formatDiagnostics } from './format.ts';
export { FlowSyntaxError, isFlowSyntaxError } from './syntax-error.ts';
export { normalizeText } from './normalize.ts';
