-- runner: autocommit
-- A refused statement aborts the block the script opened: what the block did before is
-- undone at its COMMIT, and what follows the refusal is ignored until then.
CREATE TABLE accounts (id bigint PRIMARY KEY);
BEGIN;
CREATE TABLE sessions (id bigint PRIMARY KEY, account_id bigint REFERENCES accounts (id));
ALTER TABLE sessions ADD COLUMN token text;
CREATE INDEX sessions_missing ON sessions (nope);
CREATE TABLE audit (id bigint);
COMMIT;
