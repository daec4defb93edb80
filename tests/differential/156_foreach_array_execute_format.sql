-- FOREACH over a declared array of table names runs its EXECUTE format(…) once per name: a
-- name that is not a table makes the block fail (42P01).
CREATE TABLE departments (id int, tenant_id int);
CREATE TABLE task_comments (id int, tenant_id int);
DO $$
DECLARE
  t text;
  tables_to_secure text[] := ARRAY['departments', 'task_comments', 'task_actions'];
BEGIN
  FOREACH t IN ARRAY tables_to_secure
  LOOP
    EXECUTE format('DROP POLICY IF EXISTS "all_%s" ON public.%I', t, t);
    EXECUTE format('CREATE POLICY "view %s" ON public.%I FOR SELECT USING (tenant_id = 1)', t, t);
  END LOOP;
END $$;
