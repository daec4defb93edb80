-- runner: autocommit
-- The script's own transaction ends at COMMIT; after it statements autocommit again, and
-- inside it CONCURRENTLY is refused.
BEGIN;
CREATE TABLE accounts (id bigint PRIMARY KEY, email text);
COMMIT;
CREATE UNIQUE INDEX CONCURRENTLY accounts_email_key ON accounts (email);
BEGIN;
CREATE TABLE sessions (id bigint PRIMARY KEY, account_id bigint REFERENCES accounts (id));
DROP INDEX CONCURRENTLY accounts_email_key;
COMMIT;
