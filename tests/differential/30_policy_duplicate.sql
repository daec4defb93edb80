CREATE TABLE usage (id int, user_id int);
CREATE POLICY "read" ON usage FOR SELECT USING (true);
CREATE POLICY "read" ON usage FOR SELECT USING (user_id > 0);
