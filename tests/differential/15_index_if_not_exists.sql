CREATE TABLE u (id int, a int);
CREATE INDEX IF NOT EXISTS u_a_idx ON u (a);
CREATE INDEX IF NOT EXISTS u_a_idx ON u (a);
CREATE UNIQUE INDEX u_id_key2 ON u (id) WHERE a > 0;
CREATE INDEX ON u (lower(a::text));
