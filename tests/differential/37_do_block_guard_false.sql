CREATE TABLE present (id int);
DO $$
BEGIN
  IF EXISTS (SELECT 1 FROM information_schema.tables WHERE table_schema = 'public' AND table_name = 'absent') THEN
    ALTER TABLE absent ENABLE ROW LEVEL SECURITY;
  END IF;
  IF EXISTS (SELECT 1 FROM information_schema.tables WHERE table_schema = 'public' AND table_name = 'present') THEN
    ALTER TABLE present ENABLE ROW LEVEL SECURITY;
  END IF;
END $$;
