// The page `eventflow export` writes for the checkout app, opened from disk (file://, no server) in
// Debian's chromium: hover and keyboard show a transition's guard and actions, the keys zoom, and it
// reads in light and dark mode and in a phone-sized window. Screenshots go to .artifacts/screenshots.
import { join } from 'node:path';
import { pathToFileURL } from 'node:url';
import type { Browser, Page } from 'playwright-core';
import { afterAll, beforeAll, describe, expect, inject, it } from 'vitest';
import { launchChromium, screenshotPath } from '../../../scripts/browser/launch.ts';
import { CHECKOUT_FLOWS, cli, tempFlows } from './test-support/cli.ts';

let browser: Browser;
let pageUrl: string;

beforeAll(async () => {
  const dir = tempFlows({});
  const run = await cli(['export', CHECKOUT_FLOWS, '--output', dir]);
  if (run.code !== 0) throw new Error(`export failed: ${run.stderr}`);
  pageUrl = pathToFileURL(join(dir, 'checkout.html')).href;
  browser = await launchChromium(inject('chromiumPath'));
});

afterAll(async () => {
  await browser?.close();
});

async function open(options: { width: number; height: number; dark?: boolean }): Promise<Page> {
  const page = await browser.newPage({ viewport: { width: options.width, height: options.height }, colorScheme: options.dark ? 'dark' : 'light' });
  const errors: string[] = [];
  page.on('pageerror', (error) => errors.push(error.message));
  await page.goto(pageUrl);
  await page.locator('#state_order .svg-pan-zoom_viewport').waitFor();
  expect(errors).toEqual([]);
  return page;
}

/** Presses Tab until the focused element has this id; fails after `limit` presses. */
async function tabTo(page: Page, id: string, limit = 80): Promise<void> {
  for (let i = 0; i < limit; i++) {
    await page.keyboard.press('Tab');
    if ((await page.evaluate('document.activeElement && document.activeElement.id')) === id) return;
  }
  throw new Error(`Tab never reached #${id}`);
}

describe('the exported checkout page in chromium', () => {
  it('shows a transition’s guard and actions on hover', async () => {
    const page = await open({ width: 1280, height: 900 });
    await page.locator('#state_order_t2 text').first().hover();
    const tip = page.locator('#ef-tooltip');
    await tip.waitFor({ state: 'visible' });
    expect(await tip.innerText()).toBe(
      [':payment_success from @payment: #processing → #confirmed', '? $payment_ok and $fraud_ok and $stock_ok', 'does $payment_ok becomes true', 'emits :order_confirmed → @customer', 'apps/checkout/flows/order.flow:22:3'].join('\n'),
    );
    await page.locator('#state_order').screenshot({ path: screenshotPath('export-order-state-hover.png') });
    await page.close();
  });

  it('works from the keyboard: zoom keys on the diagram, Tab to a transition shows its details', async () => {
    const page = await open({ width: 1280, height: 900 });
    /** The pan/zoom matrix of the order diagram, [scale, x, y], once it stopped changing (svg-pan-zoom draws on the next frame). */
    const transform = async (): Promise<number[]> => {
      const read = async () => ((await page.locator('#state_order .svg-pan-zoom_viewport').getAttribute('transform')) ?? '').match(/-?[\d.]+/g)?.map(Number) ?? [];
      let last = await read();
      for (;;) {
        await page.waitForTimeout(100);
        const next = await read();
        if (next.join() === last.join()) return [next[0] ?? NaN, next[4] ?? NaN, next[5] ?? NaN];
        last = next;
      }
    };
    const [scale, x, y] = await transform();
    await page.locator('#state_order .ef-viewport').focus();
    await page.keyboard.press('+');
    await expect.poll(async () => (await transform())[0], { timeout: 10_000 }).toBeCloseTo((scale ?? 0) * 1.25, 3);
    await page.keyboard.press('ArrowLeft');
    await page.keyboard.press('0');
    await expect.poll(async () => (await transform())[0], { timeout: 10_000 }).toBeCloseTo(scale ?? 0, 3);
    const fitted = await transform();
    expect(fitted[1]).toBeCloseTo(x ?? 0, 1);
    expect(fitted[2]).toBeCloseTo(y ?? 0, 1);
    await tabTo(page, 'state_order_t9');
    const tip = page.locator('#ef-tooltip');
    await tip.waitFor({ state: 'visible' });
    expect(await tip.innerText()).toContain(':fraud_detected from @fraud: #processing → #rejected');
    expect(await page.locator('#state_order_t9').getAttribute('aria-label')).toContain(':fraud_detected');
    await page.close();
  });

  it('reads in light and dark mode', async () => {
    for (const dark of [false, true]) {
      const page = await open({ width: 1280, height: 900, dark });
      const colours = await page.evaluate(
        "[getComputedStyle(document.body).backgroundColor, getComputedStyle(document.body).color, getComputedStyle(document.querySelector('#state_order text')).fill]",
      );
      expect(colours).toEqual(dark ? ['rgb(13, 17, 23)', 'rgb(230, 237, 243)', 'rgb(230, 237, 243)'] : ['rgb(255, 255, 255)', 'rgb(27, 31, 36)', 'rgb(27, 31, 36)']);
      await page.screenshot({ path: screenshotPath(`export-checkout-${dark ? 'dark' : 'light'}.png`) });
      await page.close();
    }
  });

  it('fits a narrow window: nothing wider than the screen, tables scroll inside their box', async () => {
    const page = await open({ width: 375, height: 800 });
    expect(await page.evaluate('document.documentElement.scrollWidth <= window.innerWidth')).toBe(true);
    expect(await page.locator('#tests table').isVisible()).toBe(true);
    await page.screenshot({ path: screenshotPath('export-checkout-narrow.png'), fullPage: true });
    await page.close();
  });
});
