// Parsed flows for the diagram tests: the checkout app's and the small fixtures beside the tests.
import { readFileSync, readdirSync } from 'node:fs';
import { dirname, join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { parse, Source, type FlowFile, type MachineDecl } from '@eventflow/language';

const HERE = dirname(fileURLToPath(import.meta.url));
export const CHECKOUT_DIR = join(HERE, '../../../../apps/checkout/flows');
export const FIXTURES_DIR = join(HERE, '../fixtures');

export function parseFlow(path: string, name = path): FlowFile {
  const result = parse(new Source(readFileSync(path, 'utf8'), name), name);
  if (!result.ast || result.diagnostics.some((d) => d.severity === 'error')) {
    throw new Error(`${name} does not parse: ${result.diagnostics.map((d) => d.message).join('; ')}`);
  }
  return result.ast;
}

/** The checkout system's machine files (not the tests), named as the CLI names them. */
export function checkoutFlows(): FlowFile[] {
  return readdirSync(CHECKOUT_DIR)
    .filter((f) => f.endsWith('.flow') && !f.endsWith('.test.flow'))
    .sort()
    .map((f) => parseFlow(join(CHECKOUT_DIR, f), f));
}

export function fixture(name: string): FlowFile {
  return parseFlow(join(FIXTURES_DIR, name), name);
}

export function machine(files: readonly FlowFile[], name: string): MachineDecl {
  const found = files.flatMap((f) => f.machines).find((m) => m.name === name);
  if (!found) throw new Error(`no machine ${name}`);
  return found;
}
