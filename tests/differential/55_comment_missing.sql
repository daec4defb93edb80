CREATE TABLE t (id int);
COMMENT ON COLUMN t.id IS 'key';
COMMENT ON COLUMN t.nope IS 'no';
