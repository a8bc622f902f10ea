// The real servers the adapter benchmarks (mongo-store, kafka-transport, kafka-round-trip) talk to:
// `EVENTFLOW_KAFKA_BROKERS` and `EVENTFLOW_MONGO_URL`, set by scripts/with-services.sh (which
// `npm run bench` wraps) or by the vitest `int` global setup. Never fakes.
import { randomBytes } from 'node:crypto';
import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import { logLevel, type Kafka } from 'kafkajs';

export const KAFKA_ENV = 'EVENTFLOW_KAFKA_BROKERS';
export const MONGO_ENV = 'EVENTFLOW_MONGO_URL';

/** True when both servers are configured. */
export function serversAvailable(): boolean {
  return Boolean(process.env[KAFKA_ENV]) && Boolean(process.env[MONGO_ENV]);
}

export function kafkaBrokers(): string[] {
  const list = process.env[KAFKA_ENV];
  if (!list) throw new Error(`${KAFKA_ENV} is not set: run npm run bench (it wraps scripts/with-services.sh), or start the servers with scripts/services.sh up`);
  return list.split(',').map((broker) => broker.trim());
}

export function mongoUrl(): string {
  const url = process.env[MONGO_ENV];
  if (!url) throw new Error(`${MONGO_ENV} is not set: run npm run bench (it wraps scripts/with-services.sh), or start the servers with scripts/services.sh up`);
  return url;
}

/** A name unique to this run and purpose, legal as a MongoDB database and in Kafka topic/group names. */
export function runName(purpose: string): string {
  return `efbench_${purpose}_${process.pid}_${randomBytes(4).toString('hex')}`;
}

/**
 * Consumer group timings for both the adapter and the raw kafkajs baselines: fast joins (the
 * broker's minimum session timeout is 6 s) and a 100 ms fetch wait, as the integration tests use.
 */
export const GROUP_TUNING = { sessionTimeout: 6_000, rebalanceTimeout: 5_000, heartbeatInterval: 500, maxWaitTimeInMs: 100 } as const;

/** kafkajs logs nothing in benchmarks (failures surface as rejections and checks). */
export const KAFKA_LOG_LEVEL = logLevel.NOTHING;

/** Deletes topics, best effort (cleanup must not hide the benchmark's own failure). */
export async function deleteTopics(kafka: Kafka, topics: readonly string[]): Promise<void> {
  const admin = kafka.admin();
  try {
    await admin.connect();
    const existing = new Set(await admin.listTopics());
    const mine = topics.filter((topic) => existing.has(topic));
    if (mine.length > 0) await admin.deleteTopics({ topics: mine, timeout: 10_000 });
  } catch {
    // best effort
  } finally {
    await admin.disconnect().catch(() => undefined);
  }
}

/**
 * The pid of the local FerretDB process when scripts/services.sh started it (run dir from
 * with-services.sh's EVENTFLOW_RUN_DIR or the vitest setup's EVENTFLOW_SERVICES_RUN_DIR), else undefined.
 */
function ferretDbPid(): number | undefined {
  const dir = process.env['EVENTFLOW_RUN_DIR'] ?? process.env['EVENTFLOW_SERVICES_RUN_DIR'];
  if (!dir) return undefined;
  try {
    const pid = Number(readFileSync(join(dir, 'mongo', 'pid'), 'utf8').trim());
    return readFileSync(`/proc/${pid}/comm`, 'utf8').trim() === 'ferretdb' ? pid : undefined;
  } catch {
    return undefined;
  }
}

/**
 * CPU seconds the local MongoDB-wire server has used so far: the FerretDB process and, on its pg
 * backend, the PostgreSQL server of the same run dir with its connection processes (where most of
 * the work is done). Undefined when scripts/services.sh did not start them in this run.
 */
export function mongoServerCpuSeconds(): number | undefined {
  const ferret = ferretDbPid();
  if (ferret === undefined) return undefined;
  const dir = process.env['EVENTFLOW_RUN_DIR'] ?? process.env['EVENTFLOW_SERVICES_RUN_DIR'];
  let postgres: number | undefined;
  try {
    postgres = Number(readFileSync(join(dir as string, 'postgres', 'pid'), 'utf8').trim());
  } catch {
    postgres = undefined;
  }
  return (treeCpuSeconds(ferret) ?? 0) + (postgres === undefined ? 0 : (treeCpuSeconds(postgres) ?? 0));
}

/** CPU seconds of a process, of its children that ended (cutime, cstime), and of the live ones. */
function treeCpuSeconds(pid: number): number | undefined {
  try {
    const fields = readFileSync(`/proc/${pid}/stat`, 'utf8').split(') ')[1]?.split(' ') ?? [];
    const own = [11, 12, 13, 14].reduce((sum, i) => sum + Number(fields[i]), 0) / 100;
    const children = readFileSync(`/proc/${pid}/task/${pid}/children`, 'utf8').trim().split(/\s+/).filter(Boolean).map(Number);
    return own + children.reduce((sum, child) => sum + (treeCpuSeconds(child) ?? 0), 0);
  } catch {
    return undefined;
  }
}

/** A counter with promises that resolve once it reaches a target. */
export class Counter {
  #value = 0;
  #waiters: { target: number; resolve: () => void }[] = [];

  get value(): number {
    return this.#value;
  }

  add(n = 1): void {
    this.#value += n;
    if (this.#waiters.length === 0) return;
    const ready = this.#waiters.filter((w) => w.target <= this.#value);
    if (ready.length === 0) return;
    this.#waiters = this.#waiters.filter((w) => w.target > this.#value);
    for (const w of ready) w.resolve();
  }

  /** Resolves once the value is at least `target`; rejects after `timeoutMs`. */
  reach(target: number, timeoutMs: number, what: string): Promise<void> {
    if (this.#value >= target) return Promise.resolve();
    return new Promise<void>((resolve, reject) => {
      const timer = setTimeout(() => {
        this.#waiters = this.#waiters.filter((w) => w.resolve !== done);
        reject(new Error(`${what}: got ${this.#value} of ${target} within ${timeoutMs} ms`));
      }, timeoutMs);
      const done = () => {
        clearTimeout(timer);
        resolve();
      };
      this.#waiters.push({ target, resolve: done });
    });
  }
}
