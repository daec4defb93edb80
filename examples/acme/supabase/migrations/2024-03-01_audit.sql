-- Named by date with dashes: the Supabase CLI never runs this file.
CREATE TABLE public.audit_log (id bigserial PRIMARY KEY, action text NOT NULL);
