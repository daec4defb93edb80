-- The state of Acme's production database, to try `audit --db` (see the README):
--   createdb acme_prod && psql -q acme_prod -f examples/acme/production.sql
--   cargo run --release -- audit examples/acme --db postgres://postgres@127.0.0.1:5432/acme_prod
--
-- A stand-in for what Supabase provides (the auth schema, its roles), then what production
-- really has: only the first migration was pushed, teams.name became title by hand, RLS
-- was turned off on members while debugging, and someone created invoices in the SQL editor.

DO $$ BEGIN
  IF NOT EXISTS (SELECT 1 FROM pg_roles WHERE rolname = 'anon') THEN CREATE ROLE anon NOLOGIN; END IF;
  IF NOT EXISTS (SELECT 1 FROM pg_roles WHERE rolname = 'authenticated') THEN CREATE ROLE authenticated NOLOGIN; END IF;
  IF NOT EXISTS (SELECT 1 FROM pg_roles WHERE rolname = 'service_role') THEN CREATE ROLE service_role NOLOGIN; END IF;
END $$;
CREATE SCHEMA IF NOT EXISTS auth;
CREATE TABLE IF NOT EXISTS auth.users (id uuid PRIMARY KEY, email text);
CREATE OR REPLACE FUNCTION auth.uid() RETURNS uuid LANGUAGE sql STABLE AS
  $$ SELECT nullif(current_setting('request.jwt.claim.sub', true), '')::uuid $$;
CREATE SCHEMA IF NOT EXISTS supabase_migrations;
CREATE TABLE IF NOT EXISTS supabase_migrations.schema_migrations (version text PRIMARY KEY, statements text[], name text);

CREATE TABLE public.teams (
  id uuid PRIMARY KEY DEFAULT gen_random_uuid(),
  title text NOT NULL,
  created_at timestamptz NOT NULL DEFAULT now()
);
CREATE TABLE public.members (
  id uuid PRIMARY KEY DEFAULT gen_random_uuid(),
  team_id uuid NOT NULL REFERENCES public.teams(id) ON DELETE CASCADE,
  user_id uuid NOT NULL REFERENCES auth.users(id),
  role text NOT NULL DEFAULT 'member'
);
ALTER TABLE public.teams ENABLE ROW LEVEL SECURITY;
CREATE POLICY "members read their team" ON public.teams FOR SELECT
  USING (EXISTS (SELECT 1 FROM public.members m WHERE m.team_id = teams.id AND m.user_id = auth.uid()));

CREATE TABLE public.invoices (
  id bigint GENERATED ALWAYS AS IDENTITY PRIMARY KEY,
  team_id uuid NOT NULL REFERENCES public.teams(id),
  amount numeric NOT NULL,
  paid_at timestamptz
);

INSERT INTO supabase_migrations.schema_migrations (version, name)
VALUES ('20240101000000', 'init');
