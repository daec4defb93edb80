-- ROLLBACK TO SAVEPOINT undoes what came after the savepoint, and keeps what came before.
-- The COMMIT ends the file's transaction (psql --single-transaction then only warns).
CREATE TABLE a (id int PRIMARY KEY);
SAVEPOINT before_b;
CREATE TABLE b (id int PRIMARY KEY);
ROLLBACK TO SAVEPOINT before_b;
CREATE TABLE c (a_id int REFERENCES a (id));
RELEASE SAVEPOINT before_b;
COMMIT;
CREATE TABLE d (b_id int REFERENCES b (id));
