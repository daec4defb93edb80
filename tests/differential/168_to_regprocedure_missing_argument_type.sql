-- PostgreSQL 15's to_regprocedure() returns NULL for a missing function but raises for a
-- signature naming a type that does not exist (42704). A FOREACH over a constant array runs
-- the assignment for every element, past the CONTINUE of the ones that are missing.
CREATE TYPE public.key_mode AS ENUM ('read', 'write');
CREATE FUNCTION public.f_keys(public.key_mode[]) RETURNS int LANGUAGE sql AS 'SELECT 1';
DO $$
DECLARE
  fns text[] := ARRAY[
    'public.f_keys(public.key_mode[])',
    'public.gone(integer)',
    'public.f_actions(public.action_type[])'
  ];
  fn text;
  fn_oid regprocedure;
BEGIN
  FOREACH fn IN ARRAY fns LOOP
    fn_oid := to_regprocedure(fn);
    IF fn_oid IS NULL THEN
      RAISE NOTICE 'skip %', fn;
      CONTINUE;
    END IF;
    EXECUTE format('REVOKE ALL ON FUNCTION %s FROM PUBLIC', fn_oid);
  END LOOP;
END;
$$;
