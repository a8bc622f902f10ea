// `eventflow bindings:missing <paths...>`: lists unbound free text per machine (LANGUAGE.md §7.2
// layout); exit 1 when anything is missing.
import { plural, printDiagnostics } from '../diagnostics.ts';
import { EXIT_FAILED, EXIT_OK, EXIT_USAGE, palette, println, type CliIo } from '../io.ts';
import { asts, loadFlows } from '../load.ts';
import { loadBindings } from '../load-bindings.ts';
import { findMissing, missingCount, type MissingReport } from '../missing.ts';

export interface MissingOptions {
  readonly bindings?: readonly string[];
}

export async function bindingsMissingCommand(paths: readonly string[], options: MissingOptions, io: CliIo, cwd: string): Promise<number> {
  const c = palette(io);
  const loaded = loadFlows(paths, { cwd });
  if (loaded.errors > 0) {
    printDiagnostics(io.stderr, loaded);
    return EXIT_USAGE;
  }
  const bindings = await loadBindings(options.bindings ?? [], loaded.files, cwd);
  const reports = findMissing(asts(loaded), bindings.sets).filter((r) => missingCount(r) > 0);
  const total = reports.reduce((n, r) => n + missingCount(r), 0);
  for (const report of reports) println(io.stdout, ...section(report, c.red('✗')), '');
  if (total === 0) println(io.stdout, c.green('✓ No bindings missing'));
  else println(io.stdout, c.red(`${plural(total, 'binding')} missing`));
  return total > 0 ? EXIT_FAILED : EXIT_OK;
}

function section(report: MissingReport, cross: string): string[] {
  const lines = [`Missing bindings for ${report.owner}:`, ''];
  const group = (title: string, texts: readonly string[], always: boolean) => {
    if (texts.length === 0 && !always) return;
    lines.push(`${title} (${texts.length}):`, ...texts.map((t) => `  ${cross} '${t}'`), '');
  };
  group('Guards', report.guards, true);
  group('Actions', report.actions, true);
  group('Givens', report.givens, false);
  group('Assertions', report.assertions, false);
  // Event bindings (payload schemas) are optional and never missing; the line keeps the documented layout.
  lines.push('Events (0):');
  return lines;
}
