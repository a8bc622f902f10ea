// Runs every scenario with assertions (happy path) and every .test.flow case (variations).
import type { FlowFile, MachineDecl, Scenario, TestCase, TestDecl } from '@eventflow/language';
import { computeCoverage, type Observed } from './coverage.ts';
import { overridesFrom } from './overrides.ts';
import type { SuiteResult, TestGroup, TestReport, TestResult } from './report.ts';
import type { FlowSuite } from './suite.ts';
import { checkAll, inject, walk, type WalkResult } from './walk.ts';

/** Which tests `runFlowTests` runs, and how strictly. */
export interface RunOptions {
  /** Only the scenario with this exact name. */
  readonly scenario?: string;
  /** Only tests whose `suite title / name` contains this text (or matches it as a /regex/). */
  readonly filter?: string;
  /** Unbound actions and givens fail instead of warning. */
  readonly strict?: boolean;
}

/** Runs every scenario with assertions (the happy path) and every `.test.flow` variation of a suite. */
export async function runFlowTests(suite: FlowSuite, options: RunOptions = {}): Promise<TestReport> {
  const started = Date.now();
  const suites: SuiteResult[] = [];
  const observed: Observed[] = [];
  const machines = suite.files.flatMap((f) => f.machines.map((m) => ({ machine: m, file: f.file, own: [f] })));
  const tests = suite.files.flatMap((f) => f.tests);
  for (const { machine, file, own } of machines) {
    for (const scenario of machine.scenarios) {
      if (options.scenario !== undefined && scenario.name !== options.scenario) continue;
      const title = `${machine.name} / ${scenario.name ?? '(handlers)'}`;
      const groups: TestGroup[] = [];
      // A machine's own tests load only its file; other machines are outside actors (§6.1). System tests load everything.
      if (hasAssertions(scenario)) groups.push(await happyPath(suite, machine, scenario, observed, options, own));
      groups.push(...(await variations(suite, machine, scenario, tests, observed, options, own)));
      const filtered = groups
        .map((g) => ({ ...g, tests: g.tests.filter((t) => matchesFilter(options.filter, `${title} / ${t.name}`)) }))
        .filter((g) => g.tests.length > 0);
      if (filtered.length > 0) suites.push({ title, machine: machine.name, scenario: scenario.name ?? '', file, groups: filtered });
    }
  }
  const all = suites.flatMap((s) => s.groups.flatMap((g) => g.tests));
  return {
    suites,
    passed: all.filter((t) => t.status === 'passed').length,
    failed: all.filter((t) => t.status === 'failed').length,
    durationMs: Date.now() - started,
    coverage: computeCoverage(suite.files, observed),
  };
}

function hasAssertions(scenario: Scenario): boolean {
  return scenario.expect.length > 0 || scenario.handlers.some((h) => h.expect.length > 0);
}

async function happyPath(
  suite: FlowSuite,
  machine: MachineDecl,
  scenario: Scenario,
  observed: Observed[],
  options: RunOptions,
  files: readonly FlowFile[],
): Promise<TestGroup> {
  const result = await walk(suite, machine, scenario, { files });
  const tests: TestResult[] = result.steps.map((step) => toResult(step.name, step.durationMs, step.error, result, options));
  if (scenario.expect.length > 0) {
    const started = Date.now();
    const error = result.stopped ? 'Not reached: an earlier step failed' : await expectations(result, scenario, suite);
    tests.push(toResult('scenario expectations', Date.now() - started, error, result, options));
  }
  observed.push(observe(result));
  await result.world.close();
  return { name: 'happy path', tests };
}

async function expectations(result: WalkResult, scenario: Scenario, suite: FlowSuite): Promise<string | undefined> {
  return checkAll(scenario.expect, result.world, suite.bindings, await result.world.view(result.aggregateId), result.initialContext);
}

