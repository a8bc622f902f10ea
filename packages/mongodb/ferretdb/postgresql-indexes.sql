-- FerretDB 1.x on PostgreSQL: PostgreSQL indexes that serve the @eventflow/mongodb store's queries.
--
-- Why: FerretDB 1.x turns a query's top-level equality `{field: value}` into the SQL
-- `_jsonb->'field' @> value`. The btree indexes FerretDB creates for `createIndex` cannot serve `@>`,
-- so without these every read is a scan of the whole collection (FerretDB issue #4646). A GIN
-- index on the same expression can, and PostgreSQL uses it once the query is planned with its
-- values (a "custom plan"). MongoDB and FerretDB 2.x need none of this: the store's own indexes
-- serve its queries there.
--
-- Run once per store, after the store has connected once (it creates its collections):
--   psql "postgres://USER@HOST:PORT/ferretdb" -v database=<MongoDB database> [-v prefix=eventflow_] \
--     -f node_modules/@eventflow/mongodb/ferretdb/postgresql-indexes.sql
-- It is idempotent. Indexes are built CONCURRENTLY, so the store keeps writing meanwhile. Dropping
-- the collection drops them with it; FerretDB does not list them (they are PostgreSQL's, not its).
\set ON_ERROR_STOP on
\set QUIET on
\if :{?database}
\else
  DO $$ BEGIN RAISE EXCEPTION 'usage: psql <url> -v database=<MongoDB database> [-v prefix=<collection prefix>] -f postgresql-indexes.sql'; END $$;
\endif
\if :{?prefix}
\else
  \set prefix eventflow_
\endif

SET eventflow.database = :'database';
SET eventflow.prefix = :'prefix';
DO $$
DECLARE
  db text := current_setting('eventflow.database');
  prefix text := current_setting('eventflow.prefix');
  missing text;
BEGIN
  IF to_regclass(format('%I._ferretdb_database_metadata', db)) IS NULL THEN
    RAISE EXCEPTION 'FerretDB has no database "%" in PostgreSQL database "%": connect the store once (it creates its collections), then run this again', db, current_database();
  END IF;
  EXECUTE format('SELECT string_agg(wanted, '', '') FROM unnest($1) AS wanted'
    ' WHERE NOT EXISTS (SELECT 1 FROM %I._ferretdb_database_metadata WHERE _jsonb->>''_id'' = wanted)', db)
    INTO missing USING ARRAY[prefix || 'records', prefix || 'outbox', prefix || 'snapshots'];
  IF missing IS NOT NULL THEN
    RAISE EXCEPTION 'FerretDB database "%" has no collection %: connect the store once (it creates its collections), then run this again', db, missing;
  END IF;
  -- Each query is planned with its values, never as a generic plan: `_jsonb->$1` with the field as a
  -- parameter does not match the indexes' expressions. It takes effect on new connections.
  EXECUTE format('ALTER DATABASE %I SET plan_cache_mode = force_custom_plan', current_database());
END
$$;

-- One index per field the store queries by equality (packages/mongodb/README.md "Indexes").
SELECT format('CREATE INDEX CONCURRENTLY IF NOT EXISTS %I ON %I.%I USING gin ((_jsonb -> %L))',
              left(meta._jsonb->>'table', 40) || '_ef_' || wanted.field, :'database', meta._jsonb->>'table', wanted.field)
FROM (VALUES
  ('records', '_id'),           -- a claim's commit; leftover claims
  ('records', 'aggregate_id'),  -- read, a stream's last seq
  ('records', 'event_ids'),     -- findByEventId, refused redeliveries
  ('records', 'append_call'),   -- undispatched: the commits of the calls the outbox names
  ('records', 'outbox_seqs'),   -- marks in the legacy outbox, one seq at a time
  ('records', 'dispatched'),    -- undispatched and marks: the legacy outbox
  ('records', 'first_seq'),     -- listAggregates
  ('records', 'claim_for'),     -- leftover claims
  ('outbox', '_id'),            -- clearing an orphan entry
  ('outbox', 'call'),           -- markDispatched of a batch, a refused commit's entries
  ('outbox', 'aggregate_id'),   -- markDispatched of records another store wrote
  ('snapshots', '_id'),         -- saveSnapshot
  ('snapshots', 'aggregate_id') -- loadSnapshot
) AS wanted (collection, field)
JOIN :"database"._ferretdb_database_metadata AS meta ON meta._jsonb->>'_id' = :'prefix' || wanted.collection
ORDER BY wanted.collection, wanted.field
\gexec
