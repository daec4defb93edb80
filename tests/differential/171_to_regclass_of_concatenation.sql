-- to_regclass() of a concatenation with the loop variable names the index the migration just
-- built: the guard holds, and the block passes.
CREATE TABLE raw_payments (account text, created_at timestamptz);
CREATE INDEX IF NOT EXISTS idx_raw_payments_account ON public.raw_payments (account, created_at DESC);
CREATE INDEX IF NOT EXISTS idx_raw_payments_created ON public.raw_payments (created_at DESC);
DO $$
DECLARE
  v_name text;
BEGIN
  FOREACH v_name IN ARRAY ARRAY['idx_raw_payments_account', 'idx_raw_payments_created'] LOOP
    IF to_regclass('public.' || v_name) IS NULL THEN
      RAISE EXCEPTION 'index % was not created', v_name;
    END IF;
  END LOOP;
END $$;
DO $$
BEGIN
  IF to_regclass('public.' || 'idx_raw_payments_missing') IS NULL THEN
    RAISE EXCEPTION 'index was not created';
  END IF;
END $$;