async function variations(
  suite: FlowSuite,
  machine: MachineDecl,
  scenario: Scenario,
  tests: readonly TestDecl[],
  observed: Observed[],
  options: RunOptions,
  own: readonly FlowFile[],
): Promise<TestGroup[]> {
  const groups = new Map<string, TestResult[]>();
  const add = (group: string, test: TestResult) => groups.set(group, [...(groups.get(group) ?? []), test]);
  for (const decl of tests) {
    if (decl.machine !== undefined && decl.machine !== machine.name) continue;
    const files = decl.machine !== undefined ? own : suite.files;
    for (const target of decl.scenarios) {
      if (target.name !== scenario.name) continue;
      for (const group of target.groups) {
        const local = group.machine === undefined || group.machine === machine.name;
        for (const testCase of group.cases) {
          add(`${group.event} variations`, await transitionCase(suite, files, machine, scenario, group.event, local, testCase, observed, options));
        }
      }
      for (const testCase of target.cases) {
        const received = testCase.steps.find((s) => s.step !== 'after')?.event ?? testCase.steps[0]?.event ?? ':path';
        add(`${received} variations`, await pathCase(suite, files, machine, scenario, testCase, observed, options));
      }
    }
  }
  return [...groups].map(([name, tests]) => ({ name, tests }));
}

/** `for :e:` — the happy path up to :e, the variations applied to it, then the case's assertions. */
async function transitionCase(
  suite: FlowSuite,
  files: readonly FlowFile[],
  machine: MachineDecl,
  scenario: Scenario,
  event: string,
  local: boolean,
  testCase: TestCase,
  observed: Observed[],
  options: RunOptions,
): Promise<TestResult> {
  const started = Date.now();
  const overrides = overridesFrom(testCase.assume);
  const result = await walk(suite, machine, scenario, {
    files,
    ...(overrides ? { overrides } : {}),
    withScenario: testCase.withScenario,
    ...(local
      ? {
          stopAfter: (h) => h.event === event,
          atTarget: { withGiven: testCase.withGiven, withEvent: testCase.withEvent, withContext: testCase.withContext },
        }
      : {}),
  });
  return finishCase(result, testCase, suite, started, observed, options);
}

/** A case with `after` / `receive` / `then` steps: the path diverges from the happy one. */
async function pathCase(
  suite: FlowSuite,
  files: readonly FlowFile[],
  machine: MachineDecl,
  scenario: Scenario,
  testCase: TestCase,
  observed: Observed[],
  options: RunOptions,
): Promise<TestResult> {
  const started = Date.now();
  const overrides = overridesFrom(testCase.assume);
  const after = testCase.steps.find((s) => s.step === 'after');
  const result = await walk(suite, machine, scenario, {
    files,
    ...(overrides ? { overrides } : {}),
    withScenario: testCase.withScenario,
    stopAfter: (h) => (after ? h.event === after.event : true),
  });
  let error = result.steps.find((s) => s.error)?.error;
  for (const step of testCase.steps) {
    if (error || step.step === 'after') continue;
    error = await inject(result.world, machine.name, result.aggregateId, step.event, step.from);
  }
  return finishCase(result, testCase, suite, started, observed, options, error);
}

async function finishCase(
  result: WalkResult,
  testCase: TestCase,
  suite: FlowSuite,
  started: number,
  observed: Observed[],
  options: RunOptions,
  earlier?: string,
): Promise<TestResult> {
  // A step may fail on purpose (an assumed action throws): the case's assertions decide, and a
  // step error is shown beside a failed assertion to explain it.
  const stepError = earlier ?? result.steps.find((s) => s.error)?.error;
  const failed = await checkAll(testCase.assertions, result.world, suite.bindings, await result.world.view(result.aggregateId), result.initialContext);
  const error = failed ? (stepError ? `${failed}\n  after a failed step: ${stepError}` : failed) : testCase.assertions.length === 0 ? stepError : undefined;
  observed.push(observe(result));
  await result.world.close();
  return toResult(testCase.name, Date.now() - started, error, result, options);
}

function toResult(name: string, durationMs: number, error: string | undefined, result: WalkResult, options: RunOptions): TestResult {
  const warnings = [...new Set(result.warnings)];
  const strictError = options.strict && warnings.length > 0 ? `Strict mode: ${warnings[0]}` : undefined;
  const failure = error ?? strictError;
  return { name, status: failure ? 'failed' : 'passed', durationMs, ...(failure ? { error: failure } : {}), warnings };
}

function observe(result: WalkResult): Observed {
  return { handled: result.world.handled, guards: result.world.guards, calls: result.world.calls };
}

function matchesFilter(filter: string | undefined, text: string): boolean {
  if (!filter) return true;
  const regex = /^\/(.*)\/([a-z]*)$/.exec(filter);
  return regex ? new RegExp(regex[1] as string, regex[2]).test(text) : text.includes(filter);
}
