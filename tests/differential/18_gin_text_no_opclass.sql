CREATE TABLE words (id int, w text);
CREATE INDEX words_gin ON words USING gin (w);
