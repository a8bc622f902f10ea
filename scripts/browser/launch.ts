/// <reference path="./provided.d.ts" />
// Starts the real browser for a test: Debian's chromium through playwright-core (never a downloaded
// browser), with the flags that work on these machines (/work/shared/SERVICES.md "A real browser").
// playwright gives every launch a fresh profile directory. Screenshots go to .artifacts/screenshots.
import { mkdirSync } from 'node:fs';
import { dirname, join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { chromium, type Browser } from 'playwright-core';

export const REPO_ROOT = join(dirname(fileURLToPath(import.meta.url)), '../..');
export const SCREENSHOTS = join(REPO_ROOT, '.artifacts/screenshots');

const FLAGS = ['--no-sandbox', '--disable-gpu', '--disable-quic', '--no-first-run', '--disable-background-networking', '--disable-component-update', '--disable-sync'];

export async function launchChromium(executablePath: string): Promise<Browser> {
  return chromium.launch({ executablePath, headless: true, args: FLAGS });
}

/** Where a test writes a screenshot (the folder is ignored by git). */
export function screenshotPath(name: string): string {
  mkdirSync(SCREENSHOTS, { recursive: true });
  return join(SCREENSHOTS, name);
}
