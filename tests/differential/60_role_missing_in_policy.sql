CREATE TABLE t (id int);
CREATE POLICY p ON t FOR SELECT TO sd_no_such_role_60 USING (true);
