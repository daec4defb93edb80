CREATE TABLE flags (key text PRIMARY KEY, enabled boolean NOT NULL DEFAULT false);
INSERT INTO flags (key, enabled) VALUES ('a', true) ON CONFLICT (key) DO UPDATE SET enabled = EXCLUDED.enabled;
INSERT INTO flags (key, description) VALUES ('b', 'x');
