-- runner: autocommit
-- pg_dump turns check_function_bodies off: a SQL function may name a table created later.
-- DROP TRIGGER IF EXISTS on a missing table is a notice; LANGUAGE may be quoted.
SET check_function_bodies = false;
CREATE FUNCTION public.has_role(_user_id uuid, _role text) RETURNS boolean LANGUAGE sql STABLE
  AS $$ SELECT EXISTS (SELECT 1 FROM public.user_roles WHERE user_id = _user_id AND role = _role) $$;
CREATE TABLE public.user_roles (user_id uuid, role text);
DROP TRIGGER IF EXISTS touch ON public.not_there;
CREATE FUNCTION touch() RETURNS trigger AS $$ BEGIN NEW.x := 1; RETURN NEW; END $$ LANGUAGE 'plpgsql';
COMMENT ON SCHEMA "public" IS 'standard public schema';
CREATE FUNCTION role_of(account_id uuid) RETURNS text LANGUAGE sql
  AS $$ SELECT role FROM public.user_roles WHERE user_id = role_of.account_id $$;
RESET check_function_bodies;
CREATE FUNCTION broken() RETURNS int LANGUAGE sql AS $$ SELECT count(*) FROM public.nowhere $$;
