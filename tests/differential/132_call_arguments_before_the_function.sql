-- PostgreSQL reads a call's arguments before it looks the function up: a missing column in
-- the arguments of a missing function is reported as the column (42703).
CREATE TABLE subscriptions (id int, "userId" uuid);
CREATE POLICY "members read" ON subscriptions FOR SELECT USING (is_org_member("organizationId"));
