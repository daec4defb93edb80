-- Identifiers are cut to 63 bytes, quoted or not: the index is found again by its long name
-- (Prisma writes index names longer than that).
CREATE TABLE "ThreadTracker" (id int PRIMARY KEY, "emailAccountId" int, type text, resolved bool);
CREATE INDEX "ThreadTracker_emailAccountId_type_resolved_followUpAppliedAt_id_idx" ON "ThreadTracker" ("emailAccountId", type, resolved);
ALTER INDEX "ThreadTracker_emailAccountId_type_resolved_followUpAppliedAt_id_idx" RENAME TO "ThreadTracker_short_idx";
CREATE TABLE a_table_with_a_name_that_is_much_longer_than_sixty_three_bytes_in_all (id int);
INSERT INTO a_table_with_a_name_that_is_much_longer_than_sixty_three_bytes_in_all_and_more VALUES (1);
