-- DROP VIEW IF EXISTS skips a missing view, but a table of that name is refused (42809:
-- "is not a view"), IF EXISTS or not.
CREATE TABLE grade_analytics (id int);
CREATE VIEW grade_report AS SELECT id FROM grade_analytics;
DROP VIEW IF EXISTS grade_report;
DROP VIEW IF EXISTS no_such_view;
DROP VIEW IF EXISTS grade_analytics;
