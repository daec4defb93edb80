CREATE TABLE t (id int, name text);
ALTER TABLE t ADD COLUMN name text;
