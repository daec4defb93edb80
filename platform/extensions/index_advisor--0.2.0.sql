-- schemadrift stand-in for index_advisor 0.2 (supabase/index_advisor).
--
-- Stands in for: index_advisor(query text) returning startup_cost_before,
-- startup_cost_after, total_cost_before, total_cost_after (jsonb), index_statements and
-- errors (text[]). The real extension requires hypopg, which is not installable here, so
-- this one requires nothing.
--
-- What it cannot judge: which index would help. Without hypothetical indexes it only
-- plans the query once (EXPLAIN, never run), reports the same costs before and after and
-- recommends nothing; a query that cannot be planned comes back in errors.
\echo Use "CREATE EXTENSION index_advisor" to load this file. \quit

CREATE FUNCTION index_advisor(query text)
  RETURNS TABLE (startup_cost_before jsonb, startup_cost_after jsonb, total_cost_before jsonb,
                 total_cost_after jsonb, index_statements text[], errors text[])
  LANGUAGE plpgsql
  AS $$
  DECLARE
    plan jsonb;
  BEGIN
    EXECUTE 'EXPLAIN (FORMAT JSON) ' || query INTO plan;
    RETURN QUERY SELECT plan -> 0 -> 'Plan' -> 'Startup Cost', plan -> 0 -> 'Plan' -> 'Startup Cost',
                        plan -> 0 -> 'Plan' -> 'Total Cost', plan -> 0 -> 'Plan' -> 'Total Cost',
                        '{}'::text[], '{}'::text[];
  EXCEPTION WHEN OTHERS THEN
    RETURN QUERY SELECT NULL::jsonb, NULL::jsonb, NULL::jsonb, NULL::jsonb, '{}'::text[], ARRAY[SQLERRM];
  END;
  $$;
