// The command line: commander parses, one module per command does the work. `runCli` runs in-process
// (tests pass buffers as io) and returns the exit code: 0 ok, 1 failures, 2 usage or parse errors.
import { Command, CommanderError, Option } from 'commander';
import { isEventFlowError } from '@eventflow/core';
import { bindingsMissingCommand } from './commands/bindings-missing.ts';
import { checkCommand } from './commands/check.ts';
import { inspectCommand } from './commands/inspect.ts';
import { runCommand } from './commands/run.ts';
import { testCommand } from './commands/test.ts';
import { isUsageError } from './errors.ts';
import { BANNER, EXIT_FAILED, EXIT_USAGE, palette, println, type CliIo } from './io.ts';

/** Errors in what the user gave (flows, a store file) rather than failures of a run: exit code 2. */
const USAGE_CODES = new Set(['DEFINITION_ERROR', 'JOURNAL_CORRUPT', 'JOURNAL_UNAVAILABLE']);

/** `argv` holds the arguments only (no node / script path): `['test', 'flows/']`. */
export async function runCli(argv: readonly string[], io: CliIo): Promise<number> {
  const cwd = io.cwd ?? process.cwd();
  let exitCode = 0;
  const program = buildProgram(io, cwd, (code) => (exitCode = code));
  try {
    await program.parseAsync([...argv], { from: 'user' });
    return exitCode;
  } catch (error) {
    if (error instanceof CommanderError) return error.exitCode === 0 ? 0 : EXIT_USAGE;
    const c = palette(io);
    if (isUsageError(error)) {
      println(io.stderr, c.red(`error: ${error.message}`));
      return EXIT_USAGE;
    }
    if (isEventFlowError(error)) {
      println(io.stderr, c.red(`${error.name} [${error.code}]: ${error.message}`), ...(error.hint ? [`  Hint: ${error.hint}`] : []));
      return USAGE_CODES.has(error.code) ? EXIT_USAGE : EXIT_FAILED;
    }
    println(io.stderr, c.red(`error: ${error instanceof Error ? (error.stack ?? error.message) : String(error)}`));
    return EXIT_FAILED;
  }
}

/** For bin.ts: the real process streams; sets process.exitCode. */
export async function main(argv: readonly string[] = process.argv): Promise<void> {
  // A reader that stops early (`| head`) closes the pipe: stop there, without a stack trace.
  process.stdout.on('error', (error: NodeJS.ErrnoException) => {
    if (error.code !== 'EPIPE') throw error;
    process.exit(process.exitCode ?? 0);
  });
  process.exitCode = await runCli(argv.slice(2), { stdout: process.stdout, stderr: process.stderr, stdin: process.stdin });
}

function collect(value: string, previous: string[]): string[] {
  return [...previous, value];
}

function buildProgram(io: CliIo, cwd: string, done: (code: number) => void): Command {
  const program = new Command('eventflow')
    .description('EventFlow: .flow files are executable event-sourced state machines.')
    .exitOverride()
    .configureOutput({ writeOut: (s) => io.stdout.write(s), writeErr: (s) => io.stderr.write(s) })
    .showHelpAfterError('(add --help for usage)')
    .version(BANNER, '-V, --version', 'print the version');
  const bindings = () => new Option('--bindings <module>', 'bindings module or directory (repeatable; default: *.bindings.{ts,js,mjs} beside the flows)').argParser(collect).default([]);

  program
    .command('check')
    .description('parse and statically check flows; print every diagnostic')
    .argument('<paths...>', '.flow / .test.flow files or directories')
    .option('--strict', 'warnings fail too')
    .action(async (paths: string[], options) => done(await checkCommand(paths, options, io, cwd)));

  program
    .command('test')
    .description('run scenarios and .test.flow variations as tests')
    .argument('<paths...>', '.flow / .test.flow files or directories')
    .option('--scenario <name>', 'only the scenario with this name')
    .option('--filter <pattern>', 'only tests whose "@machine / scenario / test" contains this (or matches /regex/)')
    .addOption(new Option('--format <format>', 'report format').choices(['pretty', 'json', 'junit']).default('pretty'))
    .option('--coverage', 'print states, events, guards and actions covered')
    .option('--verbose', 'print warnings (unbound actions and givens)')
    .option('--strict', 'unbound actions and givens fail')
    .addOption(bindings())
    .action(async (paths: string[], options) => done(await testCommand(paths, options, io, cwd)));

  program
    .command('run')
    .description('send JSON-lines events ({event, to, data?, aggregate_id?}) into the flows; one JSON line out per event')
    .argument('<paths...>', '.flow files or directories')
    .addOption(bindings())
    .option('--events <file>', 'JSON-lines events (default: stdin)')
    .option('--store <file>', 'JSON-lines event store; a later run continues its instances')
    .option('--dump', 'print every instance as a JSON line at the end')
    .option('--seed <n>', 'seed for reproducible ids')
    .action(async (paths: string[], options) => done(await runCommand(paths, options, io, cwd)));

  program
    .command('inspect')
    .description('time travel over a stored run: list instances, or show one at a seq')
    .argument('[args...]', 'flow paths (optional), then an instance: order-abc123 or @order:abc123')
    .option('--store <file>', 'the JSON-lines store written by `run --store`')
    .option('--at <seq>', 'show the instance as of this seq (default: latest)')
    .option('--history', 'list every stored record: seq, event, state after, emitted events')
    .option('--json', 'JSON lines instead of text')
    .action(async (args: string[], options) => done(await inspectCommand(args, options, io, cwd)));

  program
    .command('bindings:missing')
    .description('list free-text guards, actions, givens and assertions that have no binding')
    .argument('<paths...>', '.flow / .test.flow files or directories')
    .addOption(bindings())
    .action(async (paths: string[], options) => done(await bindingsMissingCommand(paths, options, io, cwd)));

  return program;
}
