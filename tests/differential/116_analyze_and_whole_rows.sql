-- runner: autocommit
-- A FROM item's name is its whole row; a CTE over a function whose columns are unknown
-- lets its columns be named; schema.table.* in RETURNING; ANALYZE needs its table.
CREATE SCHEMA flow;
CREATE TABLE flow.steps (run_id int, slug text, status text);
CREATE FUNCTION flow.read(n int) RETURNS SETOF record LANGUAGE sql AS $$ SELECT 1, 'x'::text $$;
CREATE FUNCTION flow.states(run int) RETURNS jsonb LANGUAGE sql AS $$
  SELECT jsonb_agg(to_jsonb(r)) FROM flow.steps r WHERE r.run_id = run
$$;
CREATE FUNCTION flow.start(run int) RETURNS void LANGUAGE sql AS $$
  WITH s AS (
    UPDATE flow.steps SET status = 'started' WHERE flow.steps.run_id = start.run
    RETURNING flow.steps.*
  )
  SELECT count(*) FROM s
$$;
ANALYZE flow.steps;
ANALYZE flow.nothing_here;
