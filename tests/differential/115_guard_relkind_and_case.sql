-- A guard on pg_class reads relname as written (case kept) and relkind: a materialized view
-- is replaced by a table of the same name only once.
CREATE TABLE "Model" (id int PRIMARY KEY, score int);
CREATE MATERIALIZED VIEW "ModelRank" AS SELECT id, score FROM "Model";
DO $$
BEGIN
  IF EXISTS (SELECT 1 FROM pg_class WHERE relname = 'ModelRank' AND relkind = 'm') THEN
    DROP MATERIALIZED VIEW "ModelRank";
  END IF;
END $$;
DO $$
BEGIN
  IF NOT EXISTS (SELECT 1 FROM pg_class WHERE relname = 'ModelRank' AND relkind = 'r') THEN
    CREATE TABLE "ModelRank" AS SELECT * FROM "Model";
  END IF;
END $$;
DO $$
BEGIN
  IF NOT EXISTS (SELECT 1 FROM pg_class WHERE relname = 'ModelRank' AND relkind = 'r') THEN
    CREATE TABLE "ModelRank" AS SELECT * FROM "Model";
  END IF;
END $$;
SELECT id FROM "ModelRank";
