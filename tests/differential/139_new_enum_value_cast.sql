-- A new enum value cast to its type (`'v'::"Type"`) in the transaction that added it:
-- 55P04, in an INSERT … SELECT as in a plain SELECT.
CREATE TYPE "QueueKind" AS ENUM ('Mail');
CREATE TABLE "Queue" (id int, kind "QueueKind", UNIQUE (id, kind));
CREATE TABLE "Photo" (id int);
ALTER TYPE "QueueKind" ADD VALUE 'Scan';
INSERT INTO "Queue" (id, kind)
SELECT id, 'Scan'::"QueueKind" FROM "Photo"
ON CONFLICT DO NOTHING;
