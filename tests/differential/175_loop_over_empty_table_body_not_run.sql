-- A FOR loop over a table's rows runs its body only when there are rows: on a new database
-- the table is empty, so a body that names a missing table is never planned and the block
-- passes.
CREATE TABLE profiles (id int, name text);
DO $$
DECLARE
  r record;
BEGIN
  FOR r IN SELECT id, name FROM profiles LOOP
    INSERT INTO missing_log VALUES (r.id);
  END LOOP;
END $$;
CREATE FUNCTION public.audit(p int) RETURNS int LANGUAGE plpgsql AS $$
BEGIN
  INSERT INTO missing_audit VALUES (p);
  RETURN p;
END $$;
DO $$
DECLARE
  r record;
  x int;
BEGIN
  FOR r IN SELECT id FROM profiles LOOP
    x := audit(r.id);
  END LOOP;
END $$;
