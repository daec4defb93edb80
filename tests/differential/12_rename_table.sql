CREATE TABLE org (id uuid PRIMARY KEY);
CREATE TABLE member (id uuid PRIMARY KEY, org_id uuid REFERENCES org(id));
ALTER TABLE org RENAME TO orgs;
CREATE INDEX ON member (org_id);
SELECT id FROM orgs;
