-- `'name(args)'::regprocedure` finds the function when the value is computed; a DO block's
-- DECLARE defaults are computed when the block starts. A function with other arguments is
-- not the one named.
CREATE FUNCTION public.landing(a int) RETURNS int LANGUAGE sql AS $$ SELECT a $$;
DO $$
DECLARE d text := pg_get_functiondef('public.landing(integer)'::regprocedure);
BEGIN
  PERFORM 'public.landing(int)'::regprocedure, 'lower(text)'::regprocedure;
END $$;
DO $$
DECLARE d text := pg_get_functiondef('public.landing()'::regprocedure);
BEGIN
  RAISE NOTICE '%', length(d);
END $$;
