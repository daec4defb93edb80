-- An extension function called with an arity it does not have is refused (42883).
CREATE EXTENSION pg_trgm;
CREATE TABLE docs (id bigint PRIMARY KEY, body text);
CREATE VIEW close_docs AS SELECT id FROM docs WHERE similarity(body) > 0.5;
