// The `eventflow watch` dev server (Hono on Node): re-checks, re-tests and re-draws the flows on every
// save, serves the overview, diagram and tests pages, and tells open pages to reload their content
// through server-sent events. One evaluation runs at a time; saves arriving meanwhile are folded into
// the next one.
import { serve, type ServerType } from '@hono/node-server';
import { watch, type FSWatcher } from 'chokidar';
import { Hono } from 'hono';
import { streamSSE } from 'hono/streaming';
import { createSvgRenderer, type SvgRenderer } from '@eventflow/diagram';
import { loadFlows } from '../load.ts';
import { evaluate, flowsOf, titleOf, type Evaluation } from './evaluate.ts';
import { systemPage, type View } from './pages.ts';
import { saveLine } from './save-line.ts';

export interface WatchOptions {
  readonly paths: readonly string[];
  readonly cwd: string;
  readonly port: number;
  readonly host: string;
  readonly bindings?: readonly string[];
  /** One line per evaluation: the start, then each save. */
  readonly report: (line: string) => void;
}

export interface WatchServer {
  /** `http://localhost:5173/` */
  readonly url: string;
  close(): Promise<void>;
}

const BINDINGS = /\.bindings\.(ts|mts|js|mjs)$/;
const WATCHED = (path: string) => path.endsWith('.flow') || BINDINGS.test(path);
const SETTLE_MS = 60;
const KEEP_ALIVE_MS = 15_000;

export async function startWatch(options: WatchOptions): Promise<WatchServer> {
  const renderer = await createSvgRenderer();
  const state = new WatchState(options, renderer);
  await state.rebuild(undefined);
  const app = pages(state);
  const server = await listen(app, options);
  const address = server.address();
  const port = typeof address === 'object' && address ? address.port : options.port;
  const host = options.host === '127.0.0.1' || options.host === '0.0.0.0' || options.host === '::' ? 'localhost' : options.host;
  const watcher = watch([...options.paths].map((p) => (p.startsWith('/') ? p : `${options.cwd}/${p}`)), {
    ignoreInitial: true,
    ignored: (path) => /(^|[\\/])(node_modules|dist|\.git)([\\/]|$)/.test(path),
  });
  watcher.on('all', (_event, path) => {
    if (WATCHED(path)) state.changed(path);
  });
  await new Promise<void>((resolve) => watcher.once('ready', () => resolve()));
  return {
    url: `http://${host}:${port}/`,
    close: () => shutDown(server, watcher, state),
  };
}

class WatchState {
  current: Evaluation | undefined;
  lastGood: Evaluation | undefined;
  version = 0;
  readonly listeners = new Set<() => void>();
  readonly closers = new Set<() => void>();
  private pending = new Set<string>();
  private running: Promise<void> = Promise.resolve();
  private timer: ReturnType<typeof setTimeout> | undefined;
  readonly options: WatchOptions;
  readonly renderer: SvgRenderer;

  constructor(options: WatchOptions, renderer: SvgRenderer) {
    this.options = options;
    this.renderer = renderer;
  }

  /** A file was saved: evaluate again once the burst of file events has settled. */
  changed(path: string): void {
    this.pending.add(path);
    clearTimeout(this.timer);
    this.timer = setTimeout(() => {
      const files = [...this.pending];
      this.pending = new Set();
      this.running = this.running.then(() => this.rebuild(files));
    }, SETTLE_MS);
  }

  async rebuild(changed: readonly string[] | undefined): Promise<void> {
    const { cwd, paths, bindings } = this.options;
    let evaluation: Evaluation;
    try {
      const loaded = loadFlows(paths, { cwd });
      evaluation = await evaluate(loaded, loaded.files, { title: titleOf(flowsOf(loaded.files), paths), cwd, freshBindings: true, ...(bindings ? { bindings } : {}) });
    } catch (error) {
      const message = error instanceof Error ? error.message : String(error);
      evaluation = { title: this.current?.title ?? 'flows', loaded: { files: [], diagnostics: [], errors: 0, warnings: 0 }, testError: message };
    }
    this.current = evaluation;
    if (evaluation.diagrams) this.lastGood = evaluation;
    this.version++;
    this.options.report(saveLine(evaluation, changed, cwd));
    for (const listener of this.listeners) listener();
  }

  page(view: View): string {
    const evaluation = this.current as Evaluation;
    const nav = [
      { href: '/', label: 'Overview' },
      { href: '/diagram', label: 'Diagram' },
      { href: '/tests', label: 'Tests' },
    ];
    return systemPage(evaluation, this.renderer, { view, nav, live: '/events', ...(this.lastGood ? { previous: this.lastGood } : {}) });
  }
}

function pages(state: WatchState): Hono {
  const app = new Hono();
  app.get('/', (c) => c.html(state.page('all')));
  app.get('/diagram', (c) => c.html(state.page('diagram')));
  app.get('/tests', (c) => c.html(state.page('tests')));
  app.get('/status.json', (c) => {
    const e = state.current;
    return c.json({ version: state.version, errors: e?.loaded.errors ?? 0, passed: e?.report?.passed ?? 0, failed: e?.report?.failed ?? 0 });
  });
  app.get('/events', (c) =>
    streamSSE(c, async (stream) => {
      let wake: () => void = () => {};
      let open = true;
      const notify = () => wake();
      const close = () => {
        open = false;
        wake();
      };
      state.listeners.add(notify);
      state.closers.add(close);
      stream.onAbort(close);
      let sent = state.version;
      await stream.writeSSE({ event: 'hello', data: String(sent) });
      while (open) {
        await new Promise<void>((resolve) => {
          const timer = setTimeout(resolve, KEEP_ALIVE_MS);
          wake = () => {
            clearTimeout(timer);
            resolve();
          };
        });
        if (!open) break;
        if (state.version !== sent) {
          sent = state.version;
          await stream.writeSSE({ event: 'update', data: String(sent) });
        } else {
          await stream.write(': keep-alive\n\n');
        }
      }
      state.listeners.delete(notify);
      state.closers.delete(close);
    }),
  );
  return app;
}

function listen(app: Hono, options: WatchOptions): Promise<ServerType> {
  return new Promise((resolve, reject) => {
    const server = serve({ fetch: app.fetch, port: options.port, hostname: options.host }, () => resolve(server));
    server.once('error', reject);
  });
}

async function shutDown(server: ServerType, watcher: FSWatcher, state: WatchState): Promise<void> {
  await watcher.close();
  for (const close of [...state.closers]) close();
  await new Promise<void>((resolve) => {
    server.close(() => resolve());
    if ('closeAllConnections' in server) server.closeAllConnections();
  });
}
