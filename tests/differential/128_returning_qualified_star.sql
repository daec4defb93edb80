-- A data-modifying CTE's RETURNING schema.table.* offers the table's columns to the query.
CREATE SCHEMA pf;
CREATE TABLE pf.st (run_id int, step_slug text, flow_slug text, status text);
WITH s AS (
  UPDATE pf.st SET status = 'started' WHERE pf.st.run_id = 1 RETURNING pf.st.*
)
SELECT s.flow_slug FROM s;
WITH s AS (
  UPDATE pf.st SET status = 'started' RETURNING st.*
)
SELECT s.flow_slug FROM s;
WITH s AS (
  DELETE FROM pf.st RETURNING *
)
SELECT s.flow_slug FROM s;
