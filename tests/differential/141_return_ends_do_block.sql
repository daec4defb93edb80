-- RETURN ends a DO block: a guard that sees the role is missing returns before the GRANT
-- that would fail; without the RETURN the GRANT fails (42704).
CREATE TABLE report (id int);
DO $$
BEGIN
  IF NOT EXISTS (SELECT 1 FROM pg_roles WHERE rolname = 'reporting_ro') THEN
    RAISE NOTICE 'no reporting_ro role; GRANT skipped';
    RETURN;
  END IF;
  GRANT SELECT ON TABLE report TO reporting_ro;
END $$;
DO $$
BEGIN
  IF NOT EXISTS (SELECT 1 FROM pg_roles WHERE rolname = 'reporting_ro') THEN
    RAISE NOTICE 'no reporting_ro role';
  END IF;
  GRANT SELECT ON TABLE report TO reporting_ro;
END $$;
