// What a test run produced, for the pretty, JSON and JUnit reporters.

/** The outcome of one test. */
export type TestStatus = 'passed' | 'failed';

/** One test: its name, outcome, time and why it failed. */
export interface TestResult {
  /** `borrow → active` for happy-path steps; the case name for variations. */
  readonly name: string;
  readonly status: TestStatus;
  readonly durationMs: number;
  /** Why it failed: the first failed assertion or the error, with its source position. */
  readonly error?: string;
  readonly warnings: readonly string[];
}

/** The tests of a happy path or of one event's variations. */
export interface TestGroup {
  /** `happy path`, or `:borrow variations`. */
  readonly name: string;
  readonly tests: readonly TestResult[];
}

/** The tests of one machine's scenario (or one system test). */
export interface SuiteResult {
  /** `@loan / borrow a book` */
  readonly title: string;
  readonly machine: string;
  readonly scenario: string;
  readonly file: string;
  readonly groups: readonly TestGroup[];
}

/** What the tests reached, of each kind, against what the flows declare. */
export interface Coverage {
  readonly states: { readonly covered: readonly string[]; readonly total: readonly string[] };
  readonly events: { readonly covered: readonly string[]; readonly total: readonly string[] };
  readonly guards: { readonly covered: readonly string[]; readonly total: readonly string[] };
  readonly actions: { readonly covered: readonly string[]; readonly total: readonly string[] };
}

/** Every suite of a run, the counts and the coverage. */
export interface TestReport {
  readonly suites: readonly SuiteResult[];
  readonly passed: number;
  readonly failed: number;
  readonly durationMs: number;
  readonly coverage: Coverage;
}
