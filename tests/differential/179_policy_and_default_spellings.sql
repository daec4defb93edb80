-- What PostgreSQL stores for spellings a person writes: a policy's columns qualified with
-- its own table are printed unqualified; a sub-select over one relation is printed with its
-- columns qualified and `app.uid()` named `AS uid`, `FROM t AS x` is `FROM t x` and
-- `INNER JOIN` is `JOIN`; `DEFAULT NULL` is no default (but it is
-- one on a domain, whose default it overrides); `interval '1 month'` is '1 mon'. The
-- catalogs compared after the replay must agree on each.
CREATE SCHEMA app;
CREATE FUNCTION app.uid() RETURNS uuid LANGUAGE sql STABLE AS 'SELECT NULL::uuid';
CREATE DOMAIN public.note_text AS text DEFAULT 'none';
CREATE TABLE public.orgs (id uuid PRIMARY KEY, owned_by uuid);
CREATE TABLE public.members (org uuid, user_id uuid);
CREATE TABLE public.chapters (
  id bigint PRIMARY KEY,
  org_id uuid,
  resolved_at timestamptz DEFAULT NULL,
  notes text DEFAULT NULL::text,
  memo public.note_text DEFAULT NULL,
  next_reset_at timestamptz DEFAULT now() + interval '1 month',
  grace timestamptz DEFAULT now() + interval '2 weeks',
  window_end timestamptz DEFAULT now() + interval '1 hour'
);
ALTER TABLE public.chapters ENABLE ROW LEVEL SECURITY;
CREATE POLICY "members read" ON public.chapters FOR SELECT USING (
  EXISTS (SELECT 1 FROM members om WHERE om.org = chapters.org_id AND om.user_id = (SELECT app.uid()))
  OR (SELECT owned_by FROM orgs o WHERE o.id = chapters.org_id) = (SELECT app.uid())
  OR EXISTS (SELECT 1 FROM members AS m INNER JOIN orgs o2 ON o2.id = m.org WHERE m.user_id = (SELECT app.uid()))
  OR chapters.org_id = (SELECT id FROM orgs WHERE owned_by = (SELECT app.uid()) LIMIT 1)
);
CREATE POLICY "owner writes" ON public.chapters FOR UPDATE
  USING (chapters.org_id IS NOT NULL) WITH CHECK (chapters.org_id IS NOT NULL);
