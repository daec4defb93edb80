-- An exception handler rolls back what its block did before the error, then runs.
CREATE TABLE accounts (id int PRIMARY KEY);
DO $$
BEGIN
  BEGIN
    CREATE TABLE ledgers (id int PRIMARY KEY);
    CREATE TABLE accounts (id int);
  EXCEPTION WHEN duplicate_table THEN
    CREATE TABLE fallback_ledgers (id int PRIMARY KEY);
  END;
END
$$;
CREATE TABLE entries (ledger_id int REFERENCES fallback_ledgers (id));
