-- ALTER [MATERIALIZED] VIEW … SET SCHEMA moves the view: the old name is free again, the new
-- qualified name is the view's; a schema that does not exist is refused (3F000).
CREATE SCHEMA hidden;
CREATE TABLE projects (id int, city text);
CREATE MATERIALIZED VIEW project_stats AS SELECT city FROM projects;
ALTER MATERIALIZED VIEW project_stats SET SCHEMA hidden;
REVOKE ALL ON hidden.project_stats FROM PUBLIC;
CREATE MATERIALIZED VIEW IF NOT EXISTS project_stats AS SELECT id, city FROM projects;
CREATE INDEX project_stats_id ON project_stats (id);
CREATE VIEW cities AS SELECT city FROM projects;
ALTER VIEW cities SET SCHEMA hidden;
SELECT city FROM hidden.cities;
ALTER VIEW hidden.cities SET SCHEMA nowhere;
