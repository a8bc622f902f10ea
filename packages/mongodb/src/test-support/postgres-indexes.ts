// Runs ferretdb/postgresql-indexes.sql with psql against FerretDB's PostgreSQL database, exactly as
// the README tells a FerretDB 1.x user to (the services script exports that database's URL).
import { execFile } from 'node:child_process';
import { fileURLToPath } from 'node:url';

export const INDEXES_SQL = fileURLToPath(new URL('../../ferretdb/postgresql-indexes.sql', import.meta.url));

/** FerretDB's PostgreSQL database, when the tests' FerretDB runs on PostgreSQL. */
export function ferretdbPostgresUrl(): string | undefined {
  return process.env.EVENTFLOW_FERRETDB_POSTGRES_URL || undefined;
}

export interface PsqlRun {
  readonly code: number;
  readonly stdout: string;
  readonly stderr: string;
}

/** Runs the script for a store's database; resolves with psql's exit code and output, never rejects on a failed run. */
export function runIndexesSql(url: string, variables: Readonly<Record<string, string>>): Promise<PsqlRun> {
  const args = [url, '-X', '-f', INDEXES_SQL, ...Object.entries(variables).flatMap(([name, value]) => ['-v', `${name}=${value}`])];
  return new Promise((resolve, reject) => {
    execFile(process.env.EVENTFLOW_PSQL ?? 'psql', args, { timeout: 120_000 }, (error, stdout, stderr) => {
      if (error && typeof error.code !== 'number') reject(new Error(`could not run psql (${error.message}); set EVENTFLOW_PSQL to its path`));
      else resolve({ code: error ? Number(error.code) : 0, stdout, stderr });
    });
  });
}

/** Creates the store's PostgreSQL-side indexes for `database`; throws with psql's message if it fails. */
export async function indexOnPostgres(url: string, database: string, prefix?: string): Promise<void> {
  const run = await runIndexesSql(url, { database, ...(prefix === undefined ? {} : { prefix }) });
  if (run.code !== 0) throw new Error(`postgresql-indexes.sql failed (psql exit ${run.code}): ${run.stderr.trim()}`);
}
