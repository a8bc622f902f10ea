// The command line: commander parses, one module per command does the work. `runCli` runs in-process
// (tests pass buffers as io) and returns the exit code: 0 ok, 1 failures, 2 usage or parse errors.
import { Command, CommanderError, Option } from 'commander';
import { isEventFlowError } from '@eventflow/core';
import { bindingsMissingCommand } from './commands/bindings-missing.ts';
import { checkCommand } from './commands/check.ts';
import { inspectCommand } from './commands/inspect.ts';
import { runCommand } from './commands/run.ts';
import { serveCommand } from './commands/serve.ts';
import { testCommand } from './commands/test.ts';
import { isUsageError } from './errors.ts';
import { formatOption } from './output.ts';
import { registerSeeCommands } from './see/register.ts';
import { BANNER, EXIT_CLOSED_PIPE, EXIT_FAILED, EXIT_USAGE, palette, println, type CliIo } from './io.ts';

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
  for (const stream of [process.stdout, process.stderr]) stream.on('error', closedPipe);
  process.exitCode = await runCli(argv.slice(2), { stdout: process.stdout, stderr: process.stderr, stdin: process.stdin });
}

/**
 * The reader went away (`eventflow test … | head -1`): stop at once and quietly, with the status a
 * command killed by SIGPIPE has (141), as other command-line tools do; never a stack trace.
 */
function closedPipe(error: NodeJS.ErrnoException): void {
  process.exit(error.code === 'EPIPE' ? EXIT_CLOSED_PIPE : EXIT_FAILED);
}

const RUN_LINES = `
Input lines (JSON):
  {"event": ":checkout", "to": "@order", "data": {"total": 120}}
  {"event": ":approve", "to": "@document", "aggregate_id": "document-k2x9", "from": "@reviewer:rev-7"}
  {"event": ":timer_expired", "to": "@traffic_light", "from": "@system", "trusted": true, "given": "traffic_light is in #red"}
  {"event": ":expire_holds", "to": "@loan"}    a triggered: handler, run now for every instance in its for-each states
"from" may name the sender's id ("@reviewer:rev-7" or {"machine": "@reviewer", "id": "rev-7"}), read as @reviewer.id;
"given" (a given: line or a list) starts a new instance in that state and context; "trusted" allows internal handlers;
"id" is the event id: a line sent again with the same id (after a crash) is applied once.`;

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
    .addOption(formatOption(['pretty', 'json']))
    .action(async (paths: string[], options) => done(await checkCommand(paths, options, io, cwd)));

  program
    .command('test')
    .description('run scenarios and .test.flow variations as tests')
    .argument('<paths...>', '.flow / .test.flow files or directories')
    .option('--scenario <name>', 'only the scenario with this name')
    .option('--filter <pattern>', 'only tests whose "@machine / scenario / test" contains this (or matches /regex/)')
    .addOption(formatOption(['pretty', 'json', 'junit']))
    .option('--coverage', 'print states, events, guards and actions covered')
    .option('--verbose', 'print warnings (unbound actions and givens)')
    .option('--strict', 'unbound actions and givens fail')
    .addOption(bindings())
    .action(async (paths: string[], options) => done(await testCommand(paths, options, io, cwd)));

  program
    .command('run')
    .description('send JSON-lines events into the flows, one line out per line in, as each line arrives')
    .argument('<paths...>', '.flow files or directories')
    .addOption(bindings())
    .addOption(formatOption(['json', 'pretty']))
    .option('--events <file>', 'JSON-lines events (default: stdin)')
    .option('--store <file>', 'JSON-lines event store; a later run continues its instances')
    .option('--dump', 'print every instance as a JSON line at the end')
    .option('--seed <n>', 'seed for reproducible ids')
    .addHelpText('after', RUN_LINES)
    .action(async (paths: string[], options) => done(await runCommand(paths, options, io, cwd)));

  program
    .command('inspect')
    .description('time travel over a stored run: list instances, or show one at a seq; --ui opens the browser inspector')
    .argument('[args...]', 'flow paths (optional), then an instance: order-abc123 or @order:abc123')
    .option('--store <file>', 'the JSON-lines store written by `run --store` (with --ui, also a mongodb:// URL)')
    .option('--at <seq>', 'show the instance as of this seq (default: latest)')
    .option('--history', 'list every stored record: seq, event, state after, emitted events')
    .addOption(formatOption(['pretty', 'json']))
    .addOption(new Option('--json', 'the same as --format json').hideHelp())
    .option('--ui', 'serve the read-only browser inspector over the store (http://localhost:5174/inspect/) until Ctrl+C')
    .option('--database <name>', 'with --ui and a mongodb:// store: the database (default: the URL\'s, else eventflow)')
    .option('--port <port>', 'with --ui: port (0 picks a free one)')
    .option('--host <host>', 'with --ui: address to listen on (default 127.0.0.1)')
    .action(async (args: string[], options) => done(await inspectCommand(args, options, io, cwd)));

  program
    .command('serve')
    .description('serve the flows as an HTTP service: (api) handlers as endpoints, /openapi.json, /healthz, /readyz; drains on SIGTERM/SIGINT')
    .argument('[dir]', 'directory with the flows and eventflow.config.{ts,json} (default: .)')
    .option('--config <file>', 'config file (default: eventflow.config.{ts,mts,js,mjs,json} in the directory)')
    .option('--port <n>', 'port to listen on (EVENTFLOW_HTTP_PORT; 0: any free port)')
    .option('--host <address>', 'address to listen on (EVENTFLOW_HTTP_HOST; default 127.0.0.1)')
    .option('--role <role>', 'all | ingress | worker (EVENTFLOW_ROLE)')
    .action(async (dir: string | undefined, options) => done(await serveCommand(dir, options, io, cwd)));

  program
    .command('bindings:missing')
    .description('list free-text guards, actions, givens and assertions that have no binding')
    .argument('<paths...>', '.flow / .test.flow files or directories')
    .addOption(bindings())
    .addOption(formatOption(['pretty', 'json']))
    .action(async (paths: string[], options) => done(await bindingsMissingCommand(paths, options, io, cwd)));

  registerSeeCommands(program, io, cwd, done, bindings);

  return program;
}
