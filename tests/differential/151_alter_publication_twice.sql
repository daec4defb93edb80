-- Adding a table a publication already has is refused (42710).
CREATE TABLE messages (id int PRIMARY KEY);
CREATE PUBLICATION app_changes FOR TABLE messages;
ALTER PUBLICATION app_changes ADD TABLE messages;
