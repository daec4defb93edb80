CREATE TABLE usage (id int, user_id int);
ALTER TABLE usage ENABLE ROW LEVEL SECURITY;
CREATE POLICY "admins" ON usage FOR SELECT USING (EXISTS (SELECT 1 FROM profiles WHERE profiles.id = usage.user_id));
