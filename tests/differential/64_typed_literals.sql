-- Typed literals (`interval '7 days'`, `date '…'`) in defaults, checks, views and policies:
-- PostgreSQL prints them back as '7 days'::interval; arithmetic needs the type to resolve.
CREATE TABLE sessions (
    id bigint GENERATED ALWAYS AS IDENTITY PRIMARY KEY,
    started_on date NOT NULL DEFAULT date '2024-01-01',
    expires_at timestamptz NOT NULL DEFAULT now() + interval '30 days',
    CHECK (started_on > date '2000-01-01')
);
CREATE VIEW recent_sessions AS
    SELECT id, expires_at FROM sessions WHERE expires_at > now() - interval '7 days';
ALTER TABLE sessions ENABLE ROW LEVEL SECURITY;
CREATE POLICY fresh ON sessions FOR SELECT USING (expires_at - interval '1 day' > now());
