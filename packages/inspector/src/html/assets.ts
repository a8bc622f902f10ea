// The browser side of an inspector page: the diagram pages' bundle (pan/zoom, hover details, live
// reload of <main>) followed by the inspector's own (time travel, focus kept across live updates),
// both bundled at build time into each package's dist/client and inlined, so nothing loads from a CDN.
import { readFileSync } from 'node:fs';
import { loadAssets, type PageAssets } from '@eventflow/diagram';

export function inspectorAssets(): PageAssets {
  const diagram = loadAssets();
  const read = (name: string) => {
    const url = new URL(`../../dist/client/${name}`, import.meta.url);
    try {
      return readFileSync(url, 'utf8');
    } catch {
      throw new Error(`The inspector bundle ${name} is missing: run \`npm run build\` in @eventflow/inspector (looked for ${url.pathname}).`);
    }
  };
  return { script: `${diagram.script}\n;${read('inspector.js')}`, style: `${diagram.style}\n${read('inspector.css')}` };
}
