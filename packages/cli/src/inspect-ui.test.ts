// `eventflow inspect --ui` as a real process over a store file written by `eventflow run --store`:
// it prints the URL, serves the inspector's pages read-only, and stops on SIGTERM with 0. Wrong uses
// are usage errors that say what to do.
import { join } from 'node:path';
import { expect, test } from 'vitest';
import { CHECKOUT_FLOWS, cli, tempFlows } from './test-support/cli.ts';
import { spawnCli } from './test-support/process.ts';

const EVENTS = [
  { event: ':checkout', to: '@order', data: { total: 40, items: [{ sku: 'book' }] } },
  { event: ':checkout', to: '@order', data: { total: 9000 } },
];

test('serves the stored run: instances by state, an order with its history and diagram', async () => {
  const dir = tempFlows({});
  const store = join(dir, 'run.jsonl');
  const run = await cli(['run', CHECKOUT_FLOWS, '--store', store], { stdin: EVENTS.map((e) => JSON.stringify(e)).join('\n') });
  expect(run.code).toBe(0);
  const [confirmed, failed] = run.stdout.trim().split('\n').map((line) => JSON.parse(line).aggregate_id as string);
  const ui = spawnCli(['inspect', '--ui', CHECKOUT_FLOWS, '--store', store, '--port', '0'], dir);
  try {
    const url = await ui.waitForOutput(/Inspector: (http:\S+)/);
    expect(url).toMatch(/^http:\/\/localhost:\d+\/inspect\/$/);
    await ui.waitForOutput(/Indexed every stored instance/);
    const list = await (await fetch(`${url}machines/order?state=payment_failed`)).text();
    expect(list).toContain(`/inspect/instances/${failed}`);
    expect(list).not.toContain(`/inspect/instances/${confirmed}`);
    const order = await (await fetch(`${url}instances/${confirmed}?at=1`)).text();
    expect(order).toMatch(/<dd id="travel-state"><span class="ef-state">#processing<\/span><\/dd>/);
    expect(order).toContain('class="ef-diagram"');
    expect((await fetch(url.replace(/inspect\/$/, ''), { redirect: 'manual' })).headers.get('location')).toBe('/inspect/');
    expect(ui.output()).toContain(`Store:     ${store} (as it was when opened: restart to see later records)`);
  } finally {
    expect(await ui.stop()).toBe(0);
  }
}, 60_000);

test('usage errors: no store, a missing file, an instance instead of flows, --port without --ui', async () => {
  const noStore = await cli(['inspect', '--ui']);
  expect([noStore.code, noStore.stderr.trim()]).toEqual([2, 'error: inspect --ui needs --store <file | mongodb://host/...>: the store to inspect']);
  const missing = await cli(['inspect', '--ui', '--store', 'nowhere.jsonl']);
  expect([missing.code, missing.stderr.trim()]).toEqual([2, 'error: No store at nowhere.jsonl']);
  const instance = await cli(['inspect', '--ui', '--store', 'x.jsonl', 'order-abc']);
  expect(instance.stderr.trim()).toBe('error: inspect --ui takes flow paths, not instances (no such file: order-abc); open an instance in the page');
  const port = await cli(['inspect', '--store', 'x.jsonl', '--port', '1']);
  expect([port.code, port.stderr.trim()]).toEqual([2, 'error: --port goes with --ui']);
  const database = await cli(['inspect', '--ui', '--store', join(CHECKOUT_FLOWS, 'order.flow'), '--database', 'shop']);
  expect(database.stderr.trim()).toBe('error: --database goes with a mongodb:// store');
});
