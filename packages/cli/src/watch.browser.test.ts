// End to end in a real browser (Debian's chromium): the `eventflow watch` process on real files, its
// page open in chromium. A save shows up on the page without a reload; a syntax error shows up with
// file:line:col and the source excerpt. Screenshots go to .artifacts/screenshots.
import { writeFileSync } from 'node:fs';
import { join } from 'node:path';
import type { Browser } from 'playwright-core';
import { afterAll, beforeAll, describe, expect, inject, it } from 'vitest';
import { launchChromium, screenshotPath } from '../../../scripts/browser/launch.ts';
import { tempFlows } from './test-support/cli.ts';
import { spawnCli, type CliProcess } from './test-support/process.ts';

const LAMP = `machine: @lamp

scenario: switch

  on :press from @user (api)
    lamp moves to #on

  on :unplug from @user
    ? lamp is in #on
      lamp moves to #off

  expect:
    = lamp is in #off
`;

/** Waiting on a condition, with room for a loaded machine; the measured time is printed. */
const DEADLINE_MS = 15_000;

let browser: Browser;
let watch: CliProcess | undefined;

beforeAll(async () => {
  const started = Date.now();
  browser = await launchChromium(inject('chromiumPath'));
  console.log(`chromium started in ${Date.now() - started} ms`);
});

afterAll(async () => {
  let t = Date.now();
  await watch?.stop();
  console.log(`watch stopped in ${Date.now() - t} ms`);
  t = Date.now();
  await browser?.close();
  console.log(`chromium closed in ${Date.now() - t} ms`);
});

describe('eventflow watch in chromium', () => {
  it('shows a saved change without a reload, then a syntax error with file:line:col', async () => {
    const dir = tempFlows({ 'lamp.flow': LAMP });
    watch = spawnCli(['watch', '.', '--port', '0'], dir);
    const url = await watch.waitForOutput(/Overview: (http:\S+)/);
    const page = await browser.newPage({ viewport: { width: 1280, height: 900 } });
    await page.goto(url);
    await page.locator('#ef-live').filter({ hasText: /^live$/ }).waitFor({ timeout: DEADLINE_MS });
    expect(await page.locator('#state_lamp').count()).toBe(1);
    await page.screenshot({ path: screenshotPath('watch-started.png'), fullPage: true });

    const saved = Date.now();
    writeFileSync(join(dir, 'lamp.flow'), LAMP.replace('lamp moves to #off', 'lamp moves to #unplugged').replace('#off', '#unplugged'));
    await page.locator('#state_lamp svg text', { hasText: '#unplugged' }).waitFor({ timeout: DEADLINE_MS });
    const shownAfter = Date.now() - saved;
    console.log(`watch: the saved state appeared on the page ${shownAfter} ms after the save`);
    expect(await page.locator('#ef-test-summary').textContent()).toMatch(/^✓ \d+ passing/);
    await page.screenshot({ path: screenshotPath('watch-updated.png'), fullPage: true });

    writeFileSync(join(dir, 'lamp.flow'), LAMP.replace('    lamp moves to #on', '    emit :glow to'));
    const problem = page.locator('#problems .ef-diagnostic');
    await problem.first().waitFor({ timeout: DEADLINE_MS });
    expect(await problem.locator('strong').first().textContent()).toBe('lamp.flow:6:18');
    expect(await problem.locator('pre').first().textContent()).toContain(`  6 |     emit :glow to\n    |${' '.repeat(18)}^`);
    expect(await page.locator('#state_lamp').count()).toBe(1);
    await page.screenshot({ path: screenshotPath('watch-syntax-error.png'), fullPage: true });

    writeFileSync(join(dir, 'lamp.flow'), LAMP);
    await page.locator('#problems').waitFor({ state: 'detached', timeout: DEADLINE_MS });
    expect(watch.output()).toMatch(/lamp\.flow changed → ✗ lamp\.flow:6:18: Expected a target machine/);
    expect(watch.output()).toMatch(/lamp\.flow changed → ✓ 3 passing · 2 diagrams\n$/);
    await page.close();
  });
});
