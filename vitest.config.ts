import { defineConfig } from 'vitest/config';

// Unit tests run everywhere in seconds; integration tests (*.int.test.ts) talk to real Kafka and
// MongoDB-wire servers, which the global setup starts unless EVENTFLOW_* URLs point at running ones.
// The release rehearsal publishes to a local registry and runs what it installs (`npm run rehearse`).
// Browser tests (*.browser.test.ts) open pages in Debian's chromium; their global setup installs it.
const shared = {
  resolve: { conditions: ['source'] },
  ssr: { resolve: { conditions: ['source'] } },
};

export default defineConfig({
  test: {
    reporters: ['default', 'json'],
    outputFile: { json: '.reports/vitest.json' },
    projects: [
      {
        ...shared,
        test: {
          name: 'unit',
          include: ['{packages,apps,test-harness,bench}/**/*.test.ts'],
          exclude: ['**/node_modules/**', '**/dist/**', '**/*.int.test.ts', '**/*.browser.test.ts', '**/*.release.test.ts'],
          // Seconds on an idle machine; a generous bound so property runs pass on a loaded one too.
          testTimeout: 60_000,
        },
      },
      {
        ...shared,
        test: {
          // Pages in a real browser: Debian's chromium driven by playwright-core (scripts/browser.sh).
          name: 'browser',
          include: ['{packages,apps}/**/*.browser.test.ts'],
          exclude: ['**/node_modules/**', '**/dist/**'],
          globalSetup: ['scripts/browser/global-setup.ts'],
          testTimeout: 60_000,
          hookTimeout: 60_000,
          fileParallelism: false,
        },
      },
      {
        ...shared,
        test: {
          name: 'int',
          include: ['{packages,apps,test-harness,bench}/**/*.int.test.ts'],
          exclude: ['**/node_modules/**', '**/dist/**'],
          globalSetup: ['scripts/services/global-setup.ts'],
          testTimeout: 120_000,
          hookTimeout: 180_000,
          fileParallelism: false,
        },
      },
      {
        // The release rehearsal (packages/release): a local registry, installs, three runtimes.
        test: {
          name: 'release',
          include: ['packages/release/src/**/*.release.test.ts'],
          testTimeout: 300_000,
          hookTimeout: 300_000,
        },
      },
    ],
  },
});
