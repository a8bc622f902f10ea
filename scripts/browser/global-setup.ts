/// <reference path="./provided.d.ts" />
// vitest globalSetup for the browser tests (*.browser.test.ts): installs Debian's chromium when it is
// missing (scripts/browser.sh, apt-get as root) and bundles the pages' browser scripts (the diagram
// pages' and the inspector's), so the pages the tests open carry the current client code. Fails with
// the script's own error when it cannot install.
import { execFileSync } from 'node:child_process';
import { dirname, join } from 'node:path';
import { fileURLToPath } from 'node:url';
import type { TestProject } from 'vitest/node';

const ROOT = join(dirname(fileURLToPath(import.meta.url)), '../..');

export default function setup(project: TestProject): void {
  execFileSync('bash', [join(ROOT, 'scripts/browser.sh'), 'install'], { stdio: ['ignore', 'inherit', 'inherit'] });
  const path = execFileSync('bash', [join(ROOT, 'scripts/browser.sh'), 'path'], { encoding: 'utf8' }).trim();
  execFileSync(process.execPath, [join(ROOT, 'packages/diagram/scripts/bundle-client.mjs')], { stdio: 'inherit' });
  execFileSync(process.execPath, [join(ROOT, 'packages/inspector/scripts/bundle-client.mjs')], { stdio: 'inherit' });
  project.provide('chromiumPath', path);
}
