-- The session's temporary schema always exists: a helper function can be created in it
-- (pg_temp.f) and called by its qualified name; an unqualified call does not find it.
CREATE TABLE t (a int);
CREATE OR REPLACE FUNCTION pg_temp.count_t(p_attempts integer DEFAULT 20)
RETURNS bigint LANGUAGE plpgsql AS $$
BEGIN
  RETURN (SELECT count(*) FROM t);
END $$;
SELECT pg_temp.count_t();
SELECT count_t();
