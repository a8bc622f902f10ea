// Makes the README's "See it" picture from the real tools: `eventflow export` writes the checkout app's
// page, Debian's chromium opens it, and the @order state diagram is captured. Run: npm run screenshots
import { execFileSync } from 'node:child_process';
import { mkdirSync, mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { pathToFileURL } from 'node:url';
import { runCli } from '../../packages/cli/src/main.ts';
import { REPO_ROOT, launchChromium } from './launch.ts';

const OUTPUT = join(REPO_ROOT, 'docs/images/checkout-order-state.png');

const dir = mkdtempSync(join(tmpdir(), 'eventflow-readme-'));
try {
  const code = await runCli(['export', 'apps/checkout/flows', '--output', dir], { stdout: process.stdout, stderr: process.stderr, cwd: REPO_ROOT });
  if (code !== 0) throw new Error(`eventflow export exited with ${code}`);
  execFileSync('bash', [join(REPO_ROOT, 'scripts/browser.sh'), 'install'], { stdio: 'inherit' });
  const chromiumPath = execFileSync('bash', [join(REPO_ROOT, 'scripts/browser.sh'), 'path'], { encoding: 'utf8' }).trim();
  const browser = await launchChromium(chromiumPath);
  try {
    const page = await browser.newPage({ viewport: { width: 1100, height: 800 }, colorScheme: 'light', deviceScaleFactor: 1 });
    await page.goto(pathToFileURL(join(dir, 'checkout.html')).href);
    await page.locator('#state_order .svg-pan-zoom_viewport').waitFor();
    mkdirSync(join(REPO_ROOT, 'docs/images'), { recursive: true });
    await page.locator('#state_order').screenshot({ path: OUTPUT });
    console.log(`wrote ${OUTPUT.slice(REPO_ROOT.length + 1)}`);
  } finally {
    await browser.close();
  }
} finally {
  rmSync(dir, { recursive: true, force: true });
}
