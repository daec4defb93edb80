-- A value added by ALTER TYPE … ADD VALUE cannot be used before the transaction commits
-- (the file is one transaction): here, as a column default.
CREATE TYPE status AS ENUM ('draft', 'live');
CREATE TABLE pages (id int PRIMARY KEY, status status NOT NULL DEFAULT 'draft');
ALTER TYPE status ADD VALUE 'archived';
CREATE TABLE old_pages (id int PRIMARY KEY, status status NOT NULL DEFAULT 'archived');
