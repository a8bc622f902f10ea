// `eventflow serve [dir]`: serves the flows of a directory as an HTTP service (its (api) handlers as
// endpoints) with the adapters its config file (eventflow.config.{ts,json}) and environment choose.
// Runs until SIGTERM or SIGINT, then drains; exit code 0 when the drain finished within its deadline.
import { existsSync, readFileSync } from 'node:fs';
import { basename, join, resolve } from 'node:path';
import { CONFIG_FILES, createLogger, expandPaths, isConfigError, resolveConfig, startService, type ServeConfig } from '@eventflow/http/serve';
import { plural, printDiagnostics } from '../diagnostics.ts';
import { UsageError } from '../errors.ts';
import { isTestFile, statOrUndefined } from '../files.ts';
import { EXIT_FAILED, EXIT_USAGE, palette, println, type CliIo } from '../io.ts';
import { asts, loadFlows } from '../load.ts';
import { importModule, loadBindings } from '../load-bindings.ts';
import { servedInspector } from '../see/served-inspector.ts';

export interface ServeOptions {
  readonly config?: string;
  readonly port?: string;
  readonly host?: string;
  readonly role?: string;
}

export async function serveCommand(dir: string | undefined, options: ServeOptions, io: CliIo, cwd: string): Promise<number> {
  const root = resolve(cwd, dir ?? '.');
  if (!statOrUndefined(root)?.isDirectory()) throw new UsageError(`Not a directory: ${dir ?? '.'}`);
  const config = await readConfig(root, options, io, cwd);
  const loaded = loadFlows(paths(() => expandPaths(root, config.flows, 'flows')), { cwd: root, siblings: false });
  if (loaded.errors > 0) {
    printDiagnostics(io.stderr, loaded);
    println(io.stderr, palette(io).red(`✗ ${plural(loaded.errors, 'error')} in the flows; nothing served`));
    return EXIT_USAGE;
  }
  const files = loaded.files.filter((f) => !isTestFile(f.path));
  if (files.length === 0) throw new UsageError(`No .flow file under ${root} (flows: ${config.flows.join(', ')})`);
  const bindings = await loadBindings(paths(() => expandPaths(root, config.bindings, 'bindings')), files, root);
  const logger = createLogger({ level: config.log.level, ...(config.log.pretty !== undefined ? { pretty: config.log.pretty } : {}), out: io.stdout, base: { role: config.role } });
  const inspector = config.inspect.enabled && config.role !== 'worker' ? servedInspector(config, logger) : undefined;
  const service = await startService({ config, dir: root, flows: asts({ ...loaded, files }), bindings: bindings.sets, logger, ...(inspector ?? {}) });
  return new Promise<number>((done) => {
    const onSignal = (signal: NodeJS.Signals) => {
      process.off('SIGTERM', onSignal);
      process.off('SIGINT', onSignal);
      void service.stop(signal).then((code) => logger.flush(() => done(code)));
    };
    process.on('SIGTERM', onSignal);
    process.on('SIGINT', onSignal);
    service.started.catch((error: unknown) => {
      logger.fatal({ err: error }, 'could not start');
      process.off('SIGTERM', onSignal);
      process.off('SIGINT', onSignal);
      void service.stop('could not start').then(() => logger.flush(() => done(EXIT_FAILED)));
    });
  });
}

/** The config file (--config, else the first of CONFIG_FILES in the directory), the environment and the flags. */
async function readConfig(root: string, options: ServeOptions, io: CliIo, cwd: string): Promise<ServeConfig> {
  const path = options.config !== undefined ? resolve(cwd, options.config) : CONFIG_FILES.map((name) => join(root, name)).find((p) => existsSync(p));
  if (options.config !== undefined && !existsSync(path as string)) throw new UsageError(`Config file not found: ${options.config}`);
  const file = path === undefined ? undefined : await readConfigFile(path);
  try {
    return resolveConfig({
      ...(path !== undefined ? { file, fileName: basename(path) } : {}),
      env: io.env ?? process.env,
      flags: { 'http.port': options.port, 'http.host': options.host, role: options.role },
    });
  } catch (error) {
    if (isConfigError(error)) throw new UsageError(error.message);
    throw error;
  }
}

async function readConfigFile(path: string): Promise<unknown> {
  try {
    if (path.endsWith('.json')) return JSON.parse(readFileSync(path, 'utf8'));
    const module = (await importModule(path)) as { default?: unknown; config?: unknown };
    return module.default ?? module.config;
  } catch (error) {
    throw new UsageError(`Cannot read config file ${path}: ${error instanceof Error ? (error.message.split('\n')[0] ?? '') : String(error)}`);
  }
}

/** A path problem in the config (a glob matching nothing) is a usage error. */
function paths(expand: () => string[]): string[] {
  try {
    return expand();
  } catch (error) {
    throw new UsageError(error instanceof Error ? error.message : String(error));
  }
}
