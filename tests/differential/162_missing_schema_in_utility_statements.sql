-- A utility statement looks the schema up before the relation: COMMENT ON COLUMN of a
-- relation whose schema does not exist fails with 3F000 (a query's FROM would report the
-- relation, 42P01). The schema was meant to be created by an earlier file.
CREATE TABLE public.items (id int, name text);
ALTER TABLE IF EXISTS app.items ADD COLUMN price numeric;
SELECT count(*) FROM public.items;
COMMENT ON COLUMN app.items.name IS 'shown to users';
