// The README's configuration table lists every field of the service with its environment variable.
import { readFileSync } from 'node:fs';
import { expect, test } from 'vitest';
import { envName, FIELDS } from './serve/fields.ts';

test('every serve field and its environment variable is documented', () => {
  const readme = readFileSync(new URL('../README.md', import.meta.url), 'utf8');
  for (const field of FIELDS) expect(readme, field.path).toContain(`| \`${field.path}\` | \`${envName(field.path)}\` |`);
});
