-- Migrations read the system catalogs and information_schema: their relations and columns
-- exist in every database, resolved as PostgreSQL resolves them (pg_catalog first).
CREATE TABLE accounts (id bigint PRIMARY KEY, name text);
CREATE VIEW table_sizes AS
  SELECT c.relname, c.reltuples, n.nspname
    FROM pg_class c JOIN pg_catalog.pg_namespace n ON n.oid = c.relnamespace
   WHERE c.relkind = 'r';
CREATE VIEW account_columns AS
  SELECT column_name, data_type, is_nullable
    FROM information_schema.columns
   WHERE table_schema = 'public' AND table_name = 'accounts';
CREATE FUNCTION policy_count() RETURNS bigint LANGUAGE sql STABLE
  AS $$ SELECT count(*) FROM pg_policies WHERE schemaname = 'public' $$;
DO $$
BEGIN
  IF NOT EXISTS (SELECT 1 FROM pg_indexes WHERE indexname = 'accounts_name_idx') THEN
    CREATE INDEX accounts_name_idx ON accounts (name);
  END IF;
END $$;
SELECT pubname FROM pg_publication_tables WHERE tablename = 'accounts';
CREATE INDEX accounts_name_nfkc ON accounts (lower(NORMALIZE(name, NFKC)));
