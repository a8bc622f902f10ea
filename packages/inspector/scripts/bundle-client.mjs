// Bundles the inspector's browser side (src/client: time-travel slider, live updates kept in place,
// styles) into dist/client, which every inspector page inlines after the diagram pages' own script:
// no CDN and no network at run time.
import { build } from 'esbuild';
import { dirname, join } from 'node:path';
import { fileURLToPath } from 'node:url';

const root = join(dirname(fileURLToPath(import.meta.url)), '..');
const common = { bundle: true, minify: true, legalComments: 'none', logLevel: 'warning', absWorkingDir: root };
await build({ ...common, entryPoints: ['src/client/inspector.ts'], outfile: 'dist/client/inspector.js', format: 'iife', target: 'es2020', platform: 'browser' });
await build({ ...common, entryPoints: ['src/client/inspector.css'], outfile: 'dist/client/inspector.css' });
