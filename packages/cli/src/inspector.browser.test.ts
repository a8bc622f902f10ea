// End to end in a real browser (Debian's chromium): `eventflow serve apps/checkout` as a real process,
// its inspector open at /inspect. Open an order, drag the time-travel slider to seq 1 (the checkout's
// first state, #processing), open its conversation (the payment and bank lanes), and see new events
// arrive without a reload; keyboard, light and dark, a narrow window. Screenshots go to
// .artifacts/screenshots.
import type { Browser, Page } from 'playwright-core';
import { afterAll, beforeAll, describe, expect, inject, it } from 'vitest';
import { launchChromium, screenshotPath } from '../../../scripts/browser/launch.ts';
import { killLeftovers, spawnServe, type ServeProcess } from './test-support/serve-process.ts';
import { waitFor } from './test-support/wait.ts';

/** Waiting on a condition, with room for a loaded machine. */
const DEADLINE_MS = 15_000;
const json = { 'content-type': 'application/json' };

let browser: Browser;
let serve: ServeProcess;
let url: string;
let order: string;

async function checkout(total: number): Promise<string> {
  const created = await fetch(`${url}/order/checkout`, { method: 'POST', headers: json, body: JSON.stringify({ total, items: [{ sku: 'book', qty: 1 }] }) });
  if (created.status !== 202) throw new Error(`checkout answered ${created.status}: ${await created.text()}`);
  const id = created.headers.get('eventflow-aggregate-id') as string;
  await waitFor(`${id} to finish its checkout`, async () => ((await (await fetch(`${url}/order/${id}`)).json()) as { state: string }).state !== 'processing', DEADLINE_MS);
  return id;
}

beforeAll(async () => {
  serve = spawnServe(['apps/checkout', '--port', '0']);
  [browser, url] = await Promise.all([launchChromium(inject('chromiumPath')), serve.url]);
  order = await checkout(40);
  await checkout(9000);
});

afterAll(async () => {
  await browser?.close();
  await serve?.stop();
  killLeftovers();
});

async function open(path: string, options: { width?: number; dark?: boolean } = {}): Promise<Page> {
  const page = await browser.newPage({ viewport: { width: options.width ?? 1280, height: 900 }, colorScheme: options.dark ? 'dark' : 'light' });
  page.on('pageerror', (error) => {
    throw error;
  });
  await page.goto(`${url}${path}`);
  await page.locator('#ef-live').filter({ hasText: /^live$/ }).waitFor({ timeout: DEADLINE_MS });
  return page;
}

/** Drags the slider's thumb from where it is to the left end, with the mouse. */
async function dragToStart(page: Page): Promise<void> {
  const box = await page.locator('#travel-seq').boundingBox();
  if (!box) throw new Error('the slider is not on screen');
  const y = box.y + box.height / 2;
  await page.mouse.move(box.x + box.width - 4, y);
  await page.mouse.down();
  await page.mouse.move(box.x + box.width / 2, y, { steps: 5 });
  await page.mouse.move(box.x + 1, y, { steps: 5 });
  await page.mouse.up();
}

