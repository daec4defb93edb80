CREATE TABLE projects (id int PRIMARY KEY, title text, is_public boolean);
CREATE VIEW public_projects WITH (security_invoker = true) AS SELECT id, title FROM projects WHERE is_public;
CREATE VIEW broken AS SELECT id, owner FROM projects;
