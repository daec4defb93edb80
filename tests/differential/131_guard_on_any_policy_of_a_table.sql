-- A DO block's guard on whether a table has any policy (pg_policies by table, no policy
-- name): the policies are created once; the second block's guard is false.
CREATE TABLE employees (id int, tenant_id int);
DO $$
BEGIN
  IF NOT EXISTS (SELECT 1 FROM pg_policies WHERE schemaname = 'public' AND tablename = 'employees') THEN
    ALTER TABLE public.employees ENABLE ROW LEVEL SECURITY;
    CREATE POLICY "tenant reads" ON public.employees FOR SELECT USING (tenant_id = 1);
    CREATE POLICY "tenant writes" ON public.employees FOR INSERT WITH CHECK (tenant_id = 1);
  END IF;
END $$;
DO $$
BEGIN
  IF NOT EXISTS (SELECT 1 FROM pg_policies WHERE schemaname = 'public' AND tablename = 'employees') THEN
    CREATE POLICY "tenant reads" ON public.employees FOR SELECT USING (tenant_id = 1);
  END IF;
END $$;
CREATE POLICY "tenant reads" ON public.employees FOR SELECT USING (true);