describe('the inspector of eventflow serve in chromium', () => {
  it('opens an order; the slider dragged to seq 1 shows #processing; its conversation shows the payment and bank lanes', async () => {
    const page = await open('/inspect/');
    await page.locator('#machines').getByRole('link', { name: '@order', exact: true }).click();
    await page.locator('#instances').getByRole('link', { name: `@order:${order.slice('order-'.length)}` }).click();
    await expect.poll(() => page.locator('#travel-state').textContent()).toBe('#confirmed');
    expect(await page.locator('#travel-out').textContent()).toBe('4 of 4');

    await dragToStart(page);
    // The view changes once the answer for seq 1 is in (seqs 3 and 2, passed on the way, are #processing too).
    await expect.poll(() => page.locator('#travel-context-seq').textContent(), { timeout: DEADLINE_MS }).toBe('1');
    expect(await page.locator('#travel-state').textContent()).toBe('#processing');
    expect(await page.locator('#travel-out').textContent()).toBe('1 of 4');
    expect(await page.locator('#travel-event').textContent()).toBe(':checkout from @customer');
    expect(JSON.parse((await page.locator('#travel-context').textContent()) ?? '')).toEqual({ items: [{ sku: 'book', qty: 1 }], total: 40 });
    expect(await page.locator('.ef-diagram g.state.current title').allTextContents()).toEqual(['#processing']);
    expect(await page.locator('#history tr[aria-current="step"]').getAttribute('id')).toBe('seq-1');
    expect(new URL(page.url()).searchParams.get('at')).toBe('1');
    await page.screenshot({ path: screenshotPath('inspector-order-seq-1.png'), fullPage: true });

    await page.locator('#seq-1 a.ef-conv').click();
    await page.locator('#lanes svg').waitFor({ timeout: DEADLINE_MS });
    const lanes = await page.locator('#lanes svg .lane text').allTextContents();
    expect(lanes.map((label) => label.split(':')[0])).toEqual(['@customer', '@order', '@payment', '@fraud', '@inventory', '@bank']);
    await page.screenshot({ path: screenshotPath('inspector-conversation.png'), fullPage: true });
    await page.close();
  });

  it('works from the keyboard: Tab reaches the slider, arrow keys and End move through the seqs', async () => {
    const page = await open(`/inspect/instances/${order}?at=1`);
    for (let i = 0; i < 40 && (await page.evaluate('document.activeElement && document.activeElement.id')) !== 'travel-seq'; i++) await page.keyboard.press('Tab');
    expect(await page.evaluate('document.activeElement.id')).toBe('travel-seq');
    await page.keyboard.press('ArrowRight');
    await expect.poll(() => page.locator('#travel-context-seq').textContent(), { timeout: DEADLINE_MS }).toBe('2');
    expect(await page.locator('#travel-out').textContent()).toBe('2 of 4');
    await page.keyboard.press('End');
    await expect.poll(() => page.locator('#travel-state').textContent(), { timeout: DEADLINE_MS }).toBe('#confirmed');
    expect(new URL(page.url()).searchParams.has('at')).toBe(false);
    await page.close();
  });

  it('live: a new order appears in the list, and a new event on the open order, without a reload', async () => {
    const list = await open('/inspect/machines/order');
    const instance = await open(`/inspect/instances/${order}?at=1`);
    await Promise.all([list, instance].map((page) => page.evaluate('window.notReloaded = true')));
    const fresh = await checkout(41);
    await list.locator('#instances').getByRole('link', { name: `@order:${fresh.slice('order-'.length)}` }).waitFor({ timeout: DEADLINE_MS });
    // A later event for the open order (:cancel_order is refused in #confirmed, and stored).
    expect((await fetch(`${url}/order/${order}/cancel_order`, { method: 'POST' })).status).toBe(409);
    await instance.locator('#seq-5').waitFor({ timeout: DEADLINE_MS });
    expect(await instance.locator('#travel-seq').getAttribute('max')).toBe('5');
    expect(await instance.locator('#travel-state').textContent()).toBe('#processing');
    expect(await instance.locator('#travel-out').textContent()).toBe('1 of 5');
    expect(await Promise.all([list, instance].map((page) => page.evaluate('window.notReloaded')))).toEqual([true, true]);
    await list.screenshot({ path: screenshotPath('inspector-live-list.png'), fullPage: true });
    await Promise.all([list.close(), instance.close()]);
  });

  it('reads in light and dark mode, and fits a narrow window', async () => {
    for (const dark of [false, true]) {
      const page = await open(`/inspect/instances/${order}`, { dark });
      const colours = await page.evaluate("[getComputedStyle(document.body).backgroundColor, getComputedStyle(document.querySelector('#travel-context')).color]");
      expect(colours).toEqual(dark ? ['rgb(13, 17, 23)', 'rgb(230, 237, 243)'] : ['rgb(255, 255, 255)', 'rgb(27, 31, 36)']);
      await page.screenshot({ path: screenshotPath(`inspector-order-${dark ? 'dark' : 'light'}.png`), fullPage: true });
      await page.close();
    }
    const narrow = await open(`/inspect/instances/${order}`, { width: 375 });
    expect(await narrow.evaluate('document.documentElement.scrollWidth <= window.innerWidth')).toBe(true);
    expect(await narrow.locator('#travel-seq').isVisible()).toBe(true);
    await narrow.screenshot({ path: screenshotPath('inspector-order-narrow.png'), fullPage: true });
    await narrow.close();
  });
});
