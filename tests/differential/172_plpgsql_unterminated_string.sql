-- A PL/pgSQL body is scanned whole before it runs: a backslash does not escape a quote in a
-- standard string, so `'d\'un'` leaves the body's last string open (42601), although the
-- dollar-quoted block itself is well formed and the table it names is missing.
DO $$
BEGIN
  INSERT INTO public.missing_tasks (title) VALUES ('Tests d\'intégration'), ('Recette');
END $$;
