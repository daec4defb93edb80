-- runner: autocommit
-- psql sends each statement alone: CONCURRENTLY, VACUUM and a lone DISCARD ALL run.
CREATE TABLE events (id bigint PRIMARY KEY, kind text);
CREATE INDEX CONCURRENTLY events_kind_idx ON events (kind);
DROP INDEX CONCURRENTLY events_kind_idx;
VACUUM events;
CREATE INDEX CONCURRENTLY IF NOT EXISTS events_kind_idx ON events (kind);
