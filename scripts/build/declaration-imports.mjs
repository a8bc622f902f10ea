// After `tsc`: relative imports in the emitted .d.ts files name `.js` files, as the emitted .js does.
// tsc rewrites `./ports.ts` to `./ports.js` in JavaScript only (rewriteRelativeImportExtensions,
// TypeScript issue #61037); TypeScript reads `./ports.ts` from a .d.ts as `./ports.d.ts`, but Deno
// takes the path literally and finds no such file in an installed package.
// Usage (a package's build script): node ../../scripts/build/declaration-imports.mjs dist
import { readdirSync, readFileSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';

const RELATIVE_TS = /((?:from|import)\s*\(?\s*)(['"])(\.{1,2}\/[^'"]*?)\.(m?)ts\2/g;

/** The declaration text with every relative `.ts` / `.mts` specifier turned into `.js` / `.mjs`. */
export function rewriteDeclarationImports(text) {
  return text.replace(RELATIVE_TS, (_, lead, quote, path, m) => `${lead}${quote}${path}.${m}js${quote}`);
}

function declarationFiles(dir) {
  return readdirSync(dir, { recursive: true, encoding: 'utf8' })
    .filter((name) => /\.d\.m?ts$/.test(name))
    .map((name) => join(dir, name));
}

if (import.meta.url === `file://${process.argv[1]}`) {
  const dir = process.argv[2];
  if (!dir) throw new Error('usage: declaration-imports.mjs <dist directory>');
  for (const file of declarationFiles(dir)) {
    const text = readFileSync(file, 'utf8');
    const rewritten = rewriteDeclarationImports(text);
    if (rewritten !== text) writeFileSync(file, rewritten);
  }
}
