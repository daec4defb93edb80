-- runner: autocommit
-- ROLLBACK undoes what the block created: the table is gone afterwards.
BEGIN;
CREATE TABLE drafts (id bigint PRIMARY KEY);
ROLLBACK;
CREATE TABLE posts (id bigint PRIMARY KEY, draft_id bigint REFERENCES drafts (id));
