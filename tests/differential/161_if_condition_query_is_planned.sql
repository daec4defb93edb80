-- The first IF condition of a block is always evaluated: a query in it is planned, and a
-- column it names must exist (42703), whatever the branch would do.
CREATE TABLE tipos (id int, codigo text);
DO $v$
BEGIN
  IF NOT EXISTS (SELECT 1 FROM public.tipos WHERE clave = 'X') THEN
    RAISE EXCEPTION 'falta';
  END IF;
END $v$;
