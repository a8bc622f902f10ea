// Start/stop/restart the local servers that scripts/services/global-setup.ts started, from inside
// a test (e.g. to check that an adapter survives a broker or database restart). The server comes
// back on the SAME port with the SAME data dir, so clients can reconnect to the URL they already have.
//
//   import { restartService, stopService, startService } from '../../../scripts/services/control.ts';
//   await stopService('mongo');  ...  await startService('mongo');
//
// Only servers started by this run can be controlled: when EVENTFLOW_KAFKA_BROKERS /
// EVENTFLOW_MONGO_URL pointed at external servers, these functions throw (check canControlService).
// Kafka takes ~5-15 s to stop and start again: give such tests a generous timeout.
import { spawn } from 'node:child_process';
import { existsSync } from 'node:fs';
import { join } from 'node:path';
import { fileURLToPath } from 'node:url';

export type ServiceName = 'kafka' | 'mongo';

/** Absolute path of scripts/services.sh. */
export const SERVICES_SCRIPT = fileURLToPath(new URL('../services.sh', import.meta.url));

/** Env var naming the run dir of the servers the global setup started. */
export const RUN_DIR_ENV = 'EVENTFLOW_SERVICES_RUN_DIR';

export const URL_ENV: Record<ServiceName, 'EVENTFLOW_KAFKA_BROKERS' | 'EVENTFLOW_MONGO_URL'> = {
  kafka: 'EVENTFLOW_KAFKA_BROKERS',
  mongo: 'EVENTFLOW_MONGO_URL',
};

export interface ScriptResult {
  stdout: string;
  /** The `EVENTFLOW_*=value` lines the script printed. */
  env: Record<string, string>;
}

export interface ScriptOptions {
  env?: NodeJS.ProcessEnv;
  /** Forward the script's progress messages (stderr) to this process's stderr. */
  echo?: boolean;
}

/** Runs `bash scripts/services.sh <args>`; rejects with the script's stderr on failure. */
export function runServicesScript(args: string[], options: ScriptOptions = {}): Promise<ScriptResult> {
  return new Promise((resolve, reject) => {
    const child = spawn('bash', [SERVICES_SCRIPT, ...args], {
      env: options.env ?? process.env,
      stdio: ['ignore', 'pipe', 'pipe'],
    });
    let stdout = '';
    let stderr = '';
    child.stdout.setEncoding('utf8').on('data', (d: string) => {
      stdout += d;
    });
    child.stderr.setEncoding('utf8').on('data', (d: string) => {
      stderr += d;
      if (options.echo) process.stderr.write(d);
    });
    child.on('error', reject);
    child.on('close', (code, signal) => {
      if (code !== 0) {
        reject(
          new Error(
            `bash scripts/services.sh ${args.join(' ')} failed (${signal ?? `exit ${code}`}):\n${stderr.slice(-6000)}`,
          ),
        );
        return;
      }
      const env: Record<string, string> = {};
      for (const line of stdout.split('\n')) {
        const m = /^(EVENTFLOW_[A-Z_]+)=(.*)$/.exec(line.trim());
        if (m?.[1] && m[2] !== undefined) env[m[1]] = m[2];
      }
      resolve({ stdout, env });
    });
  });
}

function runDirOrThrow(): string {
  const dir = process.env[RUN_DIR_ENV];
  if (!dir) {
    throw new Error(
      `${RUN_DIR_ENV} is not set: the servers were not started by scripts/services/global-setup.ts ` +
        '(EVENTFLOW_KAFKA_BROKERS / EVENTFLOW_MONGO_URL point at external servers), so they cannot be controlled',
    );
  }
  return dir;
}

/** True when `name` was started by this test run and can be stopped/started. */
export function canControlService(name: ServiceName): boolean {
  const dir = process.env[RUN_DIR_ENV];
  return !!dir && existsSync(join(dir, name, 'port'));
}

async function control(action: 'up' | 'down' | 'restart', name: ServiceName): Promise<string> {
  const dir = runDirOrThrow();
  if (!canControlService(name)) {
    throw new Error(`${name} is not managed by ${dir} (${URL_ENV[name]} points at an external server)`);
  }
  const env: NodeJS.ProcessEnv = { ...process.env, EVENTFLOW_RUN_DIR: dir };
  // The URLs in the env are the ones of our own servers; drop them so the script never mistakes
  // them for external ones, and never start a second watchdog.
  delete env.EVENTFLOW_KAFKA_BROKERS;
  delete env.EVENTFLOW_MONGO_URL;
  delete env.EVENTFLOW_SERVICES_WATCH_PID;
  const result = await runServicesScript([action, name], { env });
  return result.env[URL_ENV[name]] ?? process.env[URL_ENV[name]] ?? '';
}

/** Stops the server process (SIGTERM, then SIGKILL after 30 s). Its data dir and port are kept. */
export async function stopService(name: ServiceName): Promise<void> {
  await control('down', name);
}

/** Starts the server again on the same port and data dir; resolves once it answers. Returns its URL. */
export function startService(name: ServiceName): Promise<string> {
  return control('up', name);
}

/** stopService + startService. Returns the (unchanged) URL. */
export function restartService(name: ServiceName): Promise<string> {
  return control('restart', name);
}

/**
 * `test` when this run started `name` (so a test may stop and restart it); otherwise a stand-in
 * that registers one visible test saying why the server test cannot run here, instead of skipping.
 */
export function serverTest(name: ServiceName, test: (title: string, body: () => Promise<void> | void, timeout?: number) => void) {
  if (canControlService(name)) return test;
  return (title: string) =>
    test(`not applicable: "${title}" needs a ${name} server started by this run (EVENTFLOW_* points at an external one)`, () => {
      if (canControlService(name)) throw new Error(`${name} became controllable`);
    });
}
