REVOKE ALL ON TABLE public.audit_log FROM anon;
CREATE OR REPLACE FUNCTION auth.team_id() RETURNS uuid LANGUAGE sql STABLE AS $$
  SELECT nullif(current_setting('request.jwt.claims', true)::jsonb ->> 'team_id', '')::uuid
$$;
DO $$
BEGIN
  IF EXISTS (SELECT 1 FROM information_schema.tables WHERE table_schema = 'public' AND table_name = 'projects') THEN
    CREATE POLICY "team projects" ON public.projects FOR SELECT USING (true);
  END IF;
END $$;
