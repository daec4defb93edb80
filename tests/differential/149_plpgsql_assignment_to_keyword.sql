-- DECLARE accepts a variable named like a reserved keyword, but an assignment to it is
-- reparsed by the core grammar, where the target must be a column identifier: CREATE
-- FUNCTION fails with a syntax error (42601). A col_name keyword (`position`) is fine.
CREATE FUNCTION ok_days(start_date date) RETURNS int LANGUAGE plpgsql AS $$
DECLARE
  position int := 0;
BEGIN
  position := position + 1;
  RETURN position;
END $$;
CREATE FUNCTION working_days(start_date date, end_date date) RETURNS numeric AS $$
DECLARE
  n numeric := 0;
  current_date date := start_date;
BEGIN
  WHILE current_date <= end_date LOOP
    n := n + 1;
    current_date := current_date + interval '1 day';
  END LOOP;
  RETURN n;
END;
$$ LANGUAGE plpgsql;
