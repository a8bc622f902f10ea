// Registers the commands that draw flows: `diagram`, `export` and `watch` (LANGUAGE.md §7.1).
import { Option, type Command } from 'commander';
import { diagramCommand } from '../commands/diagram.ts';
import { exportCommand } from '../commands/export.ts';
import { watchCommand } from '../commands/watch.ts';
import type { CliIo } from '../io.ts';
import { formatOption } from '../output.ts';

export function registerSeeCommands(program: Command, io: CliIo, cwd: string, done: (code: number) => void, bindings: () => Option): void {
  program
    .command('diagram')
    .description('draw state, lane or combined diagrams as Mermaid text, SVG or one HTML page')
    .argument('<paths...>', '.flow files or directories')
    .addOption(new Option('--type <type>', 'state, lane or combined (default: lane for several machines, else state)').choices(['state', 'lane', 'combined']))
    .addOption(formatOption(['mermaid', 'svg', 'html'], { defaultNote: "from --output's extension, else mermaid" }))
    .option('--output <path>', 'a file, or a directory for one file per diagram (default: stdout)')
    .action(async (paths: string[], options) => done(await diagramCommand(paths, options, io, cwd)));

  program
    .command('export')
    .description('write one offline HTML page per system: diagrams, test results and coverage')
    .argument('<paths...>', '.flow / .test.flow files or directories')
    .requiredOption('--output <dir>', 'directory for the pages')
    .addOption(formatOption(['html']))
    .addOption(bindings())
    .action(async (paths: string[], options) => done(await exportCommand(paths, options, io, cwd)));

  program
    .command('watch')
    .description('dev server: re-check, re-test and re-draw on every save; pages update live')
    .argument('<paths...>', 'directories or .flow files to watch')
    .option('--port <port>', 'port (0 picks a free one)', '5173')
    .option('--host <host>', 'address to listen on', '127.0.0.1')
    .addOption(bindings())
    .action(async (paths: string[], options) => done(await watchCommand(paths, options, io, cwd)));
}
