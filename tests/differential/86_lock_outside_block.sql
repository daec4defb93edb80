-- runner: autocommit
-- LOCK TABLE needs a transaction block: inside BEGIN it runs, alone it is refused.
CREATE TABLE jobs (id int PRIMARY KEY);
BEGIN;
LOCK TABLE jobs IN SHARE MODE;
COMMIT;
LOCK TABLE jobs;
