CREATE TABLE subs (id uuid PRIMARY KEY, owner uuid);
ALTER TABLE subs ENABLE ROW LEVEL SECURITY;
CREATE POLICY "org can read" ON subs FOR SELECT USING ("organizationId" IS NOT NULL);
