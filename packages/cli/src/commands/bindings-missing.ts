// `eventflow bindings:missing <paths...>`: lists unbound free text and functions per machine
// (LANGUAGE.md §7.2 layout, only the groups that have entries) with the calls that would bind them;
// exit 1 when anything is missing.
import { bindingCall, type BindingKind } from '@eventflow/core';
import { plural, printDiagnostics, printWarnings } from '../diagnostics.ts';
import { EXIT_FAILED, EXIT_OK, EXIT_USAGE, palette, println, type CliIo } from '../io.ts';
import { asts, loadFlows } from '../load.ts';
import { loadBindings } from '../load-bindings.ts';
import { findMissing, missingCount, type MissingReport } from '../missing.ts';

export interface MissingOptions {
  readonly bindings?: readonly string[];
  readonly format?: string;
}

export async function bindingsMissingCommand(paths: readonly string[], options: MissingOptions, io: CliIo, cwd: string): Promise<number> {
  const c = palette(io);
  const loaded = loadFlows(paths, { cwd });
  if (loaded.errors > 0) {
    printDiagnostics(io.stderr, loaded);
    return EXIT_USAGE;
  }
  printWarnings(io.stderr, loaded);
  const bindings = await loadBindings(options.bindings ?? [], loaded.files, cwd);
  const reports = findMissing(asts(loaded), bindings.sets).filter((r) => missingCount(r) > 0);
  const total = reports.reduce((n, r) => n + missingCount(r), 0);
  if (options.format === 'json') {
    println(io.stdout, JSON.stringify({ total, missing: reports }));
    return total > 0 ? EXIT_FAILED : EXIT_OK;
  }
  for (const report of reports) println(io.stdout, ...section(report, c.red('✗')), '');
  if (total === 0) println(io.stdout, c.green('✓ No bindings missing'));
  else println(io.stdout, c.red(`${plural(total, 'binding')} missing`));
  return total > 0 ? EXIT_FAILED : EXIT_OK;
}

function section(report: MissingReport, cross: string): string[] {
  const lines = [`Missing bindings for ${report.owner}:`, ''];
  const calls: string[] = [];
  const group = (title: string, kind: BindingKind, texts: readonly string[], quote: (t: string) => string) => {
    if (texts.length === 0) return;
    lines.push(`${title} (${texts.length}):`, ...texts.map((t) => `  ${cross} ${quote(t)}`), '');
    calls.push(...texts.map((t) => `    ${bindingCall(kind, t)};`));
  };
  const quoted = (t: string) => `'${t}'`;
  group('Guards', 'guard', report.guards, quoted);
  group('Actions', 'action', report.actions, quoted);
  group('Givens', 'given', report.givens, quoted);
  group('Assertions', 'assertion', report.assertions, quoted);
  group('Functions', 'function', report.functions, (t) => t);
  const machine = report.owner.startsWith('@') ? report.owner : '*';
  lines.push(`Hint: register them in a bindings module (e.g. ${bindingsFileName(report.owner)}):`, `  export default defineBindings('${machine}', (b) => {`, ...calls, '  });');
  return lines;
}

/** `document.bindings.ts` for `@document`; `system.bindings.ts` for a system test. */
function bindingsFileName(owner: string): string {
  return `${owner.startsWith('@') ? owner.slice(1) : 'system'}.bindings.ts`;
}
