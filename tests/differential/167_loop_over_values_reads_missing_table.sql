-- A FOR loop over a literal VALUES list runs its body once per tuple: the body's first
-- query is planned on the first row, and a table it reads must exist (42P01) even though a
-- CONTINUE and a RAISE under conditions follow.
CREATE TABLE accounts (id int, number text);
DO $fill$
DECLARE
  r record;
  n int;
BEGIN
  FOR r IN
    SELECT * FROM (VALUES ('65-1', 'north'), ('65-2', 'south')) AS t(number, region)
  LOOP
    SELECT count(*) INTO n FROM public.company_accounts ca WHERE ca.number = r.number;
    IF n = 0 THEN
      RAISE NOTICE 'no account %', r.number;
      CONTINUE;
    END IF;
    IF n > 1 THEN
      RAISE EXCEPTION 'ambiguous %', r.number;
    END IF;
  END LOOP;
END
$fill$;
