// `eventflow check <paths...>`: parse and static checks only; exit 2 on errors (or warnings with --strict).
import { printDiagnostics, plural } from '../diagnostics.ts';
import { EXIT_OK, EXIT_USAGE, palette, println, type CliIo } from '../io.ts';
import { loadFlows } from '../load.ts';

export interface CheckOptions {
  readonly strict?: boolean;
}

export async function checkCommand(paths: readonly string[], options: CheckOptions, io: CliIo, cwd: string): Promise<number> {
  const c = palette(io);
  const result = loadFlows(paths, { cwd });
  printDiagnostics(io.stdout, result, { warnings: true });
  const files = plural(result.files.length, 'file');
  const failed = result.errors > 0 || (options.strict === true && result.warnings > 0);
  if (result.errors === 0 && result.warnings === 0) {
    println(io.stdout, c.green(`✓ ${files} checked, no problems`));
  } else {
    const summary = `${files} checked: ${plural(result.errors, 'error')}, ${plural(result.warnings, 'warning')}`;
    println(io.stdout, failed ? c.red(`✗ ${summary}`) : c.yellow(summary));
  }
  return failed ? EXIT_USAGE : EXIT_OK;
}
