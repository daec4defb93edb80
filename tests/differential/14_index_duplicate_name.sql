CREATE TABLE u (id int, a int);
CREATE INDEX u_a_idx ON u (a);
CREATE INDEX u_a_idx ON u (id);
