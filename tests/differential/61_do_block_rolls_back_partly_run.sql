-- A DO block is one statement: when its second statement fails, the first is undone too.
CREATE TABLE accounts (id int PRIMARY KEY);
DO $$
BEGIN
  CREATE TABLE ledgers (id int PRIMARY KEY);
  CREATE TABLE accounts (id int);
END
$$;
CREATE TABLE entries (ledger_id int REFERENCES ledgers (id));
