-- Guarded single statements, the way Supabase migrations create types and constraints once.
CREATE TABLE accounts (id int PRIMARY KEY, email text);
DO $$
BEGIN
  IF NOT EXISTS (SELECT 1 FROM pg_type WHERE typname = 'account_status') THEN
    CREATE TYPE account_status AS ENUM ('active', 'closed');
  END IF;
END
$$;
DO $$
BEGIN
  IF NOT EXISTS (SELECT 1 FROM pg_constraint WHERE conname = 'accounts_email_key') THEN
    ALTER TABLE accounts ADD CONSTRAINT accounts_email_key UNIQUE (email);
  END IF;
END
$$;
ALTER TABLE accounts ADD COLUMN status account_status NOT NULL DEFAULT 'active';
DO $$ BEGIN ALTER TABLE accounts ADD COLUMN email text; END $$;
