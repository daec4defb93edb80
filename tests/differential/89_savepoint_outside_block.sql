-- runner: autocommit
-- A savepoint needs a transaction block.
CREATE TABLE a (id int);
SAVEPOINT s;
