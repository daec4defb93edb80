-- COMMENT ON POLICY names its table: a table that does not exist is an error (42P01),
-- even when a table of another schema has a policy of that name.
CREATE SCHEMA other;
CREATE TABLE other.grants_seen (id int);
CREATE POLICY seen ON other.grants_seen USING (true);
COMMENT ON POLICY seen ON other.grants_seen IS 'exists';
COMMENT ON POLICY seen ON grants_seen IS 'no such table on the search path';
