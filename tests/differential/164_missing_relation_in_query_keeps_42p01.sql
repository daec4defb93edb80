-- A query's FROM names the relation, even when its schema is missing: 42P01.
CREATE TABLE public.items (id int, name text);
INSERT INTO public.items SELECT id, name FROM app.items;
