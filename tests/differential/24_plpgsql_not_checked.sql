CREATE FUNCTION touch() RETURNS trigger LANGUAGE plpgsql AS $$
BEGIN
  NEW.updated_at = now();
  INSERT INTO audit_nowhere VALUES (1);
  RETURN NEW;
END $$;
