-- A DO block that assigns a PL/pgSQL function's result runs the function now, under the
-- function's own search_path: a function its body calls that is not on that path fails the
-- block (42883), though the function itself was created without complaint.
CREATE SCHEMA extensions;
CREATE EXTENSION pgcrypto WITH SCHEMA extensions;
CREATE TABLE public.accounts (id uuid, pw text);
CREATE FUNCTION public.new_account(p_email text) RETURNS uuid
LANGUAGE plpgsql SET search_path = public AS $$
DECLARE
  v uuid := gen_random_uuid();
BEGIN
  INSERT INTO public.accounts VALUES (v, crypt(p_email, gen_salt('bf')));
  RETURN v;
END $$;
DO $$
DECLARE
  new_id uuid;
BEGIN
  new_id := new_account('a@example.com');
END $$;
