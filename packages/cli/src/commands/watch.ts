// `eventflow watch <paths...>`: a local dev server (default http://localhost:5173) that re-checks,
// re-tests and re-draws the flows on every save; open pages update live. Runs until Ctrl+C.
import { BANNER, EXIT_OK, palette, println, type CliIo } from '../io.ts';
import { UsageError } from '../errors.ts';
import { startWatch } from '../see/watch-server.ts';
import { interrupted } from '../interrupted.ts';

export interface WatchCommandOptions {
  readonly port?: string;
  readonly host?: string;
  readonly bindings?: readonly string[];
}

export async function watchCommand(paths: readonly string[], options: WatchCommandOptions, io: CliIo, cwd: string, stop: Promise<unknown> = interrupted()): Promise<number> {
  const port = Number(options.port ?? 5173);
  if (!Number.isInteger(port) || port < 0 || port > 65535) throw new UsageError(`--port must be a port number, got '${options.port}'`);
  const c = palette(io);
  println(io.stdout, c.bold(BANNER), '');
  const server = await startWatch({
    paths,
    cwd,
    port,
    host: options.host ?? '127.0.0.1',
    ...(options.bindings && options.bindings.length > 0 ? { bindings: options.bindings } : {}),
    report: (line) => println(io.stdout, line),
  });
  println(io.stdout, '', `  Overview: ${server.url}`, `  Diagram:  ${server.url}diagram`, `  Tests:    ${server.url}tests`, '', 'Watching for changes...');
  await stop;
  await server.close();
  return EXIT_OK;
}
