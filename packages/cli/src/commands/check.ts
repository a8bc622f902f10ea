// `eventflow check <paths...>`: parse and static checks only; exit 2 on errors (or warnings with --strict).
// `--format json` prints one object: counts and every diagnostic with its file, line and column.
import { printDiagnostics, plural } from '../diagnostics.ts';
import { EXIT_OK, EXIT_USAGE, palette, println, type CliIo } from '../io.ts';
import { loadFlows, type FileDiagnostic } from '../load.ts';

export interface CheckOptions {
  readonly strict?: boolean;
  readonly format?: string;
}

export async function checkCommand(paths: readonly string[], options: CheckOptions, io: CliIo, cwd: string): Promise<number> {
  const c = palette(io);
  const result = loadFlows(paths, { cwd });
  const failed = result.errors > 0 || (options.strict === true && result.warnings > 0);
  if (options.format === 'json') {
    const diagnostics = result.diagnostics.map(diagnosticJson);
    println(io.stdout, JSON.stringify({ ok: !failed, files: result.files.length, errors: result.errors, warnings: result.warnings, diagnostics }));
    return failed ? EXIT_USAGE : EXIT_OK;
  }
  printDiagnostics(io.stdout, result, { warnings: true });
  const files = plural(result.files.length, 'file');
  if (result.errors === 0 && result.warnings === 0) {
    println(io.stdout, c.green(`✓ ${files} checked, no problems`));
  } else {
    const summary = `${files} checked: ${plural(result.errors, 'error')}, ${plural(result.warnings, 'warning')}`;
    println(io.stdout, failed ? c.red(`✗ ${summary}`) : c.yellow(summary));
  }
  return failed ? EXIT_USAGE : EXIT_OK;
}

function diagnosticJson({ file, diagnostic: d }: FileDiagnostic): Record<string, unknown> {
  return {
    file: file.name,
    line: d.loc.line,
    column: d.loc.column,
    severity: d.severity,
    code: d.code,
    message: d.message,
    ...(d.hint !== undefined ? { hint: d.hint } : {}),
  };
}
