-- `supabase db diff` writes the unique index first, then the constraint USING INDEX of the
-- same name: the index becomes the constraint's.
CREATE TABLE public.ai_usage_log (id uuid NOT NULL, email text);
CREATE UNIQUE INDEX ai_usage_log_pkey ON public.ai_usage_log USING btree (id);
ALTER TABLE public.ai_usage_log ADD CONSTRAINT ai_usage_log_pkey PRIMARY KEY USING INDEX ai_usage_log_pkey;
CREATE UNIQUE INDEX ai_usage_log_email_idx ON public.ai_usage_log USING btree (email);
ALTER TABLE public.ai_usage_log ADD CONSTRAINT ai_usage_log_email_key UNIQUE USING INDEX ai_usage_log_email_idx;
ALTER TABLE public.ai_usage_log ADD CONSTRAINT x_key UNIQUE USING INDEX no_such_index;
