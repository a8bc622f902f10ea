// `eventflow watch` in-process against real files and a real HTTP server on 127.0.0.1 (port 0): pages,
// server-sent updates on save, diagnostics with file:line:col. The browser side is in watch.browser.test.ts.
import { writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { afterEach, describe, expect, it } from 'vitest';
import { watchCommand } from './commands/watch.ts';
import { CORE_IMPORT, tempFlows } from './test-support/cli.ts';
import { waitFor } from './test-support/wait.ts';

export const LAMP = `machine: @lamp

scenario: switch

  on :press from @user (api)
    lamp moves to #on

  expect:
    = lamp is in #on
`;

interface Running {
  readonly url: Promise<string>;
  readonly output: () => string;
  stop(): Promise<number>;
}

const running: Running[] = [];
afterEach(async () => {
  await Promise.all(running.splice(0).map((r) => r.stop()));
});

function startWatch(dir: string): Running {
  let stdout = '';
  let stop: () => void = () => {};
  const stopped = new Promise<void>((resolve) => (stop = resolve));
  const io = { stdout: { write: (t: string) => (stdout += t) }, stderr: { write: (t: string) => (stdout += t) }, env: {} };
  const done = watchCommand(['.'], { port: '0' }, io, dir, stopped);
  const run: Running = {
    url: waitFor('the printed URL', () => /Overview: (http:\/\/\S+)/.exec(stdout)?.[1]),
    output: () => stdout,
    stop: async () => {
      stop();
      return done;
    },
  };
  running.push(run);
  return run;
}

/** Reads server-sent events from `url` into `events` until aborted. */
function listen(url: string, events: string[], signal: AbortSignal): void {
  void fetch(url, { signal }).then(async (response) => {
    const reader = response.body?.getReader();
    const decoder = new TextDecoder();
    for (;;) {
      const chunk = await reader?.read();
      if (!chunk || chunk.done) return;
      for (const match of decoder.decode(chunk.value).matchAll(/event: (\w+)/g)) events.push(match[1] ?? '');
    }
  }).catch(() => undefined);
}

describe('eventflow watch', () => {
  it('prints the URLs, serves the pages and one line per save', async () => {
    const dir = tempFlows({ 'lamp.flow': LAMP });
    const watch = startWatch(dir);
    const url = await watch.url;
    expect(watch.output()).toMatch(/^EventFlow v\S+\n\n\[\d\d:\d\d:\d\d\] started → ✓ 2 passing · 2 diagrams\n\n {2}Overview: http:\/\/localhost:\d+\/\n {2}Diagram: {2}http:\/\/localhost:\d+\/diagram\n {2}Tests: {4}http:\/\/localhost:\d+\/tests\n\nWatching for changes\.\.\.\n$/);
    const overview = await (await fetch(url)).text();
    expect(overview).toContain('<figure class="ef-diagram" id="state_lamp">');
    expect(overview).toContain('data-live="/events"');
    expect(await (await fetch(`${url}diagram`)).text()).not.toContain('id="tests"');
    expect(await (await fetch(`${url}tests`)).text()).not.toContain('<figure');
    writeFileSync(join(dir, 'lamp.flow'), LAMP.replace('#on', '#lit').replace('#on', '#lit'));
    await waitFor('a line for the save', () => /lamp\.flow changed → ✓ 2 passing · 2 diagrams/.test(watch.output()));
    expect(await (await fetch(url)).text()).toContain('#lit');
  });

  it('sends an update event after each save, and shows a syntax error with file:line:col and the excerpt', async () => {
    const dir = tempFlows({ 'lamp.flow': LAMP });
    const watch = startWatch(dir);
    const url = await watch.url;
    const events: string[] = [];
    const abort = new AbortController();
    listen(`${url}events`, events, abort.signal);
    await waitFor('the hello event', () => events.includes('hello'));
    writeFileSync(join(dir, 'lamp.flow'), LAMP.replace('lamp moves to #on', 'emit :x to'));
    await waitFor('an update event', () => events.includes('update'));
    abort.abort();
    expect(watch.output()).toContain("lamp.flow changed → ✗ lamp.flow:6:15: Expected a target machine after 'to', found end of line.");
    const page = await (await fetch(url)).text();
    expect(page).toContain('<strong class="ef-fail">lamp.flow:6:15</strong>');
    expect(page).toContain('  6 |     emit :x to\n    |               ^');
    expect(page).toContain('The diagrams below are from the last version without errors.');
    const status = (await (await fetch(`${url}status.json`)).json()) as { errors: number; version: number };
    expect(status).toMatchObject({ errors: 1, version: 2 });
  });

  it('reads an edited bindings module again on save', async () => {
    const dimmer = `machine: @dimmer

scenario: dim

  on :press from @user (api)
    dimmer moves to #on
    set the level

  expect:
    = $level equals 3
`;
    const bindings = (level: number) => `import { defineBindings } from '${CORE_IMPORT}';
export default defineBindings('@dimmer', (b) => {
  b.action('set the level', () => ({ level: ${level} }));
});
`;
    const dir = tempFlows({ 'dimmer.flow': dimmer, 'dimmer.bindings.ts': bindings(2) });
    const watch = startWatch(dir);
    await watch.url;
    expect(watch.output()).toMatch(/started → ✗ 1 passing, 1 failing/);
    writeFileSync(join(dir, 'dimmer.bindings.ts'), bindings(3));
    await waitFor('a passing line for the bindings save', () => /dimmer\.bindings\.ts changed → ✓ 2 passing/.test(watch.output()));
  });

  it('stops cleanly: the port is closed afterwards', async () => {
    const dir = tempFlows({ 'lamp.flow': LAMP });
    const watch = startWatch(dir);
    const url = await watch.url;
    expect(await watch.stop()).toBe(0);
    await expect(fetch(url)).rejects.toThrow();
  });
});
