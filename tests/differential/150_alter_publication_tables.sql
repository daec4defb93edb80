-- ALTER PUBLICATION: the publication must exist; a table is added once, dropped only when it
-- is a member; a dropped table leaves its publications; DROP PUBLICATION IF EXISTS.
CREATE TABLE messages (id int PRIMARY KEY);
CREATE TABLE rooms (id int PRIMARY KEY);
CREATE PUBLICATION app_changes;
ALTER PUBLICATION app_changes ADD TABLE messages, rooms;
ALTER PUBLICATION app_changes DROP TABLE rooms;
ALTER PUBLICATION app_changes SET TABLE rooms;
DROP TABLE rooms;
CREATE TABLE rooms (id int PRIMARY KEY);
ALTER PUBLICATION app_changes ADD TABLE rooms;
DROP PUBLICATION IF EXISTS old_changes;
DROP PUBLICATION app_changes;
ALTER PUBLICATION app_changes DROP TABLE "messages";
