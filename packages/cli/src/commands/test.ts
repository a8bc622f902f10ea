// `eventflow test <paths...>`: runs scenarios and .test.flow variations; exit 0 all pass, 1 any fail,
// 2 on usage or parse errors. json and junit print only the report, so they can be piped.
import type { FlowFile } from '@eventflow/language';
import { createSuite, formatJson, formatJunit, formatPretty, runFlowTests } from '@eventflow/flow-test';
import { plural, printDiagnostics, printWarnings } from '../diagnostics.ts';
import { UsageError } from '../errors.ts';
import { BANNER, EXIT_FAILED, EXIT_OK, EXIT_USAGE, palette, println, type CliIo } from '../io.ts';
import { asts, loadFlows } from '../load.ts';
import { loadBindings } from '../load-bindings.ts';

export type ReportFormat = 'pretty' | 'json' | 'junit';

export interface TestOptions {
  readonly scenario?: string;
  readonly filter?: string;
  readonly format?: string;
  readonly coverage?: boolean;
  readonly verbose?: boolean;
  readonly strict?: boolean;
  readonly bindings?: readonly string[];
}

export async function testCommand(paths: readonly string[], options: TestOptions, io: CliIo, cwd: string): Promise<number> {
  const format = reportFormat(options.format);
  checkFilter(options.filter);
  const c = palette(io);
  const pretty = format === 'pretty';
  if (pretty) println(io.stdout, c.bold(BANNER), '', 'Loading flows...');
  const loaded = loadFlows(paths, { cwd });
  if (pretty) for (const file of loaded.files) if (file.ast) println(io.stdout, `  → ${file.label} (${describe(file.ast)})`);
  if (loaded.errors > 0) {
    if (pretty) println(io.stdout, '');
    printDiagnostics(io.stderr, loaded);
    println(io.stderr, c.red(`✗ ${plural(loaded.errors, 'error')} in the flows; no test ran`));
    return EXIT_USAGE;
  }
  printWarnings(io.stderr, loaded);
  if (options.scenario !== undefined) checkScenario(options.scenario, asts(loaded));
  const bindings = await loadBindings(options.bindings ?? [], loaded.files, cwd);
  if (pretty && bindings.sets.length > 0) println(io.stdout, `Loading bindings... ${bindings.sets.length} found`);
  if (pretty) println(io.stdout, '');
  const report = await runFlowTests(createSuite(asts(loaded), bindings.sets), {
    ...(options.scenario !== undefined ? { scenario: options.scenario } : {}),
    ...(options.filter !== undefined ? { filter: options.filter } : {}),
    ...(options.strict ? { strict: true } : {}),
  });
  if (format === 'json') println(io.stdout, formatJson(report));
  else if (format === 'junit') println(io.stdout, formatJunit(report));
  else println(io.stdout, formatPretty(report, { colors: c, verbose: options.verbose === true, coverage: options.coverage === true }));
  if (report.passed + report.failed === 0) {
    println(io.stderr, c.red(`✗ No test ran: ${nothingRan(options)}`));
    return EXIT_FAILED;
  }
  return report.failed > 0 ? EXIT_FAILED : EXIT_OK;
}

function nothingRan(options: TestOptions): string {
  if (options.filter !== undefined) return `no test matches --filter '${options.filter}'`;
  return "no scenario has 'expect:' lines and no .test.flow case targets one";
}

/** `--filter /regex/flags` must compile; plain text always does. */
function checkFilter(filter: string | undefined): void {
  const regex = filter === undefined ? null : /^\/(.*)\/([a-z]*)$/.exec(filter);
  if (!regex) return;
  try {
    new RegExp(regex[1] as string, regex[2]);
  } catch (error) {
    throw new UsageError(`--filter ${filter} is not a valid regular expression: ${(error as Error).message}`);
  }
}

function checkScenario(name: string, files: readonly FlowFile[]): void {
  const names = files.flatMap((f) => f.machines.flatMap((m) => m.scenarios.flatMap((s) => (s.name === undefined ? [] : [s.name]))));
  if (!names.includes(name)) throw new UsageError(`--scenario '${name}' names no scenario; there are: ${[...new Set(names)].map((n) => `'${n}'`).join(', ') || 'none'}`);
}

function reportFormat(format: string | undefined): ReportFormat {
  const value = format ?? 'pretty';
  if (value === 'pretty' || value === 'json' || value === 'junit') return value;
  throw new UsageError(`Unknown --format '${value}': use pretty, json or junit`);
}

/** `1 machine, 2 scenarios`, `3 test variations`, `system checkout, 5 machines`. */
function describe(ast: FlowFile): string {
  if (ast.tests.length > 0) {
    const cases = ast.tests.flatMap((t) => t.scenarios).reduce((n, s) => n + s.cases.length + s.groups.reduce((m, g) => m + g.cases.length, 0), 0);
    return plural(cases, 'test variation');
  }
  const scenarios = ast.machines.reduce((n, m) => n + m.scenarios.filter((s) => s.name !== undefined || s.expect.length > 0).length, 0);
  const parts = [plural(ast.machines.length, 'machine'), plural(scenarios, 'scenario')];
  if (ast.system) {
    const uses = ast.system.uses.length;
    return [`system ${ast.system.name}`, ...(uses > 0 ? [`uses ${plural(uses, 'machine')}`] : []), ...(ast.machines.length > 0 ? parts : [])].join(', ');
  }
  return parts.join(', ');
}
