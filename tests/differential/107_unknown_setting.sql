-- runner: autocommit
-- pg_dump of a newer server writes parameters PostgreSQL 15 does not have: refused (42704);
-- a custom `prefix.name` parameter is accepted.
SET statement_timeout = 0;
SET app.tenant_id = 'x';
SET lock_timeout TO '5s';
SET transaction_timeout = 0;
