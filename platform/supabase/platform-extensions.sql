-- =============================================================================
-- The extensions a hosted Supabase project has enabled before its first migration that
-- this PostgreSQL cannot install by itself. Load after platform.sql, once the stand-ins
-- of platform/extensions are installed (platform/install):
--   psql -v ON_ERROR_STOP=1 --single-transaction -f platform-extensions.sql <database>
--
-- Why a second file: platform.sql must load on any PostgreSQL 15 (it creates only contrib
-- extensions), and vault, graphql and net are extensions on the platform, not plain
-- objects: a migration's `create extension if not exists supabase_vault with schema vault`
-- or `create extension if not exists pg_net` is then a no-op, as on a hosted project,
-- instead of colliding with objects of the same names.
--
-- supabase/postgres migrations/schema-15.sql (supabase_vault in vault, pg_graphql in
-- graphql), migrations/20221207154255_create_pgsodium_and_vault.sql,
-- 20220404205710_pg_graphql-on-by-default.sql, 20240822021428_enable_webhooks_by_default.sql
-- (pg_net in extensions; the database webhooks of platform.sql's supabase_functions call it).
-- pgsodium is not enabled: projects made since 2025 no longer have it.
-- =============================================================================
CREATE EXTENSION IF NOT EXISTS supabase_vault WITH SCHEMA vault;
-- creating graphql.resolve fires extensions.grant_pg_graphql_access (platform.sql), which
-- points graphql_public.graphql at it and grants the graphql schema to the API roles
CREATE EXTENSION IF NOT EXISTS pg_graphql WITH SCHEMA graphql;
-- fires extensions.grant_pg_net_access, which grants the net schema to the API roles
CREATE EXTENSION IF NOT EXISTS pg_net WITH SCHEMA extensions;
