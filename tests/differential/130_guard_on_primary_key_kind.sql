-- A DO block's guard on the kind of a table's constraint (information_schema's
-- constraint_type, pg_constraint's contype): the primary key is added only when missing.
CREATE TABLE queues ("offset" bigint NOT NULL, type text);
DO $$
BEGIN
  IF NOT exists (select constraint_name from information_schema.table_constraints where table_name = 'queues' and constraint_type = 'PRIMARY KEY') THEN
    ALTER TABLE queues ADD PRIMARY KEY ("offset");
  END IF;
END $$;
DO $$
BEGIN
  IF NOT exists (select constraint_name from information_schema.table_constraints where table_name = 'queues' and constraint_type = 'PRIMARY KEY') THEN
    ALTER TABLE queues ADD PRIMARY KEY ("offset");
  END IF;
END $$;
ALTER TABLE queues ADD PRIMARY KEY (type);
