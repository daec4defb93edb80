-- In an E'' string a backslash escapes the quote: the body is well formed and runs.
CREATE TABLE tasks (title text);
DO $$
BEGIN
  INSERT INTO public.tasks (title) VALUES (E'Tests d\'intégration'), ('Recette');
END $$;
CREATE FUNCTION f_ok() RETURNS text LANGUAGE plpgsql AS $f$
BEGIN
  RETURN E'it\'s';
END $f$;
CREATE FUNCTION f_bad() RETURNS text LANGUAGE plpgsql AS $f$
BEGIN
  RETURN 'it\'s';
END $f$;
