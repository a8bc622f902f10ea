import { defineConfig } from 'vitest/config';

// Unit tests run everywhere in seconds; integration tests (*.int.test.ts) talk to real Kafka and
// MongoDB-wire servers, which the global setup starts unless EVENTFLOW_* URLs point at running ones.
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
          exclude: ['**/node_modules/**', '**/dist/**', '**/*.int.test.ts'],
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
    ],
  },
});
