// The browser script and styles every page inlines, bundled at build time into dist/client by
// scripts/bundle-client.mjs. This module runs from src/ (tests) or dist/ (installed); both sit beside
// dist/ in the package, so one relative path finds the bundle either way.
import { readFileSync } from 'node:fs';

/** The script and style a page inlines (pan/zoom, hover details, themes). */
export interface PageAssets {
  readonly script: string;
  readonly style: string;
}

/** The bundled script and style from dist/client (`npm run build` makes them). */
export function loadAssets(): PageAssets {
  const read = (name: string) => {
    const url = new URL(`../../dist/client/${name}`, import.meta.url);
    try {
      return readFileSync(url, 'utf8');
    } catch {
      throw new Error(`The page bundle ${name} is missing: run \`npm run build\` in @eventflow/diagram (looked for ${url.pathname}).`);
    }
  };
  return { script: read('page.js'), style: read('page.css') };
}
