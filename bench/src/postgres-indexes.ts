// FerretDB 1.x on PostgreSQL serves no query from its own indexes (packages/mongodb README,
// "Indexes"). A deployment adds PostgreSQL-side GIN indexes, and so do both sides of a benchmark:
// EventFlow's store gets the package's script, run with psql as its README says; a hand-written
// service gets the same kind of index on each field it queries by. Without
// EVENTFLOW_FERRETDB_POSTGRES_URL (MongoDB, or FerretDB on SQLite) there is nothing to add. After a
// bulk load both sides' tables get the VACUUM (ANALYZE) an operator would run.
import { spawn } from 'node:child_process';
import { fileURLToPath } from 'node:url';

const SCRIPT = fileURLToPath(new URL('../../packages/mongodb/ferretdb/postgresql-indexes.sql', import.meta.url));

/** FerretDB's PostgreSQL database, when the benchmark's FerretDB runs on PostgreSQL. */
export function ferretdbPostgresUrl(): string | undefined {
  return process.env.EVENTFLOW_FERRETDB_POSTGRES_URL || undefined;
}

/** The store's PostgreSQL-side indexes for the store in `database`; false when not on FerretDB/PostgreSQL. */
export async function indexEventFlowStore(database: string, prefix = 'eventflow_'): Promise<boolean> {
  const url = ferretdbPostgresUrl();
  if (!url) return false;
  await psql(url, ['-f', SCRIPT, '-v', `database=${database}`, '-v', `prefix=${prefix}`]);
  return true;
}

/** A GIN index per field a hand-written service queries `collection` by; false when not on FerretDB/PostgreSQL. */
export async function indexCollection(database: string, collection: string, fields: readonly string[]): Promise<boolean> {
  const url = ferretdbPostgresUrl();
  if (!url) return false;
  const sql = `SELECT format('CREATE INDEX CONCURRENTLY IF NOT EXISTS %I ON %I.%I USING gin ((_jsonb -> %L))',
    left(meta._jsonb->>'table', 40) || '_gin_' || field, ${literal(database)}, meta._jsonb->>'table', field)
  FROM ${metadataTable(database)} AS meta,
    unnest(ARRAY[${fields.map(literal).join(', ')}]) AS field
  WHERE meta._jsonb->>'_id' = ${literal(collection)}
  \\gexec
  `;
  await psql(url, ['-f', '-'], sql);
  return true;
}

/**
 * VACUUM (ANALYZE) of every FerretDB table of `database`, as after any bulk load: a million rows
 * inserted at once leave GIN pending lists and no planner statistics until autovacuum gets to them,
 * which it otherwise does in the middle of the timed runs that follow. False when not on PostgreSQL.
 */
export async function vacuumAfterBulkLoad(database: string): Promise<boolean> {
  const url = ferretdbPostgresUrl();
  if (!url) return false;
  const sql = `SELECT format('VACUUM (ANALYZE) %I.%I', ${literal(database)}, meta._jsonb->>'table')
  FROM ${metadataTable(database)} AS meta
  \\gexec
  `;
  await psql(url, ['-f', '-'], sql);
  return true;
}

/** A SQL string literal. */
const literal = (text: string) => `'${text.replaceAll("'", "''")}'`;

/** FerretDB's table listing the collections of `database` (its PostgreSQL schema has the database's name). */
const metadataTable = (database: string) => `"${database.replaceAll('"', '""')}"._ferretdb_database_metadata`;

function psql(url: string, args: readonly string[], input?: string): Promise<void> {
  return new Promise((resolve, reject) => {
    const child = spawn(process.env.EVENTFLOW_PSQL ?? 'psql', [url, '-X', '-q', '-v', 'ON_ERROR_STOP=1', ...args], { stdio: ['pipe', 'ignore', 'pipe'] });
    let stderr = '';
    child.stderr.on('data', (chunk) => (stderr += chunk));
    child.on('error', (error) => reject(new Error(`could not run psql (${error.message}); set EVENTFLOW_PSQL to its path`)));
    child.on('close', (code) => (code === 0 ? resolve() : reject(new Error(`psql exited with ${code}: ${stderr.trim()}`))));
    child.stdin.end(input ?? '');
  });
}
