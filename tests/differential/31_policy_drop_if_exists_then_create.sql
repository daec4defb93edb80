CREATE TABLE usage (id int, user_id int);
DROP POLICY IF EXISTS "read" ON usage;
CREATE POLICY "read" ON usage FOR SELECT USING (true);
DROP POLICY IF EXISTS "read" ON usage;
CREATE POLICY "read" ON usage AS RESTRICTIVE FOR UPDATE USING (user_id = 1) WITH CHECK (user_id = 1);
