-- runner: autocommit
-- An ARRAY[…] of quoted literals in a VALUES list is text[] when it is assigned: no
-- assignment cast to jsonb, integer[] or an enum array (42804), and PostgreSQL checks the
-- values before it looks for the ON CONFLICT arbiter. varchar[] and text take it.
CREATE TYPE mood AS ENUM ('a', 'b');
CREATE TABLE solutions (title text, tags varchar(20)[], note text, steps jsonb, ids int[], moods mood[]);
INSERT INTO solutions (title, tags, note) VALUES ('a', ARRAY['x', 'y'], ARRAY['z']);
INSERT INTO solutions (title, steps) VALUES ('b', ARRAY['first', 'second'])
ON CONFLICT (title) DO NOTHING;
