export { runFlowTests, type RunOptions } from './runner.ts';
export { createSuite, type FlowSuite } from './suite.ts';
export { formatPretty, formatJson, formatJunit, formatCoverage, type Colors } from './format.ts';
export type { TestReport, SuiteResult, TestGroup, TestResult, TestStatus, Coverage } from './report.ts';
export { violationError, isViolationNotice } from './problems.ts';
export { applyGivens, givenRecord, isSenderIdGiven, type GivenWorld } from './given.ts';
