// Test helper: read fixtures that live beside the tests.

import { readdirSync, readFileSync } from 'node:fs';
import { fileURLToPath } from 'node:url';

const dir = fileURLToPath(new URL('../fixtures/', import.meta.url));

export function fixture(name: string): string {
  return readFileSync(dir + name, 'utf8');
}

/** Names (relative to fixtures/) of the seed snippets. */
export function seedFixtures(): string[] {
  return readdirSync(dir + 'seeds')
    .filter((f) => f.endsWith('.flow'))
    .sort()
    .map((f) => `seeds/${f}`);
}
