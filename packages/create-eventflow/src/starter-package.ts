// The new project's package.json: its scripts, and dependencies on the EventFlow versions this
// create-eventflow was released with (its own devDependencies, which changesets keeps current).
import { readFileSync } from 'node:fs';

export type Deployment = 'memory' | 'mongo-kafka';

export const SCRIPTS = {
  test: 'eventflow test flows',
  // The (api) handlers as HTTP endpoints, with eventflow.config.ts's adapters.
  start: 'eventflow serve',
  // The same events without a server: one JSON answer per line of events.jsonl.
  events: 'eventflow run flows --events events.jsonl',
  check: 'eventflow check flows',
  diagram: 'eventflow diagram flows --type combined --output diagram.html',
} as const;

const ALWAYS = ['@eventflow/cli', '@eventflow/core', '@eventflow/memory'];
const MONGO_KAFKA = ['@eventflow/mongodb', 'mongodb', '@eventflow/kafka', 'kafkajs'];

/** Ranges from this package's own manifest, so a released starter names released versions. */
export function releasedRanges(manifestUrl = new URL('../package.json', import.meta.url)): Record<string, string> {
  const manifest = JSON.parse(readFileSync(manifestUrl, 'utf8')) as { devDependencies?: Record<string, string> };
  return manifest.devDependencies ?? {};
}

export function starterPackage(name: string, deployment: Deployment, ranges = releasedRanges()): object {
  const wanted = deployment === 'mongo-kafka' ? [...ALWAYS, ...MONGO_KAFKA] : ALWAYS;
  const dependencies: Record<string, string> = {};
  for (const dependency of wanted.sort()) {
    const range = ranges[dependency];
    if (range === undefined) throw new Error(`create-eventflow's package.json lists no version of ${dependency}`);
    dependencies[dependency] = range;
  }
  return {
    name,
    version: '0.1.0',
    private: true,
    type: 'module',
    scripts: SCRIPTS,
    dependencies,
    engines: { node: '>=20.19' },
    // tsx (which loads .ts bindings on Node 20) depends on esbuild, whose install script only
    // checks its binary: it is not needed, so npm's install-script policy denies it.
    allowScripts: { esbuild: false },
  };
}
