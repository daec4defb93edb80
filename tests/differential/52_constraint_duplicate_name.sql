CREATE TABLE t (id int, b int, CONSTRAINT b_pos CHECK (b > 0));
ALTER TABLE t ADD CONSTRAINT b_pos CHECK (b < 100);
