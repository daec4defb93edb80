-- runner: autocommit
-- In autocommit the ALTER TYPE commits at once: the new value is usable in the next
-- statement, in a comparison, a cast and an insert; inside one block it is not.
CREATE TYPE status AS ENUM ('draft', 'live');
CREATE TABLE pages (id int PRIMARY KEY, status status NOT NULL DEFAULT 'draft');
ALTER TYPE status ADD VALUE 'archived';
CREATE VIEW archived_pages AS SELECT id FROM pages WHERE status = 'archived';
INSERT INTO pages (id, status) VALUES (1, 'archived');
SELECT 'archived'::status;
BEGIN;
ALTER TYPE status ADD VALUE 'hidden';
CREATE VIEW hidden_pages AS SELECT id FROM pages WHERE status IN ('draft', 'hidden');
COMMIT;
