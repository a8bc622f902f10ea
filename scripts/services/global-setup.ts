/// <reference path="./provided.d.ts" />
// vitest globalSetup for the integration tests: starts a real single-node Kafka and FerretDB
// (MongoDB wire protocol) on 127.0.0.1 unless EVENTFLOW_KAFKA_BROKERS / EVENTFLOW_MONGO_URL
// already point at running servers. See scripts/services/README.md.
import { mkdtemp, rm } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import type { TestProject } from 'vitest/node';
import { RUN_DIR_ENV, runServicesScript } from './control.ts';

export default async function setup(project: TestProject): Promise<(() => Promise<void>) | void> {
  const kafka = process.env.EVENTFLOW_KAFKA_BROKERS;
  const mongo = process.env.EVENTFLOW_MONGO_URL;
  if (kafka && mongo) {
    project.provide('kafkaBrokers', kafka);
    project.provide('mongoUrl', mongo);
    project.provide('servicesRunDir', null);
    return;
  }

  // Install (cached under $EVENTFLOW_CACHE, ~/.cache/eventflow by default; a no-op once done).
  await runServicesScript(['install'], { echo: true });

  const runDir = await mkdtemp(join(process.env.EVENTFLOW_RUN_DIR_BASE ?? tmpdir(), 'eventflow-services-'));
  const env: NodeJS.ProcessEnv = {
    ...process.env,
    EVENTFLOW_RUN_DIR: runDir,
    // A watchdog stops the servers if this process dies without running the teardown.
    EVENTFLOW_SERVICES_WATCH_PID: String(process.pid),
  };
  const teardown = async (): Promise<void> => {
    try {
      await runServicesScript(['clean'], { env: { ...process.env, EVENTFLOW_RUN_DIR: runDir }, echo: true });
    } finally {
      await rm(runDir, { recursive: true, force: true });
      if (process.env[RUN_DIR_ENV] === runDir) delete process.env[RUN_DIR_ENV];
    }
  };

  let started: Record<string, string>;
  try {
    started = (await runServicesScript(['up'], { env, echo: true })).env;
  } catch (err) {
    await teardown().catch(() => undefined);
    throw err;
  }
  const brokers = started.EVENTFLOW_KAFKA_BROKERS;
  const url = started.EVENTFLOW_MONGO_URL;
  if (!brokers || !url) {
    await teardown().catch(() => undefined);
    throw new Error(`scripts/services.sh up printed no EVENTFLOW_KAFKA_BROKERS / EVENTFLOW_MONGO_URL line`);
  }

  // Test workers are started after global setup and inherit these.
  process.env.EVENTFLOW_KAFKA_BROKERS = brokers;
  process.env.EVENTFLOW_MONGO_URL = url;
  process.env[RUN_DIR_ENV] = runDir;
  // FerretDB's PostgreSQL database (absent on the SQLite backend): tests index the store there.
  const postgres = started.EVENTFLOW_FERRETDB_POSTGRES_URL;
  const postgresBefore = process.env.EVENTFLOW_FERRETDB_POSTGRES_URL;
  if (postgres) process.env.EVENTFLOW_FERRETDB_POSTGRES_URL = postgres;
  project.provide('kafkaBrokers', brokers);
  project.provide('mongoUrl', url);
  project.provide('servicesRunDir', runDir);

  return async () => {
    if (!kafka) delete process.env.EVENTFLOW_KAFKA_BROKERS;
    if (!mongo) delete process.env.EVENTFLOW_MONGO_URL;
    if (!postgresBefore) delete process.env.EVENTFLOW_FERRETDB_POSTGRES_URL;
    await teardown();
  };
}
