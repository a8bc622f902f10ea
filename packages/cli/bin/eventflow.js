#!/usr/bin/env node
// The installed `eventflow` command. It lives outside dist/ so npm can link it before the first
// build; it runs the compiled CLI (`npm run build` creates dist/).
import { main } from '../dist/main.js';

await main(process.argv);
