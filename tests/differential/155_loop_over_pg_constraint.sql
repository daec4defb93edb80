-- Drop every CHECK constraint on a column found through pg_constraint, then add it again
-- under the same name.
CREATE TABLE attachments (id int, kind text CONSTRAINT attachments_kind_check CHECK (kind IN ('photo', 'video')));
DO $$
DECLARE c text;
BEGIN
  FOR c IN
    SELECT con.conname
    FROM pg_constraint con
    JOIN pg_class rel ON rel.oid = con.conrelid
    JOIN pg_namespace ns ON ns.oid = rel.relnamespace
    WHERE ns.nspname = 'public'
      AND rel.relname = 'attachments'
      AND con.contype = 'c'
      AND pg_get_constraintdef(con.oid) ILIKE '%kind%'
  LOOP
    EXECUTE format('ALTER TABLE public.attachments DROP CONSTRAINT %I', c);
  END LOOP;
END $$;
ALTER TABLE attachments ADD CONSTRAINT attachments_kind_check CHECK (kind IN ('photo', 'video', 'audio'));
