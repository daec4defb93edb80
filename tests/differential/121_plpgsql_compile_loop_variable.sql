-- PL/pgSQL compiles a block before it runs it: a loop over rows needs a declared record (or
-- scalar list) variable, even where the loop never runs; an integer loop declares its own.
CREATE TABLE pol (name text);
CREATE FUNCTION count_pol(OUT total int) LANGUAGE plpgsql AS $$
DECLARE r record;
BEGIN
  total := 0;
  FOR r IN SELECT name FROM pol LOOP total := total + 1; END LOOP;
  FOR i IN 1..3 LOOP total := total + i; END LOOP;
END $$;
CREATE FUNCTION pol_names() RETURNS TABLE(pname text) LANGUAGE plpgsql AS $$
BEGIN
  FOR pname IN SELECT p.name FROM pol p LOOP RETURN NEXT; END LOOP;
END $$;
DO $$
DECLARE n text;
BEGIN
  FOR n IN SELECT name FROM pol LOOP RAISE NOTICE '%', n; END LOOP;
END $$;
DO $$ BEGIN
  IF false THEN
    FOR policy IN SELECT name FROM pol LOOP
      EXECUTE format('DROP POLICY IF EXISTS %I ON pol', policy);
    END LOOP;
  END IF;
END $$;
