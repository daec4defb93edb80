-- runner: autocommit
-- DROP TABLE and a `'s.t'::regclass` cast look the schema up first: 3F000 when it is missing.
CREATE TABLE public.apps (id int);
DROP TABLE IF EXISTS app.settings;
SELECT 'public.apps'::regclass;
SELECT 1 FROM pg_constraint WHERE conrelid = 'app.apps'::regclass;
