-- A foreign table is a relation like a table: later statements that name it (a view, a
-- grant, a comment, a query) find it; COMMENT ON TABLE refuses it (42809, it takes FOREIGN TABLE).
-- A statement-level trigger's REFERENCING names are the function's to read, not relations.
CREATE EXTENSION IF NOT EXISTS postgres_fdw;
CREATE SERVER remote_books FOREIGN DATA WRAPPER postgres_fdw OPTIONS (host 'localhost', dbname 'nowhere');
CREATE FOREIGN TABLE public.remote_items (id integer NOT NULL, label text OPTIONS (column_name 'name'))
  SERVER remote_books OPTIONS (schema_name 'public', table_name 'items');
CREATE VIEW public.item_labels AS SELECT id, label FROM public.remote_items;
COMMENT ON FOREIGN TABLE public.remote_items IS 'items of the catalogue server';
GRANT SELECT ON public.remote_items TO PUBLIC;
CREATE TABLE public.counts (n bigint);
CREATE FUNCTION public.count_new() RETURNS trigger LANGUAGE plpgsql AS $$
BEGIN
  INSERT INTO public.counts (n) SELECT count(*) FROM new_rows;
  RETURN NULL;
END $$;
CREATE TABLE public.orders (id integer PRIMARY KEY, total numeric);
CREATE TRIGGER orders_counted AFTER INSERT ON public.orders
  REFERENCING NEW TABLE AS new_rows FOR EACH STATEMENT EXECUTE FUNCTION public.count_new();
INSERT INTO public.orders VALUES (1, 10), (2, 20);
SELECT label FROM public.remote_items WHERE false;
COMMENT ON TABLE public.remote_items IS 'a foreign table is not a table here (42809)';
