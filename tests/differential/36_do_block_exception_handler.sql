CREATE TYPE status AS ENUM ('a');
DO $$ BEGIN
  CREATE TYPE status AS ENUM ('a', 'b');
EXCEPTION WHEN duplicate_object THEN null;
END $$;
CREATE TABLE s (id int, st status);
