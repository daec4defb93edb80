-- schemadrift stand-in for pg_graphql 1.5 (supabase/pg_graphql sql/*.sql and the
-- _internal_resolve function of src/lib.rs).
--
-- Stands in for: graphql.resolve, graphql._internal_resolve, graphql.comment_directive,
-- graphql.exception, graphql.get_schema_version, graphql.increment_schema_version, the
-- sequence graphql.seq_schema_version and the event triggers graphql_watch_ddl /
-- graphql_watch_drop. Same names, signatures and event triggers; bodies are our own.
--
-- What it cannot judge: GraphQL itself. pg_graphql resolves queries in Rust; here
-- _internal_resolve answers every query with an error, so graphql.resolve (and
-- graphql_public.graphql, which a hosted project points at it) returns
-- {"data": null, "errors": [...]}. Comment directives (@graphql(...)) are parsed as pg_graphql parses them.
\echo Use "CREATE EXTENSION pg_graphql" to load this file. \quit

-- changes every time the schema changes
CREATE SEQUENCE IF NOT EXISTS graphql.seq_schema_version AS int CYCLE;

CREATE FUNCTION graphql.increment_schema_version() RETURNS event_trigger
  SECURITY DEFINER
  LANGUAGE plpgsql
  AS $$
  BEGIN
    PERFORM pg_catalog.nextval('graphql.seq_schema_version');
  END;
  $$;

CREATE FUNCTION graphql.get_schema_version() RETURNS int
  SECURITY DEFINER
  LANGUAGE sql
  AS $$ SELECT last_value FROM graphql.seq_schema_version $$;

CREATE EVENT TRIGGER graphql_watch_ddl ON ddl_command_end
  EXECUTE PROCEDURE graphql.increment_schema_version();
CREATE EVENT TRIGGER graphql_watch_drop ON sql_drop
  EXECUTE PROCEDURE graphql.increment_schema_version();

-- the JSON inside @graphql(...) of a comment
CREATE FUNCTION graphql.comment_directive(comment_ text) RETURNS jsonb
  LANGUAGE sql IMMUTABLE
  AS $$
    SELECT coalesce((regexp_match(comment_, '@graphql\((.+)\)'))[1]::jsonb, jsonb_build_object())
  $$;

CREATE FUNCTION graphql.exception(message text) RETURNS text
  LANGUAGE plpgsql
  AS $$
  BEGIN
    RAISE EXCEPTION USING ERRCODE = '22000', MESSAGE = message;
  END;
  $$;

CREATE FUNCTION graphql._internal_resolve(
  query text,
  variables jsonb DEFAULT '{}',
  "operationName" text DEFAULT null,
  extensions jsonb DEFAULT null
) RETURNS jsonb
  LANGUAGE plpgsql
  AS $$
  BEGIN
    RETURN jsonb_build_object('errors', jsonb_build_array(jsonb_build_object(
      'message', 'the schemadrift stand-in of pg_graphql cannot resolve GraphQL queries')));
  END;
  $$;

CREATE FUNCTION graphql.resolve(
  "query" text,
  "variables" jsonb DEFAULT '{}',
  "operationName" text DEFAULT null,
  "extensions" jsonb DEFAULT null
) RETURNS jsonb
  LANGUAGE plpgsql
  AS $$
  DECLARE
    res jsonb;
    message_text text;
  BEGIN
    BEGIN
      res := graphql._internal_resolve("query" := "query", "variables" := "variables",
                                       "operationName" := "operationName", "extensions" := "extensions");
      RETURN res;
    EXCEPTION WHEN OTHERS THEN
      GET STACKED DIAGNOSTICS message_text = MESSAGE_TEXT;
      RETURN jsonb_build_object('data', null, 'errors', jsonb_build_array(jsonb_build_object('message', message_text)));
    END;
  END;
  $$;
