-- The session's temporary schema always exists: a helper function can be created in it
-- (pg_temp.f) and called by its qualified name; an unqualified call does not find it.
CREATE TABLE t (a int);
CREATE OR REPLACE FUNCTION pg_temp.exec_ddl(p_sql text, p_attempts integer DEFAULT 20)
RETURNS void LANGUAGE plpgsql AS $$
BEGIN
  EXECUTE p_sql;
END $$;
SELECT pg_temp.exec_ddl($ddl$ALTER TABLE t ADD COLUMN b int$ddl$);
SELECT exec_ddl('SELECT 1');
