// `eventflow export <paths...> --output <dir>`: one offline HTML page per system (a `system:` file with
// the machines it uses, or a machine file of its own) holding the diagrams, the test results and the
// coverage. Exit 0 when written (failing tests are shown on the page and counted here), 2 on flow errors.
import { mkdirSync, writeFileSync } from 'node:fs';
import { join, resolve } from 'node:path';
import { createSvgRenderer } from '@eventflow/diagram';
import { plural, printDiagnostics } from '../diagnostics.ts';
import { UsageError } from '../errors.ts';
import { BANNER, EXIT_OK, EXIT_USAGE, palette, println, type CliIo } from '../io.ts';
import { loadFlows } from '../load.ts';
import { evaluate } from '../see/evaluate.ts';
import { systemPage } from '../see/pages.ts';
import { displayPath } from '../see/save-line.ts';
import { systemGroups } from '../see/systems.ts';

export interface ExportOptions {
  readonly output?: string;
  readonly bindings?: readonly string[];
}

export async function exportCommand(paths: readonly string[], options: ExportOptions, io: CliIo, cwd: string): Promise<number> {
  if (!options.output) throw new UsageError('Missing --output <dir>: where to write one HTML page per system');
  const c = palette(io);
  const loaded = loadFlows(paths, { cwd });
  if (loaded.errors > 0) {
    printDiagnostics(io.stderr, loaded);
    println(io.stderr, c.red(`✗ ${plural(loaded.errors, 'error')} in the flows; nothing exported`));
    return EXIT_USAGE;
  }
  const groups = systemGroups(loaded.files);
  if (groups.length === 0) throw new UsageError('No machine found in the given flows: nothing to export');
  const dir = resolve(cwd, options.output);
  mkdirSync(dir, { recursive: true });
  const renderer = await createSvgRenderer();
  println(io.stdout, c.bold(BANNER), '');
  for (const group of groups) {
    const evaluation = await evaluate(loaded, group.files, { title: group.title, cwd, ...(options.bindings ? { bindings: options.bindings } : {}) });
    const nav = [
      { href: '#diagrams', label: 'Diagrams' },
      { href: '#tests', label: 'Tests' },
      { href: '#coverage', label: 'Coverage' },
    ];
    const path = join(dir, `${group.name}.html`);
    writeFileSync(path, systemPage(evaluation, renderer, { nav }));
    const machines = evaluation.diagrams?.states.length ?? 0;
    const report = evaluation.report;
    const tests = report ? `${report.passed} passing${report.failed > 0 ? `, ${report.failed} failing` : ''}` : `tests not run: ${evaluation.testError ?? 'unknown'}`;
    println(io.stdout, `  → ${displayPath(cwd, path)} (${plural(machines, 'machine')}, ${tests})`);
  }
  return EXIT_OK;
}
