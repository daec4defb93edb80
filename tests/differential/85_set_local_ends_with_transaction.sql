-- runner: autocommit
-- SET LOCAL lasts until the end of its transaction; a session SET lasts on, unless the
-- transaction that made it rolls back.
CREATE SCHEMA app;
BEGIN;
SET LOCAL search_path = app;
CREATE TABLE inside (id int);
COMMIT;
CREATE TABLE outside (id int);
SELECT id FROM public.outside UNION ALL SELECT id FROM app.inside;
BEGIN;
SET search_path = app;
ROLLBACK;
CREATE TABLE again (id int);
SELECT id FROM public.again;
SELECT pg_catalog.set_config('search_path', 'app', true);
CREATE TABLE third (id int);
SELECT id FROM public.third;
SELECT id FROM app.third;
