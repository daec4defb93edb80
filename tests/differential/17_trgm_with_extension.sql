CREATE EXTENSION IF NOT EXISTS pg_trgm;
CREATE TABLE words (id int, w text);
CREATE INDEX words_trgm ON words USING gin (w gin_trgm_ops);
