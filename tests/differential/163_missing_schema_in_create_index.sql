-- CREATE INDEX on a table of a missing schema: 3F000, not 42P01.
CREATE SCHEMA app2;
CREATE TABLE app2.items (id int, name text);
CREATE INDEX items_name ON app.items (name);
