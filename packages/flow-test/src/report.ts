// What a test run produced, for the pretty, JSON and JUnit reporters.

export type TestStatus = 'passed' | 'failed';

export interface TestResult {
  /** `borrow → active` for happy-path steps; the case name for variations. */
  readonly name: string;
  readonly status: TestStatus;
  readonly durationMs: number;
  /** Why it failed: the first failed assertion or the error, with its source position. */
  readonly error?: string;
  readonly warnings: readonly string[];
}

export interface TestGroup {
  /** `happy path`, or `:borrow variations`. */
  readonly name: string;
  readonly tests: readonly TestResult[];
}

export interface SuiteResult {
  /** `@loan / borrow a book` */
  readonly title: string;
  readonly machine: string;
  readonly scenario: string;
  readonly file: string;
  readonly groups: readonly TestGroup[];
}

export interface Coverage {
  readonly states: { readonly covered: readonly string[]; readonly total: readonly string[] };
  readonly events: { readonly covered: readonly string[]; readonly total: readonly string[] };
  readonly guards: { readonly covered: readonly string[]; readonly total: readonly string[] };
  readonly actions: { readonly covered: readonly string[]; readonly total: readonly string[] };
}

export interface TestReport {
  readonly suites: readonly SuiteResult[];
  readonly passed: number;
  readonly failed: number;
  readonly durationMs: number;
  readonly coverage: Coverage;
}
