DROP POLICY IF EXISTS "read" ON nowhere;
