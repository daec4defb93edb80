-- needs: supabase
CREATE TABLE public.calls (id uuid PRIMARY KEY, org uuid);
ALTER TABLE public.calls ENABLE ROW LEVEL SECURITY;
CREATE POLICY "tenant" ON public.calls USING (org = auth.org_id());
