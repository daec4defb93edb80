-- schemadrift stand-in for Supabase Wrappers 0.5 (supabase/wrappers: one handler,
-- validator and meta function per wrapper, made by pgrx from wrappers/src/fdw/*, and the
-- statistics table of wrappers/src/stats.rs).
--
-- Stands in for: <name>_fdw_handler() returns fdw_handler, <name>_fdw_validator(options
-- text[], catalog oid), <name>_fdw_meta() for the wrappers a hosted project offers
-- (airtable, auth0, bigquery, clickhouse, cognito, duckdb, firebase, iceberg, logflare, mssql, redis, s3, stripe, wasm), and the table wrappers_fdw_stats.
-- So CREATE FOREIGN DATA WRAPPER stripe_wrapper HANDLER stripe_fdw_handler VALIDATOR
-- stripe_fdw_validator, CREATE SERVER ... OPTIONS (...), CREATE FOREIGN TABLE ... work.
--
-- What it cannot judge: the remote services. The validators accept every option (the real
-- ones check names and required options); the handler is contrib file_fdw's, so reading a
-- foreign table fails (file_fdw wants a filename) and IMPORT FOREIGN SCHEMA is refused
-- ("does not support IMPORT FOREIGN SCHEMA"), where the real wrappers import the tables.
\echo Use "CREATE EXTENSION wrappers" to load this file. \quit

CREATE TABLE wrappers_fdw_stats (
  fdw_name text NOT NULL PRIMARY KEY,
  create_times bigint,
  rows_in bigint,
  rows_out bigint,
  bytes_in bigint,
  bytes_out bigint,
  metadata jsonb,
  created_at timestamptz NOT NULL DEFAULT timezone('utc'::text, now()),
  updated_at timestamptz NOT NULL DEFAULT timezone('utc'::text, now())
);
COMMENT ON TABLE wrappers_fdw_stats IS 'Wrappers Foreign Data Wrapper statistics';


CREATE FUNCTION airtable_fdw_handler() RETURNS fdw_handler
  LANGUAGE c STRICT AS '$libdir/file_fdw', 'file_fdw_handler';
CREATE FUNCTION airtable_fdw_validator(options text[], catalog oid) RETURNS void
  LANGUAGE plpgsql AS $$ BEGIN END $$;
CREATE FUNCTION airtable_fdw_meta() RETURNS TABLE (name text, version text, author text, website text)
  LANGUAGE sql STRICT
  AS $$ SELECT 'AirtableFdw'::text, '0.5.4'::text, 'Supabase'::text, 'https://github.com/supabase/wrappers'::text $$;

CREATE FUNCTION auth0_fdw_handler() RETURNS fdw_handler
  LANGUAGE c STRICT AS '$libdir/file_fdw', 'file_fdw_handler';
CREATE FUNCTION auth0_fdw_validator(options text[], catalog oid) RETURNS void
  LANGUAGE plpgsql AS $$ BEGIN END $$;
CREATE FUNCTION auth0_fdw_meta() RETURNS TABLE (name text, version text, author text, website text)
  LANGUAGE sql STRICT
  AS $$ SELECT 'Auth0Fdw'::text, '0.5.4'::text, 'Supabase'::text, 'https://github.com/supabase/wrappers'::text $$;

CREATE FUNCTION bigquery_fdw_handler() RETURNS fdw_handler
  LANGUAGE c STRICT AS '$libdir/file_fdw', 'file_fdw_handler';
CREATE FUNCTION bigquery_fdw_validator(options text[], catalog oid) RETURNS void
  LANGUAGE plpgsql AS $$ BEGIN END $$;
CREATE FUNCTION bigquery_fdw_meta() RETURNS TABLE (name text, version text, author text, website text)
  LANGUAGE sql STRICT
  AS $$ SELECT 'BigqueryFdw'::text, '0.5.4'::text, 'Supabase'::text, 'https://github.com/supabase/wrappers'::text $$;

CREATE FUNCTION clickhouse_fdw_handler() RETURNS fdw_handler
  LANGUAGE c STRICT AS '$libdir/file_fdw', 'file_fdw_handler';
CREATE FUNCTION clickhouse_fdw_validator(options text[], catalog oid) RETURNS void
  LANGUAGE plpgsql AS $$ BEGIN END $$;
CREATE FUNCTION clickhouse_fdw_meta() RETURNS TABLE (name text, version text, author text, website text)
  LANGUAGE sql STRICT
  AS $$ SELECT 'ClickhouseFdw'::text, '0.5.4'::text, 'Supabase'::text, 'https://github.com/supabase/wrappers'::text $$;

CREATE FUNCTION cognito_fdw_handler() RETURNS fdw_handler
  LANGUAGE c STRICT AS '$libdir/file_fdw', 'file_fdw_handler';
CREATE FUNCTION cognito_fdw_validator(options text[], catalog oid) RETURNS void
  LANGUAGE plpgsql AS $$ BEGIN END $$;
CREATE FUNCTION cognito_fdw_meta() RETURNS TABLE (name text, version text, author text, website text)
  LANGUAGE sql STRICT
  AS $$ SELECT 'CognitoFdw'::text, '0.5.4'::text, 'Supabase'::text, 'https://github.com/supabase/wrappers'::text $$;

CREATE FUNCTION duckdb_fdw_handler() RETURNS fdw_handler
  LANGUAGE c STRICT AS '$libdir/file_fdw', 'file_fdw_handler';
CREATE FUNCTION duckdb_fdw_validator(options text[], catalog oid) RETURNS void
  LANGUAGE plpgsql AS $$ BEGIN END $$;
CREATE FUNCTION duckdb_fdw_meta() RETURNS TABLE (name text, version text, author text, website text)
  LANGUAGE sql STRICT
  AS $$ SELECT 'DuckDBFdw'::text, '0.5.4'::text, 'Supabase'::text, 'https://github.com/supabase/wrappers'::text $$;

CREATE FUNCTION firebase_fdw_handler() RETURNS fdw_handler
  LANGUAGE c STRICT AS '$libdir/file_fdw', 'file_fdw_handler';
CREATE FUNCTION firebase_fdw_validator(options text[], catalog oid) RETURNS void
  LANGUAGE plpgsql AS $$ BEGIN END $$;
CREATE FUNCTION firebase_fdw_meta() RETURNS TABLE (name text, version text, author text, website text)
  LANGUAGE sql STRICT
  AS $$ SELECT 'FirebaseFdw'::text, '0.5.4'::text, 'Supabase'::text, 'https://github.com/supabase/wrappers'::text $$;

CREATE FUNCTION iceberg_fdw_handler() RETURNS fdw_handler
  LANGUAGE c STRICT AS '$libdir/file_fdw', 'file_fdw_handler';
CREATE FUNCTION iceberg_fdw_validator(options text[], catalog oid) RETURNS void
  LANGUAGE plpgsql AS $$ BEGIN END $$;
CREATE FUNCTION iceberg_fdw_meta() RETURNS TABLE (name text, version text, author text, website text)
  LANGUAGE sql STRICT
  AS $$ SELECT 'IcebergFdw'::text, '0.5.4'::text, 'Supabase'::text, 'https://github.com/supabase/wrappers'::text $$;

CREATE FUNCTION logflare_fdw_handler() RETURNS fdw_handler
  LANGUAGE c STRICT AS '$libdir/file_fdw', 'file_fdw_handler';
CREATE FUNCTION logflare_fdw_validator(options text[], catalog oid) RETURNS void
  LANGUAGE plpgsql AS $$ BEGIN END $$;
CREATE FUNCTION logflare_fdw_meta() RETURNS TABLE (name text, version text, author text, website text)
  LANGUAGE sql STRICT
  AS $$ SELECT 'LogflareFdw'::text, '0.5.4'::text, 'Supabase'::text, 'https://github.com/supabase/wrappers'::text $$;

CREATE FUNCTION mssql_fdw_handler() RETURNS fdw_handler
  LANGUAGE c STRICT AS '$libdir/file_fdw', 'file_fdw_handler';
CREATE FUNCTION mssql_fdw_validator(options text[], catalog oid) RETURNS void
  LANGUAGE plpgsql AS $$ BEGIN END $$;
CREATE FUNCTION mssql_fdw_meta() RETURNS TABLE (name text, version text, author text, website text)
  LANGUAGE sql STRICT
  AS $$ SELECT 'MssqlFdw'::text, '0.5.4'::text, 'Supabase'::text, 'https://github.com/supabase/wrappers'::text $$;

CREATE FUNCTION redis_fdw_handler() RETURNS fdw_handler
  LANGUAGE c STRICT AS '$libdir/file_fdw', 'file_fdw_handler';
CREATE FUNCTION redis_fdw_validator(options text[], catalog oid) RETURNS void
  LANGUAGE plpgsql AS $$ BEGIN END $$;
CREATE FUNCTION redis_fdw_meta() RETURNS TABLE (name text, version text, author text, website text)
  LANGUAGE sql STRICT
  AS $$ SELECT 'RedisFdw'::text, '0.5.4'::text, 'Supabase'::text, 'https://github.com/supabase/wrappers'::text $$;

CREATE FUNCTION s3_fdw_handler() RETURNS fdw_handler
  LANGUAGE c STRICT AS '$libdir/file_fdw', 'file_fdw_handler';
CREATE FUNCTION s3_fdw_validator(options text[], catalog oid) RETURNS void
  LANGUAGE plpgsql AS $$ BEGIN END $$;
CREATE FUNCTION s3_fdw_meta() RETURNS TABLE (name text, version text, author text, website text)
  LANGUAGE sql STRICT
  AS $$ SELECT 'S3Fdw'::text, '0.5.4'::text, 'Supabase'::text, 'https://github.com/supabase/wrappers'::text $$;

CREATE FUNCTION stripe_fdw_handler() RETURNS fdw_handler
  LANGUAGE c STRICT AS '$libdir/file_fdw', 'file_fdw_handler';
CREATE FUNCTION stripe_fdw_validator(options text[], catalog oid) RETURNS void
  LANGUAGE plpgsql AS $$ BEGIN END $$;
CREATE FUNCTION stripe_fdw_meta() RETURNS TABLE (name text, version text, author text, website text)
  LANGUAGE sql STRICT
  AS $$ SELECT 'StripeFdw'::text, '0.5.4'::text, 'Supabase'::text, 'https://github.com/supabase/wrappers'::text $$;

CREATE FUNCTION wasm_fdw_handler() RETURNS fdw_handler
  LANGUAGE c STRICT AS '$libdir/file_fdw', 'file_fdw_handler';
CREATE FUNCTION wasm_fdw_validator(options text[], catalog oid) RETURNS void
  LANGUAGE plpgsql AS $$ BEGIN END $$;
CREATE FUNCTION wasm_fdw_meta() RETURNS TABLE (name text, version text, author text, website text)
  LANGUAGE sql STRICT
  AS $$ SELECT 'WasmFdw'::text, '0.5.4'::text, 'Supabase'::text, 'https://github.com/supabase/wrappers'::text $$;
