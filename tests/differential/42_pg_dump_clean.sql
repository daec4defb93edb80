SELECT pg_catalog.set_config('search_path', '', false);
DROP INDEX IF EXISTS public.orgs_slug_idx;
ALTER TABLE IF EXISTS ONLY public.orgs DROP CONSTRAINT IF EXISTS orgs_pkey;
DROP TABLE IF EXISTS public.orgs;
CREATE TABLE public.orgs (id uuid NOT NULL, slug text);
ALTER TABLE ONLY public.orgs ADD CONSTRAINT orgs_pkey PRIMARY KEY (id);
CREATE INDEX orgs_slug_idx ON public.orgs USING btree (slug);
CREATE TABLE orgs2 (id int);
