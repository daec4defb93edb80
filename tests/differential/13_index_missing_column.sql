CREATE TABLE events (id bigserial PRIMARY KEY, kind text);
CREATE INDEX events_user_idx ON events ("userId");
