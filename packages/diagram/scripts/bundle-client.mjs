// Bundles the browser side of the pages (src/client: pan/zoom, hover details, live updates, styles)
// into dist/client, so a generated HTML file can inline it and needs no CDN or network at run time.
import { build } from 'esbuild';
import { dirname, join } from 'node:path';
import { fileURLToPath } from 'node:url';

const root = join(dirname(fileURLToPath(import.meta.url)), '..');
const common = { bundle: true, minify: true, legalComments: 'none', logLevel: 'warning', absWorkingDir: root };
await build({ ...common, entryPoints: ['src/client/page.ts'], outfile: 'dist/client/page.js', format: 'iife', target: 'es2020', platform: 'browser' });
await build({ ...common, entryPoints: ['src/client/page.css'], outfile: 'dist/client/page.css' });
