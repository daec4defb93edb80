DO $$
BEGIN
  ALTER TABLE ghost ADD COLUMN x int;
END $$;
