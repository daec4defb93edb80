-- Adding a UNIQUE constraint under the name of another index-backed constraint of the table
-- fails on the index first (42P07 relation … already exists), not on the constraint (42710).
CREATE TABLE permissions (id int PRIMARY KEY, name text);
ALTER TABLE ONLY permissions ADD CONSTRAINT permissions_name_key UNIQUE (name);
ALTER TABLE ONLY permissions ADD CONSTRAINT permissions_name_key UNIQUE (name);
