-- CONTINUE ends the iteration: what follows it in the body does not run for that element,
-- and EXIT ends the loop. Only the elements that reach the EXECUTE create their table.
DO $$
DECLARE
  t text;
BEGIN
  FOREACH t IN ARRAY ARRAY['a', 'skip', 'b', 'stop', 'c'] LOOP
    IF t = 'skip' THEN
      CONTINUE;
    END IF;
    EXIT WHEN t = 'stop';
    EXECUTE format('CREATE TABLE %I (id int)', 'loop_' || t);
  END LOOP;
END $$;
SELECT * FROM loop_a, loop_b;
SELECT * FROM loop_c;
