-- The file is one transaction (as goose, dbmate, Diesel and Flyway run a file): an index
-- built CONCURRENTLY is refused there, before its table is even looked at.
CREATE TABLE events (id bigint PRIMARY KEY, kind text);
CREATE INDEX CONCURRENTLY events_kind_idx ON events (kind);
