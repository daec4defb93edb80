-- needs: supabase
-- Calling a PL/pgSQL function runs its body: the variables' defaults at entry, then its
-- statements, under the function's own search_path. pgcrypto lives in `extensions`, which a
-- function with `SET search_path = public` does not see: the call fails (42883), though
-- creating the function did not.
CREATE FUNCTION public.hash_ok(p text) RETURNS text LANGUAGE plpgsql AS $$
DECLARE
  v text := extensions.crypt(p, extensions.gen_salt('bf'));
BEGIN
  PERFORM 1 FROM auth.users WHERE email = p;
  RETURN v;
END $$;
SELECT public.hash_ok('secret');
CREATE FUNCTION public.hash_bad(p text) RETURNS text
LANGUAGE plpgsql SECURITY DEFINER SET search_path = public AS $$
DECLARE
  v text := crypt(p, gen_salt('bf'));
BEGIN
  RETURN v;
END $$;
SELECT public.hash_bad('secret');
