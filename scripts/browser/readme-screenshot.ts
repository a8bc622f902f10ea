// Makes the README's "See it" pictures from the real tools, opened in Debian's chromium:
// - the @order state diagram, from the page `eventflow export` writes for the checkout app;
// - the inspector of `eventflow serve apps/checkout` (a real process): an order time-travelled to seq 1.
// Run: npm run screenshots
import { execFileSync, spawn } from 'node:child_process';
import { mkdirSync, mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { pathToFileURL } from 'node:url';
import type { Browser } from 'playwright-core';
import { runCli } from '../../packages/cli/src/main.ts';
import { REPO_ROOT, launchChromium } from './launch.ts';

const STATE_DIAGRAM = join(REPO_ROOT, 'docs/images/checkout-order-state.png');
const INSPECTOR = join(REPO_ROOT, 'docs/images/checkout-inspector.png');

async function stateDiagram(browser: Browser): Promise<void> {
  const dir = mkdtempSync(join(tmpdir(), 'eventflow-readme-'));
  try {
    const code = await runCli(['export', 'apps/checkout/flows', '--output', dir], { stdout: process.stdout, stderr: process.stderr, cwd: REPO_ROOT });
    if (code !== 0) throw new Error(`eventflow export exited with ${code}`);
    const page = await browser.newPage({ viewport: { width: 1100, height: 800 }, colorScheme: 'light', deviceScaleFactor: 1 });
    await page.goto(pathToFileURL(join(dir, 'checkout.html')).href);
    await page.locator('#state_order .svg-pan-zoom_viewport').waitFor();
    await page.locator('#state_order').screenshot({ path: STATE_DIAGRAM });
    console.log(`wrote ${STATE_DIAGRAM.slice(REPO_ROOT.length + 1)}`);
  } finally {
    rmSync(dir, { recursive: true, force: true });
  }
}

async function inspector(browser: Browser): Promise<void> {
  const serve = spawn(process.execPath, ['--import', 'tsx', '--conditions=source', 'packages/cli/src/bin.ts', 'serve', 'apps/checkout', '--port', '0'], { cwd: REPO_ROOT, stdio: ['ignore', 'pipe', 'inherit'] });
  try {
    const url = await new Promise<string>((resolve, reject) => {
      let text = '';
      serve.stdout?.on('data', (chunk: Buffer) => {
        text += chunk.toString();
        const started = text.split('\n').map((line) => (line.startsWith('{') ? JSON.parse(line) : {})).find((line) => line.msg === 'started');
        if (started) resolve(started.url);
      });
      serve.once('exit', (code) => reject(new Error(`eventflow serve exited with ${code}`)));
    });
    const checkout = async (body: unknown) => {
      const answer = await fetch(`${url}/order/checkout`, { method: 'POST', headers: { 'content-type': 'application/json' }, body: JSON.stringify(body) });
      return answer.headers.get('eventflow-aggregate-id') as string;
    };
    const order = await checkout({ total: 40, items: [{ sku: 'book', qty: 2 }] });
    await checkout({ total: 9000 });
    for (;;) {
      const { state } = (await (await fetch(`${url}/order/${order}`)).json()) as { state: string };
      if (state !== 'processing') break;
      await new Promise((resolve) => setTimeout(resolve, 100));
    }
    const page = await browser.newPage({ viewport: { width: 1200, height: 760 }, colorScheme: 'light', deviceScaleFactor: 1 });
    await page.goto(`${url}/inspect/instances/${order}?at=1`);
    await page.locator('#ef-live').filter({ hasText: /^live$/ }).waitFor();
    await page.locator('.ef-diagram .svg-pan-zoom_viewport').waitFor();
    await page.screenshot({ path: INSPECTOR });
    console.log(`wrote ${INSPECTOR.slice(REPO_ROOT.length + 1)}`);
  } finally {
    serve.kill('SIGTERM');
  }
}

execFileSync('bash', [join(REPO_ROOT, 'scripts/browser.sh'), 'install'], { stdio: 'inherit' });
const chromiumPath = execFileSync('bash', [join(REPO_ROOT, 'scripts/browser.sh'), 'path'], { encoding: 'utf8' }).trim();
mkdirSync(join(REPO_ROOT, 'docs/images'), { recursive: true });
const browser = await launchChromium(chromiumPath);
try {
  await stateDiagram(browser);
  await inspector(browser);
} finally {
  await browser.close();
}
