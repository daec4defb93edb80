-- A loop over pg_indexes drops the matching indexes; they can be created again after it.
CREATE TABLE profiles (id int, tenant_id int);
CREATE INDEX idx_profiles_tenant_safe ON profiles (tenant_id);
DO $$
DECLARE
  r record;
BEGIN
  FOR r IN SELECT indexname FROM pg_indexes WHERE schemaname = 'public' AND indexname LIKE '%_safe%'
  LOOP
    EXECUTE format('DROP INDEX IF EXISTS public.%I', r.indexname);
  END LOOP;
END $$;
CREATE INDEX idx_profiles_tenant_safe ON profiles (tenant_id);
