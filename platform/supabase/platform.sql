-- =============================================================================
-- What a hosted Supabase project holds before its first migration runs.
--
-- Written for schemadrift from public facts (the definitions are cited in each
-- section as repository + path); the SQL, its layout and every function body are
-- our own. It describes the platform as of the public sources read in 2026:
--   supabase/postgres  migrations/db/init-scripts/*.sql, migrations/db/migrations/*.sql,
--                      migrations/schema-15.sql (the dump of what they produce)
--   supabase/auth      migrations/*.up.sql (all of them, up to 20260625000000)
--   supabase/storage   migrations/tenant/*.sql (up to 0063)
--   supabase/realtime  lib/realtime/tenants/repo/migrations/*.ex, priv/repo/tenant_db_dump_15.sql
--   supabase/cli       pkg/migration/history.go (supabase_migrations)
--
-- Load it once into a fresh database created from template0, as a superuser:
--   psql -v ON_ERROR_STOP=1 --single-transaction -f platform.sql <database>
-- Roles are cluster-wide, so they are created only when missing (the file can be
-- loaded into several databases of one cluster); everything else is created plainly.
-- Only extensions that any PostgreSQL 15 has (contrib) are created here. What needs
-- the stand-in extensions of platform/extensions (supabase_vault, pg_graphql, pg_net)
-- is in platform-extensions.sql, loaded after this file when they are installed.
--
-- Deliberate differences from a hosted project, because they would change the
-- cluster for everyone else or cannot be done on a plain server:
--   * the role postgres stays what it is (hosted: NOSUPERUSER CREATEDB CREATEROLE
--     REPLICATION BYPASSRLS, member of the API roles); its search_path is set on the
--     database instead of on the role;
--   * authenticator gets no session_preload_libraries (safeupdate, supautils are not
--     installed here); no passwords are set;
--   * realtime.messages has no daily partitions (the realtime server makes them);
--   * table contents the services write (auth.schema_migrations, storage.migrations,
--     realtime.schema_migrations versions) are not inserted.
-- =============================================================================

-- -----------------------------------------------------------------------------
-- Roles (cluster-wide: created only when missing).
-- supabase/postgres migrations/db/init-scripts/00000000000000-initial-schema.sql,
-- 00000000000001-auth-schema.sql, 00000000000002-storage-schema.sql,
-- 00000000000003-post-setup.sql, 00000000000003-realtime-schema.sql;
-- migrations/20230529180330_alter_api_roles_for_inherit.sql (API roles inherit),
-- 20240822021428_enable_webhooks_by_default.sql (supabase_functions_admin),
-- 20251121141100_supabase_auth_admin_db_grants.sql, 20251215120934_supabase_superuser.sql,
-- 20260821154147_revoke_createrole_from_auth_admin.sql;
-- michelp/pgsodium sql/pgsodium--3.1.5.sql (the pgsodium_* roles hosted projects keep).
-- -----------------------------------------------------------------------------
-- Loads into several databases of one cluster may run at once: they take turns here.
-- pg_authid is shared by all databases, so this lock is cluster-wide (an advisory lock
-- is not); it lasts until the end of the transaction, so load with --single-transaction.
DO $$ BEGIN LOCK TABLE pg_catalog.pg_authid IN SHARE ROW EXCLUSIVE MODE; END $$;

-- Each role is created when missing; the ALTER after it gives a role that existed
-- already (made by another tool on this cluster) the platform's attributes.
DO $$ BEGIN
  IF NOT EXISTS (SELECT FROM pg_catalog.pg_roles WHERE rolname = 'supabase_admin') THEN
    CREATE ROLE supabase_admin;
  END IF;
EXCEPTION WHEN duplicate_object OR unique_violation THEN NULL; -- made meanwhile by a concurrent load
END $$;
ALTER ROLE supabase_admin LOGIN SUPERUSER CREATEDB CREATEROLE REPLICATION BYPASSRLS;
DO $$ BEGIN
  IF NOT EXISTS (SELECT FROM pg_catalog.pg_roles WHERE rolname = 'anon') THEN
    CREATE ROLE anon;
  END IF;
EXCEPTION WHEN duplicate_object OR unique_violation THEN NULL; -- made meanwhile by a concurrent load
END $$;
ALTER ROLE anon NOLOGIN INHERIT;
DO $$ BEGIN
  IF NOT EXISTS (SELECT FROM pg_catalog.pg_roles WHERE rolname = 'authenticated') THEN
    CREATE ROLE authenticated;
  END IF;
EXCEPTION WHEN duplicate_object OR unique_violation THEN NULL; -- made meanwhile by a concurrent load
END $$;
ALTER ROLE authenticated NOLOGIN INHERIT;
DO $$ BEGIN
  IF NOT EXISTS (SELECT FROM pg_catalog.pg_roles WHERE rolname = 'service_role') THEN
    CREATE ROLE service_role;
  END IF;
EXCEPTION WHEN duplicate_object OR unique_violation THEN NULL; -- made meanwhile by a concurrent load
END $$;
ALTER ROLE service_role NOLOGIN INHERIT BYPASSRLS;
DO $$ BEGIN
  IF NOT EXISTS (SELECT FROM pg_catalog.pg_roles WHERE rolname = 'authenticator') THEN
    CREATE ROLE authenticator;
  END IF;
EXCEPTION WHEN duplicate_object OR unique_violation THEN NULL; -- made meanwhile by a concurrent load
END $$;
ALTER ROLE authenticator LOGIN NOINHERIT;
DO $$ BEGIN
  IF NOT EXISTS (SELECT FROM pg_catalog.pg_roles WHERE rolname = 'supabase_auth_admin') THEN
    CREATE ROLE supabase_auth_admin;
  END IF;
EXCEPTION WHEN duplicate_object OR unique_violation THEN NULL; -- made meanwhile by a concurrent load
END $$;
ALTER ROLE supabase_auth_admin LOGIN NOINHERIT NOCREATEROLE NOREPLICATION;
DO $$ BEGIN
  IF NOT EXISTS (SELECT FROM pg_catalog.pg_roles WHERE rolname = 'supabase_storage_admin') THEN
    CREATE ROLE supabase_storage_admin;
  END IF;
EXCEPTION WHEN duplicate_object OR unique_violation THEN NULL; -- made meanwhile by a concurrent load
END $$;
ALTER ROLE supabase_storage_admin LOGIN NOINHERIT CREATEROLE NOREPLICATION;
DO $$ BEGIN
  IF NOT EXISTS (SELECT FROM pg_catalog.pg_roles WHERE rolname = 'supabase_realtime_admin') THEN
    CREATE ROLE supabase_realtime_admin;
  END IF;
EXCEPTION WHEN duplicate_object OR unique_violation THEN NULL; -- made meanwhile by a concurrent load
END $$;
ALTER ROLE supabase_realtime_admin LOGIN NOINHERIT CREATEROLE REPLICATION;
DO $$ BEGIN
  IF NOT EXISTS (SELECT FROM pg_catalog.pg_roles WHERE rolname = 'supabase_functions_admin') THEN
    CREATE ROLE supabase_functions_admin;
  END IF;
EXCEPTION WHEN duplicate_object OR unique_violation THEN NULL; -- made meanwhile by a concurrent load
END $$;
ALTER ROLE supabase_functions_admin LOGIN NOINHERIT CREATEROLE NOREPLICATION;
DO $$ BEGIN
  IF NOT EXISTS (SELECT FROM pg_catalog.pg_roles WHERE rolname = 'supabase_replication_admin') THEN
    CREATE ROLE supabase_replication_admin;
  END IF;
EXCEPTION WHEN duplicate_object OR unique_violation THEN NULL; -- made meanwhile by a concurrent load
END $$;
ALTER ROLE supabase_replication_admin LOGIN REPLICATION;
DO $$ BEGIN
  IF NOT EXISTS (SELECT FROM pg_catalog.pg_roles WHERE rolname = 'supabase_read_only_user') THEN
    CREATE ROLE supabase_read_only_user;
  END IF;
EXCEPTION WHEN duplicate_object OR unique_violation THEN NULL; -- made meanwhile by a concurrent load
END $$;
ALTER ROLE supabase_read_only_user LOGIN BYPASSRLS;
DO $$ BEGIN
  IF NOT EXISTS (SELECT FROM pg_catalog.pg_roles WHERE rolname = 'dashboard_user') THEN
    CREATE ROLE dashboard_user;
  END IF;
EXCEPTION WHEN duplicate_object OR unique_violation THEN NULL; -- made meanwhile by a concurrent load
END $$;
ALTER ROLE dashboard_user NOLOGIN NOSUPERUSER CREATEDB CREATEROLE REPLICATION;
DO $$ BEGIN
  IF NOT EXISTS (SELECT FROM pg_catalog.pg_roles WHERE rolname = 'pgbouncer') THEN
    CREATE ROLE pgbouncer;
  END IF;
EXCEPTION WHEN duplicate_object OR unique_violation THEN NULL; -- made meanwhile by a concurrent load
END $$;
ALTER ROLE pgbouncer LOGIN;
DO $$ BEGIN
  IF NOT EXISTS (SELECT FROM pg_catalog.pg_roles WHERE rolname = 'pgsodium_keyiduser') THEN
    CREATE ROLE pgsodium_keyiduser;
  END IF;
EXCEPTION WHEN duplicate_object OR unique_violation THEN NULL; -- made meanwhile by a concurrent load
END $$;
ALTER ROLE pgsodium_keyiduser NOLOGIN INHERIT;
DO $$ BEGIN
  IF NOT EXISTS (SELECT FROM pg_catalog.pg_roles WHERE rolname = 'pgsodium_keyholder') THEN
    CREATE ROLE pgsodium_keyholder;
  END IF;
EXCEPTION WHEN duplicate_object OR unique_violation THEN NULL; -- made meanwhile by a concurrent load
END $$;
ALTER ROLE pgsodium_keyholder NOLOGIN INHERIT;
DO $$ BEGIN
  IF NOT EXISTS (SELECT FROM pg_catalog.pg_roles WHERE rolname = 'pgsodium_keymaker') THEN
    CREATE ROLE pgsodium_keymaker;
  END IF;
EXCEPTION WHEN duplicate_object OR unique_violation THEN NULL; -- made meanwhile by a concurrent load
END $$;
ALTER ROLE pgsodium_keymaker NOLOGIN INHERIT;
-- supabase_superuser: migrations/20251215120934_supabase_superuser.sql grants it to postgres
-- and supabase_etl_admin (whose attributes the public migrations do not show).
DO $$ BEGIN
  IF NOT EXISTS (SELECT FROM pg_catalog.pg_roles WHERE rolname = 'supabase_etl_admin') THEN
    CREATE ROLE supabase_etl_admin;
  END IF;
EXCEPTION WHEN duplicate_object OR unique_violation THEN NULL; -- made meanwhile by a concurrent load
END $$;
DO $$ BEGIN
  IF NOT EXISTS (SELECT FROM pg_catalog.pg_roles WHERE rolname = 'supabase_superuser') THEN
    CREATE ROLE supabase_superuser;
  END IF;
EXCEPTION WHEN duplicate_object OR unique_violation THEN NULL; -- made meanwhile by a concurrent load
END $$;

-- Memberships (GRANT of a role that is already granted is a notice, not an error).
GRANT anon, authenticated, service_role TO authenticator;
GRANT anon, authenticated, service_role TO postgres;
GRANT authenticator TO supabase_storage_admin;
GRANT anon, authenticated, service_role TO supabase_realtime_admin;
GRANT supabase_functions_admin TO postgres;
GRANT pg_read_all_data TO supabase_read_only_user;
GRANT pg_monitor, pg_read_all_data, pg_signal_backend TO postgres;
GRANT pgsodium_keyholder TO pgsodium_keymaker;
GRANT pgsodium_keyiduser TO pgsodium_keymaker;
GRANT pgsodium_keyiduser TO pgsodium_keyholder;
GRANT pgsodium_keyholder TO service_role;
GRANT supabase_superuser TO postgres, supabase_etl_admin;

-- realtime.list_changes sets log_min_messages (init-scripts/00000000000003-realtime-schema.sql).
GRANT SET ON PARAMETER log_min_messages TO supabase_realtime_admin;

-- Role settings (these roles exist only for Supabase, so setting them is harmless).
ALTER ROLE anon SET statement_timeout = '3s';
ALTER ROLE authenticated SET statement_timeout = '8s';
ALTER ROLE authenticator SET statement_timeout = '8s';
ALTER ROLE authenticator SET lock_timeout = '8s';
ALTER ROLE supabase_admin SET search_path = "$user", public, auth, extensions;
ALTER ROLE supabase_auth_admin SET search_path = auth;
ALTER ROLE supabase_storage_admin SET search_path = storage;
ALTER ROLE supabase_realtime_admin SET search_path = public, extensions, realtime;
ALTER ROLE supabase_functions_admin SET search_path = supabase_functions;

-- -----------------------------------------------------------------------------
-- The database: search_path and database grants.
-- supabase/postgres 00000000000003-post-setup.sql sets the search_path on the role
-- postgres; here it is set on the database (see the header).
-- -----------------------------------------------------------------------------
DO $database$
BEGIN
  EXECUTE format('ALTER DATABASE %I SET search_path = "$user", public, extensions', current_database());
  EXECUTE format('GRANT ALL ON DATABASE %I TO postgres, dashboard_user', current_database());
  EXECUTE format('GRANT CREATE ON DATABASE %I TO supabase_realtime_admin', current_database());
  EXECUTE format('GRANT CREATE ON DATABASE %I TO supabase_auth_admin', current_database());
END
$database$;

-- -----------------------------------------------------------------------------
-- Schemas. Owners as on a hosted project (supabase/postgres migrations/schema-15.sql
-- and the init scripts). The schema net is created by pg_net, pgsodium by pgsodium
-- (hosted projects made since 2025 have no pgsodium).
-- -----------------------------------------------------------------------------
CREATE SCHEMA IF NOT EXISTS extensions;
CREATE SCHEMA IF NOT EXISTS auth AUTHORIZATION supabase_admin;
CREATE SCHEMA IF NOT EXISTS storage AUTHORIZATION supabase_admin;
CREATE SCHEMA IF NOT EXISTS realtime AUTHORIZATION supabase_admin;
CREATE SCHEMA IF NOT EXISTS graphql AUTHORIZATION supabase_admin;
CREATE SCHEMA IF NOT EXISTS graphql_public AUTHORIZATION supabase_admin;
CREATE SCHEMA IF NOT EXISTS vault AUTHORIZATION supabase_admin;
CREATE SCHEMA IF NOT EXISTS pgbouncer AUTHORIZATION pgbouncer;
CREATE SCHEMA IF NOT EXISTS supabase_functions AUTHORIZATION supabase_admin;
CREATE SCHEMA IF NOT EXISTS supabase_migrations;

-- Extensions every hosted project has in the schema extensions (all three are
-- contrib extensions; pg_stat_statements is created without shared_preload_libraries,
-- its views fail at query time only).
CREATE EXTENSION IF NOT EXISTS "uuid-ossp" WITH SCHEMA extensions;
CREATE EXTENSION IF NOT EXISTS pgcrypto WITH SCHEMA extensions;
CREATE EXTENSION IF NOT EXISTS pg_stat_statements WITH SCHEMA extensions;

-- -----------------------------------------------------------------------------
-- Schema privileges and default privileges.
-- supabase/postgres init-scripts 00000000000000-initial-schema.sql (public,
-- extensions), 00000000000001-auth-schema.sql (auth), 00000000000002-storage-schema.sql
-- (storage), 00000000000003-realtime-schema.sql (realtime);
-- migrations 20211115181400_update-auth-permissions.sql,
-- 20211130151719_update-realtime-permissions.sql, 20220317095840_pg_graphql.sql,
-- 20230224042246_grant_extensions_perms_for_postgres.sql,
-- 20240822021428_enable_webhooks_by_default.sql,
-- 20250421084701_revoke_admin_roles_from_postgres.sql,
-- 20250709135250_grant_storage_schema_to_postgres_with_grant_option.sql,
-- 20260506172403_grant_realtime_schema_to_postgres_with_grant_option.sql.
-- -----------------------------------------------------------------------------
GRANT USAGE ON SCHEMA public TO postgres, anon, authenticated, service_role;
GRANT CREATE, USAGE ON SCHEMA public TO supabase_realtime_admin;
GRANT USAGE ON SCHEMA extensions TO postgres, anon, authenticated, service_role, supabase_realtime_admin;
GRANT ALL ON SCHEMA extensions TO dashboard_user;
GRANT USAGE ON SCHEMA auth TO anon, authenticated, service_role, postgres, supabase_realtime_admin;
GRANT ALL ON SCHEMA auth TO supabase_auth_admin, dashboard_user;
GRANT USAGE ON SCHEMA storage TO anon, authenticated, service_role;
GRANT USAGE ON SCHEMA storage TO postgres WITH GRANT OPTION;
GRANT ALL ON SCHEMA storage TO supabase_storage_admin, dashboard_user;
GRANT USAGE ON SCHEMA realtime TO anon, authenticated, service_role;
GRANT USAGE ON SCHEMA realtime TO postgres WITH GRANT OPTION;
GRANT ALL ON SCHEMA realtime TO supabase_realtime_admin WITH GRANT OPTION;
GRANT USAGE ON SCHEMA graphql_public TO anon, authenticated, service_role;
GRANT USAGE ON SCHEMA graphql_public TO postgres WITH GRANT OPTION;
GRANT USAGE ON SCHEMA graphql TO anon, authenticated, service_role;
GRANT USAGE ON SCHEMA graphql TO postgres WITH GRANT OPTION;
GRANT USAGE ON SCHEMA supabase_functions TO postgres, anon, authenticated, service_role;
GRANT ALL ON SCHEMA supabase_functions TO supabase_functions_admin;

-- What postgres and supabase_admin create in public is granted to the API roles:
-- this is why a table made by a migration is readable through the Data API.
ALTER DEFAULT PRIVILEGES FOR ROLE postgres IN SCHEMA public GRANT ALL ON TABLES TO postgres, anon, authenticated, service_role;
ALTER DEFAULT PRIVILEGES FOR ROLE postgres IN SCHEMA public GRANT ALL ON SEQUENCES TO postgres, anon, authenticated, service_role;
ALTER DEFAULT PRIVILEGES FOR ROLE postgres IN SCHEMA public GRANT ALL ON FUNCTIONS TO postgres, anon, authenticated, service_role;
ALTER DEFAULT PRIVILEGES FOR ROLE supabase_admin IN SCHEMA public GRANT ALL ON TABLES TO postgres, anon, authenticated, service_role;
ALTER DEFAULT PRIVILEGES FOR ROLE supabase_admin IN SCHEMA public GRANT ALL ON SEQUENCES TO postgres, anon, authenticated, service_role;
ALTER DEFAULT PRIVILEGES FOR ROLE supabase_admin IN SCHEMA public GRANT ALL ON FUNCTIONS TO postgres, anon, authenticated, service_role;
ALTER DEFAULT PRIVILEGES FOR ROLE supabase_admin IN SCHEMA storage GRANT ALL ON TABLES TO postgres, anon, authenticated, service_role;
ALTER DEFAULT PRIVILEGES FOR ROLE supabase_admin IN SCHEMA storage GRANT ALL ON SEQUENCES TO postgres, anon, authenticated, service_role;
ALTER DEFAULT PRIVILEGES FOR ROLE supabase_admin IN SCHEMA storage GRANT ALL ON FUNCTIONS TO postgres, anon, authenticated, service_role;
ALTER DEFAULT PRIVILEGES FOR ROLE supabase_admin IN SCHEMA graphql_public GRANT ALL ON TABLES TO postgres, anon, authenticated, service_role;
ALTER DEFAULT PRIVILEGES FOR ROLE supabase_admin IN SCHEMA graphql_public GRANT ALL ON SEQUENCES TO postgres, anon, authenticated, service_role;
ALTER DEFAULT PRIVILEGES FOR ROLE supabase_admin IN SCHEMA graphql_public GRANT ALL ON FUNCTIONS TO postgres, anon, authenticated, service_role;
ALTER DEFAULT PRIVILEGES FOR ROLE supabase_admin IN SCHEMA graphql GRANT ALL ON TABLES TO postgres, anon, authenticated, service_role;
ALTER DEFAULT PRIVILEGES FOR ROLE supabase_admin IN SCHEMA graphql GRANT ALL ON SEQUENCES TO postgres, anon, authenticated, service_role;
ALTER DEFAULT PRIVILEGES FOR ROLE supabase_admin IN SCHEMA graphql GRANT ALL ON FUNCTIONS TO postgres, anon, authenticated, service_role;
ALTER DEFAULT PRIVILEGES FOR ROLE supabase_admin IN SCHEMA supabase_functions GRANT ALL ON TABLES TO postgres, anon, authenticated, service_role;
ALTER DEFAULT PRIVILEGES FOR ROLE supabase_admin IN SCHEMA supabase_functions GRANT ALL ON SEQUENCES TO postgres, anon, authenticated, service_role;
ALTER DEFAULT PRIVILEGES FOR ROLE supabase_admin IN SCHEMA supabase_functions GRANT ALL ON FUNCTIONS TO postgres, anon, authenticated, service_role;
ALTER DEFAULT PRIVILEGES FOR ROLE supabase_admin IN SCHEMA realtime GRANT ALL ON TABLES TO postgres, dashboard_user;
ALTER DEFAULT PRIVILEGES FOR ROLE supabase_admin IN SCHEMA realtime GRANT ALL ON SEQUENCES TO postgres, dashboard_user;
ALTER DEFAULT PRIVILEGES FOR ROLE supabase_admin IN SCHEMA realtime GRANT ALL ON FUNCTIONS TO postgres, dashboard_user;
ALTER DEFAULT PRIVILEGES FOR ROLE supabase_auth_admin IN SCHEMA auth GRANT ALL ON TABLES TO postgres, dashboard_user;
ALTER DEFAULT PRIVILEGES FOR ROLE supabase_auth_admin IN SCHEMA auth GRANT ALL ON SEQUENCES TO postgres, dashboard_user;
ALTER DEFAULT PRIVILEGES FOR ROLE supabase_auth_admin IN SCHEMA auth GRANT ALL ON FUNCTIONS TO postgres, dashboard_user;
ALTER DEFAULT PRIVILEGES FOR ROLE postgres IN SCHEMA extensions GRANT ALL ON TABLES TO postgres WITH GRANT OPTION;
ALTER DEFAULT PRIVILEGES FOR ROLE postgres IN SCHEMA extensions GRANT ALL ON SEQUENCES TO postgres WITH GRANT OPTION;
ALTER DEFAULT PRIVILEGES FOR ROLE postgres IN SCHEMA extensions GRANT ALL ON FUNCTIONS TO postgres WITH GRANT OPTION;

-- =============================================================================
-- auth: what the Auth server (GoTrue) creates, as of supabase/auth migrations up to
-- 20260625000000_add_custom_claims_allowlist.up.sql. The tables are written in their
-- final shape (columns in the order the migrations leave them). The Auth server
-- connects as supabase_auth_admin, so that role owns what it made.
-- =============================================================================
SET ROLE supabase_auth_admin;

-- supabase/auth migrations/20221003041349_add_mfa_schema.up.sql,
-- 20230322519590_add_flow_state_table.up.sql, 20240427152123_add_one_time_tokens_table.up.sql,
-- 20240729123726_add_mfa_phone_config.up.sql, 20241009103726_add_web_authn.up.sql,
-- 20250731150234_add_oauth_clients_table.up.sql, 20250804100000_add_oauth_authorizations_consents.up.sql,
-- 20250901200500_add_oauth_client_type.up.sql
CREATE TYPE auth.aal_level AS ENUM ('aal1', 'aal2', 'aal3');
CREATE TYPE auth.code_challenge_method AS ENUM ('s256', 'plain');
CREATE TYPE auth.factor_status AS ENUM ('unverified', 'verified');
CREATE TYPE auth.factor_type AS ENUM ('totp', 'webauthn', 'phone');
CREATE TYPE auth.one_time_token_type AS ENUM (
  'confirmation_token', 'reauthentication_token', 'recovery_token',
  'email_change_token_new', 'email_change_token_current', 'phone_change_token'
);
CREATE TYPE auth.oauth_authorization_status AS ENUM ('pending', 'approved', 'denied', 'expired');
CREATE TYPE auth.oauth_client_type AS ENUM ('public', 'confidential');
CREATE TYPE auth.oauth_registration_type AS ENUM ('dynamic', 'manual');
CREATE TYPE auth.oauth_response_type AS ENUM ('code');

-- supabase/auth migrations/00_init_auth_schema.up.sql and every later ALTER of users:
-- 20210722035447_adds_confirmed_at, 20210730183235_add_email_change_confirmed,
-- 20220114185340_add_banned_until, 20220323170000_add_user_reauthentication,
-- 20221215195500_modify_users_email_unique_index, 20230116124310_alter_phone_type,
-- 20230116124412_add_deleted_at, 20240214120130_add_is_anonymous_column,
-- 20240806073726_drop_uniqueness_constraint_on_phone (the phone key stays unique).
CREATE TABLE auth.users (
  instance_id uuid,
  id uuid NOT NULL,
  aud varchar(255),
  role varchar(255),
  email varchar(255),
  encrypted_password varchar(255),
  email_confirmed_at timestamptz,
  invited_at timestamptz,
  confirmation_token varchar(255),
  confirmation_sent_at timestamptz,
  recovery_token varchar(255),
  recovery_sent_at timestamptz,
  email_change_token_new varchar(255),
  email_change varchar(255),
  email_change_sent_at timestamptz,
  last_sign_in_at timestamptz,
  raw_app_meta_data jsonb,
  raw_user_meta_data jsonb,
  is_super_admin boolean,
  created_at timestamptz,
  updated_at timestamptz,
  phone text DEFAULT NULL::varchar,
  phone_confirmed_at timestamptz,
  phone_change text DEFAULT ''::varchar,
  phone_change_token varchar(255) DEFAULT ''::varchar,
  phone_change_sent_at timestamptz,
  confirmed_at timestamptz GENERATED ALWAYS AS (LEAST(email_confirmed_at, phone_confirmed_at)) STORED,
  email_change_token_current varchar(255) DEFAULT ''::varchar,
  email_change_confirm_status smallint DEFAULT 0,
  banned_until timestamptz,
  reauthentication_token varchar(255) DEFAULT ''::varchar,
  reauthentication_sent_at timestamptz,
  is_sso_user boolean NOT NULL DEFAULT false,
  deleted_at timestamptz,
  is_anonymous boolean NOT NULL DEFAULT false,
  CONSTRAINT users_pkey PRIMARY KEY (id),
  CONSTRAINT users_phone_key UNIQUE (phone),
  CONSTRAINT users_email_change_confirm_status_check
    CHECK (email_change_confirm_status >= 0 AND email_change_confirm_status <= 2)
);
COMMENT ON TABLE auth.users IS 'Auth: Stores user login data within a secure schema.';
COMMENT ON COLUMN auth.users.is_sso_user IS 'Auth: Set this column to true when the account comes from SSO. These accounts can have duplicate emails.';
CREATE INDEX users_instance_id_idx ON auth.users USING btree (instance_id);
CREATE INDEX users_instance_id_email_idx ON auth.users USING btree (instance_id, lower(email::text));
CREATE INDEX users_is_anonymous_idx ON auth.users USING btree (is_anonymous);
CREATE UNIQUE INDEX users_email_partial_key ON auth.users USING btree (email) WHERE is_sso_user = false;
COMMENT ON INDEX auth.users_email_partial_key IS 'Auth: A partial unique index that applies only when is_sso_user is false';
CREATE UNIQUE INDEX confirmation_token_idx ON auth.users USING btree (confirmation_token) WHERE confirmation_token::text !~ '^[0-9 ]*$';
CREATE UNIQUE INDEX recovery_token_idx ON auth.users USING btree (recovery_token) WHERE recovery_token::text !~ '^[0-9 ]*$';
CREATE UNIQUE INDEX email_change_token_current_idx ON auth.users USING btree (email_change_token_current) WHERE email_change_token_current::text !~ '^[0-9 ]*$';
CREATE UNIQUE INDEX email_change_token_new_idx ON auth.users USING btree (email_change_token_new) WHERE email_change_token_new::text !~ '^[0-9 ]*$';
CREATE UNIQUE INDEX reauthentication_token_idx ON auth.users USING btree (reauthentication_token) WHERE reauthentication_token::text !~ '^[0-9 ]*$';

-- 00_init_auth_schema, 20220614074223_add_ip_address_to_audit_log.postgres.up.sql
CREATE TABLE auth.audit_log_entries (
  instance_id uuid,
  id uuid NOT NULL,
  payload json,
  created_at timestamptz,
  ip_address varchar(64) NOT NULL DEFAULT ''::varchar,
  CONSTRAINT audit_log_entries_pkey PRIMARY KEY (id)
);
COMMENT ON TABLE auth.audit_log_entries IS 'Auth: Audit trail for user actions.';
CREATE INDEX audit_logs_instance_id_idx ON auth.audit_log_entries USING btree (instance_id);

CREATE TABLE auth.instances (
  id uuid NOT NULL,
  uuid uuid,
  raw_base_config text,
  created_at timestamptz,
  updated_at timestamptz,
  CONSTRAINT instances_pkey PRIMARY KEY (id)
);
COMMENT ON TABLE auth.instances IS 'Auth: Manages users across multiple sites.';

CREATE TABLE auth.schema_migrations (
  version varchar(255) NOT NULL,
  CONSTRAINT schema_migrations_pkey PRIMARY KEY (version)
);
COMMENT ON TABLE auth.schema_migrations IS 'Auth: Manages updates to the auth system.';

-- 20250804100000_add_oauth_authorizations_consents, 20250901200500_add_oauth_client_type,
-- 20250903112500_remove_oauth_client_id_column, 20260121000000_add_token_endpoint_auth_method
CREATE TABLE auth.oauth_clients (
  id uuid NOT NULL,
  client_secret_hash text,
  registration_type auth.oauth_registration_type NOT NULL,
  redirect_uris text NOT NULL,
  grant_types text NOT NULL,
  client_name text,
  client_uri text,
  logo_uri text,
  created_at timestamptz NOT NULL DEFAULT now(),
  updated_at timestamptz NOT NULL DEFAULT now(),
  deleted_at timestamptz,
  client_type auth.oauth_client_type NOT NULL DEFAULT 'confidential'::auth.oauth_client_type,
  token_endpoint_auth_method text NOT NULL,
  CONSTRAINT oauth_clients_pkey PRIMARY KEY (id),
  CONSTRAINT oauth_clients_client_name_length CHECK (char_length(client_name) <= 1024),
  CONSTRAINT oauth_clients_client_uri_length CHECK (char_length(client_uri) <= 2048),
  CONSTRAINT oauth_clients_logo_uri_length CHECK (char_length(logo_uri) <= 2048),
  CONSTRAINT oauth_clients_token_endpoint_auth_method_check
    CHECK (token_endpoint_auth_method = ANY (ARRAY['client_secret_basic'::text, 'client_secret_post'::text, 'none'::text]))
);
CREATE INDEX oauth_clients_deleted_at_idx ON auth.oauth_clients USING btree (deleted_at);

-- 20220811173540_add_sessions_table, 20221003041400_add_aal_and_factor_id_to_sessions,
-- 20221114143122_add_session_not_after_column, 20231027141322_add_session_refresh_columns,
-- 20231114161723_add_sessions_tag, 20250904133000_add_oauth_client_id_to_session,
-- 20251007112900_add_session_refresh_token_columns, 20251111201300_add_scopes_to_sessions
CREATE TABLE auth.sessions (
  id uuid NOT NULL,
  user_id uuid NOT NULL,
  created_at timestamptz,
  updated_at timestamptz,
  factor_id uuid,
  aal auth.aal_level,
  not_after timestamptz,
  refreshed_at timestamp,
  user_agent text,
  ip inet,
  tag text,
  oauth_client_id uuid,
  refresh_token_hmac_key text,
  refresh_token_counter bigint,
  scopes text,
  CONSTRAINT sessions_pkey PRIMARY KEY (id),
  CONSTRAINT sessions_user_id_fkey FOREIGN KEY (user_id) REFERENCES auth.users (id) ON DELETE CASCADE,
  CONSTRAINT sessions_oauth_client_id_fkey FOREIGN KEY (oauth_client_id) REFERENCES auth.oauth_clients (id) ON DELETE CASCADE,
  CONSTRAINT sessions_scopes_length CHECK (char_length(scopes) <= 4096)
);
COMMENT ON TABLE auth.sessions IS 'Auth: Stores session data associated to a user.';
COMMENT ON COLUMN auth.sessions.not_after IS 'Auth: Not after is a nullable column that contains a timestamp after which the session should be regarded as expired.';
COMMENT ON COLUMN auth.sessions.refresh_token_hmac_key IS 'Holds a HMAC-SHA256 key used to sign refresh tokens for this session.';
COMMENT ON COLUMN auth.sessions.refresh_token_counter IS 'Holds the ID (counter) of the last issued refresh token.';
CREATE INDEX sessions_user_id_idx ON auth.sessions USING btree (user_id);
CREATE INDEX user_id_created_at_idx ON auth.sessions USING btree (user_id, created_at);
CREATE INDEX sessions_not_after_idx ON auth.sessions USING btree (not_after DESC);
CREATE INDEX sessions_oauth_client_id_idx ON auth.sessions USING btree (oauth_client_id);

-- 00_init_auth_schema, 20210927181326_add_refresh_token_parent,
-- 20221114143410_remove_parent_foreign_key_refresh_tokens, 20220811173540_add_sessions_table
CREATE TABLE auth.refresh_tokens (
  instance_id uuid,
  id bigserial NOT NULL,
  token varchar(255),
  user_id varchar(255),
  revoked boolean,
  created_at timestamptz,
  updated_at timestamptz,
  parent varchar(255),
  session_id uuid,
  CONSTRAINT refresh_tokens_pkey PRIMARY KEY (id),
  CONSTRAINT refresh_tokens_token_unique UNIQUE (token),
  CONSTRAINT refresh_tokens_session_id_fkey FOREIGN KEY (session_id) REFERENCES auth.sessions (id) ON DELETE CASCADE
);
COMMENT ON TABLE auth.refresh_tokens IS 'Auth: Store of tokens used to refresh JWT tokens once they expire.';
CREATE INDEX refresh_tokens_instance_id_idx ON auth.refresh_tokens USING btree (instance_id);
CREATE INDEX refresh_tokens_instance_id_user_id_idx ON auth.refresh_tokens USING btree (instance_id, user_id);
CREATE INDEX refresh_tokens_parent_idx ON auth.refresh_tokens USING btree (parent);
CREATE INDEX refresh_tokens_session_id_revoked_idx ON auth.refresh_tokens USING btree (session_id, revoked);
CREATE INDEX refresh_tokens_updated_at_idx ON auth.refresh_tokens USING btree (updated_at DESC);

-- 20210909172000_create_identities_table, 20221215195800_add_identities_email_column,
-- 20231117164230_add_id_pkey_identities
CREATE TABLE auth.identities (
  provider_id text NOT NULL,
  user_id uuid NOT NULL,
  identity_data jsonb NOT NULL,
  provider text NOT NULL,
  last_sign_in_at timestamptz,
  created_at timestamptz,
  updated_at timestamptz,
  email text GENERATED ALWAYS AS (lower(identity_data ->> 'email')) STORED,
  id uuid NOT NULL DEFAULT gen_random_uuid(),
  CONSTRAINT identities_pkey PRIMARY KEY (id),
  CONSTRAINT identities_provider_id_provider_unique UNIQUE (provider_id, provider),
  CONSTRAINT identities_user_id_fkey FOREIGN KEY (user_id) REFERENCES auth.users (id) ON DELETE CASCADE
);
COMMENT ON TABLE auth.identities IS 'Auth: Stores identities associated to a user.';
COMMENT ON COLUMN auth.identities.email IS 'Auth: Email is a generated column that references the optional email property in the identity_data';
CREATE INDEX identities_user_id_idx ON auth.identities USING btree (user_id);
CREATE INDEX identities_email_idx ON auth.identities USING btree (email text_pattern_ops);
COMMENT ON INDEX auth.identities_email_idx IS 'Auth: Ensures indexed queries on the email column';

-- 20221003041349_add_mfa_schema and later: 20230914180801_add_mfa_factors_user_id_idx,
-- 20240729123726_add_mfa_phone_config, 20240802193726_add_mfa_factors_column_last_challenged_at,
-- 20241009103726_add_web_authn, 20250925093508_add_last_webauthn_challenge_data
CREATE TABLE auth.mfa_factors (
  id uuid NOT NULL,
  user_id uuid NOT NULL,
  friendly_name text,
  factor_type auth.factor_type NOT NULL,
  status auth.factor_status NOT NULL,
  created_at timestamptz NOT NULL,
  updated_at timestamptz NOT NULL,
  secret text,
  phone text,
  last_challenged_at timestamptz,
  web_authn_credential jsonb,
  web_authn_aaguid uuid,
  last_webauthn_challenge_data jsonb,
  CONSTRAINT mfa_factors_pkey PRIMARY KEY (id),
  CONSTRAINT mfa_factors_last_challenged_at_key UNIQUE (last_challenged_at),
  CONSTRAINT mfa_factors_user_id_fkey FOREIGN KEY (user_id) REFERENCES auth.users (id) ON DELETE CASCADE
);
COMMENT ON TABLE auth.mfa_factors IS 'auth: stores metadata about factors';
COMMENT ON COLUMN auth.mfa_factors.last_webauthn_challenge_data IS 'Stores the latest WebAuthn challenge data including attestation/assertion for customer verification';
CREATE INDEX mfa_factors_user_id_idx ON auth.mfa_factors USING btree (user_id);
CREATE INDEX factor_id_created_at_idx ON auth.mfa_factors USING btree (user_id, created_at);
CREATE UNIQUE INDEX mfa_factors_user_friendly_name_unique ON auth.mfa_factors USING btree (friendly_name, user_id) WHERE TRIM(BOTH FROM friendly_name) <> '';
CREATE UNIQUE INDEX unique_phone_factor_per_user ON auth.mfa_factors USING btree (user_id, phone);

CREATE TABLE auth.mfa_challenges (
  id uuid NOT NULL,
  factor_id uuid NOT NULL,
  created_at timestamptz NOT NULL,
  verified_at timestamptz,
  ip_address inet NOT NULL,
  otp_code text,
  web_authn_session_data jsonb,
  CONSTRAINT mfa_challenges_pkey PRIMARY KEY (id),
  CONSTRAINT mfa_challenges_auth_factor_id_fkey FOREIGN KEY (factor_id) REFERENCES auth.mfa_factors (id) ON DELETE CASCADE
);
COMMENT ON TABLE auth.mfa_challenges IS 'auth: stores metadata about challenge requests made';
CREATE INDEX mfa_challenge_created_at_idx ON auth.mfa_challenges USING btree (created_at DESC);

CREATE TABLE auth.mfa_amr_claims (
  session_id uuid NOT NULL,
  created_at timestamptz NOT NULL,
  updated_at timestamptz NOT NULL,
  authentication_method text NOT NULL,
  id uuid NOT NULL,
  CONSTRAINT amr_id_pk PRIMARY KEY (id),
  CONSTRAINT mfa_amr_claims_session_id_authentication_method_pkey UNIQUE (session_id, authentication_method),
  CONSTRAINT mfa_amr_claims_session_id_fkey FOREIGN KEY (session_id) REFERENCES auth.sessions (id) ON DELETE CASCADE
);
COMMENT ON TABLE auth.mfa_amr_claims IS 'auth: stores authenticator method reference claims for multi factor authentication';

-- 20221021082433_add_saml, 20240314092811_add_saml_name_id_format,
-- 20250717082212_add_disabled_to_sso_providers
CREATE TABLE auth.sso_providers (
  id uuid NOT NULL,
  resource_id text,
  created_at timestamptz,
  updated_at timestamptz,
  disabled boolean,
  CONSTRAINT sso_providers_pkey PRIMARY KEY (id),
  CONSTRAINT "resource_id not empty" CHECK (resource_id = NULL::text OR char_length(resource_id) > 0)
);
COMMENT ON TABLE auth.sso_providers IS 'Auth: Manages SSO identity provider information; see saml_providers for SAML.';
COMMENT ON COLUMN auth.sso_providers.resource_id IS 'Auth: Uniquely identifies a SSO provider according to a user-chosen resource ID (case insensitive), useful in infrastructure as code.';
CREATE UNIQUE INDEX sso_providers_resource_id_idx ON auth.sso_providers USING btree (lower(resource_id));
CREATE INDEX sso_providers_resource_id_pattern_idx ON auth.sso_providers USING btree (resource_id text_pattern_ops);

CREATE TABLE auth.sso_domains (
  id uuid NOT NULL,
  sso_provider_id uuid NOT NULL,
  domain text NOT NULL,
  created_at timestamptz,
  updated_at timestamptz,
  CONSTRAINT sso_domains_pkey PRIMARY KEY (id),
  CONSTRAINT sso_domains_sso_provider_id_fkey FOREIGN KEY (sso_provider_id) REFERENCES auth.sso_providers (id) ON DELETE CASCADE,
  CONSTRAINT "domain not empty" CHECK (char_length(domain) > 0)
);
COMMENT ON TABLE auth.sso_domains IS 'Auth: Manages SSO email address domain mapping to an SSO Identity Provider.';
CREATE INDEX sso_domains_sso_provider_id_idx ON auth.sso_domains USING btree (sso_provider_id);
CREATE UNIQUE INDEX sso_domains_domain_idx ON auth.sso_domains USING btree (lower(domain));

CREATE TABLE auth.saml_providers (
  id uuid NOT NULL,
  sso_provider_id uuid NOT NULL,
  entity_id text NOT NULL,
  metadata_xml text NOT NULL,
  metadata_url text,
  attribute_mapping jsonb,
  created_at timestamptz,
  updated_at timestamptz,
  name_id_format text,
  CONSTRAINT saml_providers_pkey PRIMARY KEY (id),
  CONSTRAINT saml_providers_entity_id_key UNIQUE (entity_id),
  CONSTRAINT saml_providers_sso_provider_id_fkey FOREIGN KEY (sso_provider_id) REFERENCES auth.sso_providers (id) ON DELETE CASCADE,
  CONSTRAINT "entity_id not empty" CHECK (char_length(entity_id) > 0),
  CONSTRAINT "metadata_url not empty" CHECK (metadata_url = NULL::text OR char_length(metadata_url) > 0),
  CONSTRAINT "metadata_xml not empty" CHECK (char_length(metadata_xml) > 0)
);
COMMENT ON TABLE auth.saml_providers IS 'Auth: Manages SAML Identity Provider connections.';
CREATE INDEX saml_providers_sso_provider_id_idx ON auth.saml_providers USING btree (sso_provider_id);

-- 20230322519590_add_flow_state_table, 20230402418590_add_authentication_method_to_flow_state_table,
-- 20240306115329_add_issued_at_to_flow_state, 20260115000000_add_flow_state_oauth_context,
-- 20260219120000_add_custom_oauth_providers, 20260302000000_add_passkeys
CREATE TABLE auth.flow_state (
  id uuid NOT NULL,
  user_id uuid,
  auth_code text,
  code_challenge_method auth.code_challenge_method,
  code_challenge text,
  provider_type text NOT NULL,
  provider_access_token text,
  provider_refresh_token text,
  created_at timestamptz,
  updated_at timestamptz,
  authentication_method text NOT NULL,
  auth_code_issued_at timestamptz,
  invite_token text,
  referrer text,
  oauth_client_state_id uuid,
  linking_target_id uuid,
  email_optional boolean NOT NULL DEFAULT false,
  CONSTRAINT flow_state_pkey PRIMARY KEY (id)
);
COMMENT ON TABLE auth.flow_state IS 'Stores metadata for all OAuth/SSO login flows';
CREATE INDEX idx_auth_code ON auth.flow_state USING btree (auth_code);
CREATE INDEX idx_user_id_auth_method ON auth.flow_state USING btree (user_id, authentication_method);
CREATE INDEX flow_state_created_at_idx ON auth.flow_state USING btree (created_at DESC);

-- 20221021082433_add_saml, 20230818113222_add_flow_state_to_relay_state,
-- 20240115144230_remove_ip_address_from_saml_relay_state
CREATE TABLE auth.saml_relay_states (
  id uuid NOT NULL,
  sso_provider_id uuid NOT NULL,
  request_id text NOT NULL,
  for_email text,
  redirect_to text,
  created_at timestamptz,
  updated_at timestamptz,
  flow_state_id uuid,
  CONSTRAINT saml_relay_states_pkey PRIMARY KEY (id),
  CONSTRAINT saml_relay_states_sso_provider_id_fkey FOREIGN KEY (sso_provider_id) REFERENCES auth.sso_providers (id) ON DELETE CASCADE,
  CONSTRAINT saml_relay_states_flow_state_id_fkey FOREIGN KEY (flow_state_id) REFERENCES auth.flow_state (id) ON DELETE CASCADE,
  CONSTRAINT "request_id not empty" CHECK (char_length(request_id) > 0)
);
COMMENT ON TABLE auth.saml_relay_states IS 'Auth: Contains SAML Relay State information for each Service Provider initiated login.';
CREATE INDEX saml_relay_states_sso_provider_id_idx ON auth.saml_relay_states USING btree (sso_provider_id);
CREATE INDEX saml_relay_states_for_email_idx ON auth.saml_relay_states USING btree (for_email);
CREATE INDEX saml_relay_states_created_at_idx ON auth.saml_relay_states USING btree (created_at DESC);

-- 20240427152123_add_one_time_tokens_table
CREATE TABLE auth.one_time_tokens (
  id uuid NOT NULL,
  user_id uuid NOT NULL,
  token_type auth.one_time_token_type NOT NULL,
  token_hash text NOT NULL,
  relates_to text NOT NULL,
  created_at timestamp NOT NULL DEFAULT now(),
  updated_at timestamp NOT NULL DEFAULT now(),
  CONSTRAINT one_time_tokens_pkey PRIMARY KEY (id),
  CONSTRAINT one_time_tokens_user_id_fkey FOREIGN KEY (user_id) REFERENCES auth.users (id) ON DELETE CASCADE,
  CONSTRAINT one_time_tokens_token_hash_check CHECK (char_length(token_hash) > 0)
);
CREATE INDEX one_time_tokens_token_hash_hash_idx ON auth.one_time_tokens USING hash (token_hash);
CREATE INDEX one_time_tokens_relates_to_hash_idx ON auth.one_time_tokens USING hash (relates_to);
CREATE UNIQUE INDEX one_time_tokens_user_id_token_type_key ON auth.one_time_tokens USING btree (user_id, token_type);

-- 20250804100000_add_oauth_authorizations_consents, 20251104100000_add_nonce_to_oauth_authorizations
CREATE TABLE auth.oauth_authorizations (
  id uuid NOT NULL,
  authorization_id text NOT NULL,
  client_id uuid NOT NULL,
  user_id uuid,
  redirect_uri text NOT NULL,
  scope text NOT NULL,
  state text,
  resource text,
  code_challenge text,
  code_challenge_method auth.code_challenge_method,
  response_type auth.oauth_response_type NOT NULL DEFAULT 'code'::auth.oauth_response_type,
  status auth.oauth_authorization_status NOT NULL DEFAULT 'pending'::auth.oauth_authorization_status,
  authorization_code text,
  created_at timestamptz NOT NULL DEFAULT now(),
  expires_at timestamptz NOT NULL DEFAULT (now() + '00:03:00'::interval),
  approved_at timestamptz,
  nonce text,
  CONSTRAINT oauth_authorizations_pkey PRIMARY KEY (id),
  CONSTRAINT oauth_authorizations_authorization_id_key UNIQUE (authorization_id),
  CONSTRAINT oauth_authorizations_authorization_code_key UNIQUE (authorization_code),
  CONSTRAINT oauth_authorizations_client_id_fkey FOREIGN KEY (client_id) REFERENCES auth.oauth_clients (id) ON DELETE CASCADE,
  CONSTRAINT oauth_authorizations_user_id_fkey FOREIGN KEY (user_id) REFERENCES auth.users (id) ON DELETE CASCADE,
  CONSTRAINT oauth_authorizations_authorization_code_length CHECK (char_length(authorization_code) <= 255),
  CONSTRAINT oauth_authorizations_code_challenge_length CHECK (char_length(code_challenge) <= 128),
  CONSTRAINT oauth_authorizations_expires_at_future CHECK (expires_at > created_at),
  CONSTRAINT oauth_authorizations_nonce_length CHECK (char_length(nonce) <= 255),
  CONSTRAINT oauth_authorizations_redirect_uri_length CHECK (char_length(redirect_uri) <= 2048),
  CONSTRAINT oauth_authorizations_resource_length CHECK (char_length(resource) <= 2048),
  CONSTRAINT oauth_authorizations_scope_length CHECK (char_length(scope) <= 4096),
  CONSTRAINT oauth_authorizations_state_length CHECK (char_length(state) <= 4096)
);
CREATE INDEX oauth_auth_pending_exp_idx ON auth.oauth_authorizations USING btree (expires_at) WHERE status = 'pending'::auth.oauth_authorization_status;

CREATE TABLE auth.oauth_consents (
  id uuid NOT NULL,
  user_id uuid NOT NULL,
  client_id uuid NOT NULL,
  scopes text NOT NULL,
  granted_at timestamptz NOT NULL DEFAULT now(),
  revoked_at timestamptz,
  CONSTRAINT oauth_consents_pkey PRIMARY KEY (id),
  CONSTRAINT oauth_consents_user_client_unique UNIQUE (user_id, client_id),
  CONSTRAINT oauth_consents_client_id_fkey FOREIGN KEY (client_id) REFERENCES auth.oauth_clients (id) ON DELETE CASCADE,
  CONSTRAINT oauth_consents_user_id_fkey FOREIGN KEY (user_id) REFERENCES auth.users (id) ON DELETE CASCADE,
  CONSTRAINT oauth_consents_revoked_after_granted CHECK (revoked_at IS NULL OR revoked_at >= granted_at),
  CONSTRAINT oauth_consents_scopes_length CHECK (char_length(scopes) <= 2048),
  CONSTRAINT oauth_consents_scopes_not_empty CHECK (char_length(TRIM(BOTH FROM scopes)) > 0)
);
CREATE INDEX oauth_consents_active_client_idx ON auth.oauth_consents USING btree (client_id) WHERE revoked_at IS NULL;
CREATE INDEX oauth_consents_active_user_client_idx ON auth.oauth_consents USING btree (user_id, client_id) WHERE revoked_at IS NULL;
CREATE INDEX oauth_consents_user_order_idx ON auth.oauth_consents USING btree (user_id, granted_at DESC);

-- 20251201000000_add_oauth_client_states_table
CREATE TABLE auth.oauth_client_states (
  id uuid NOT NULL,
  provider_type text NOT NULL,
  code_verifier text,
  created_at timestamptz NOT NULL,
  CONSTRAINT oauth_client_states_pkey PRIMARY KEY (id)
);
COMMENT ON TABLE auth.oauth_client_states IS 'Stores OAuth states for third-party provider authentication flows where Supabase acts as the OAuth client.';
CREATE INDEX idx_oauth_client_states_created_at ON auth.oauth_client_states USING btree (created_at);

-- 20260219120000_add_custom_oauth_providers, 20260625000000_add_custom_claims_allowlist
CREATE TABLE auth.custom_oauth_providers (
  id uuid NOT NULL DEFAULT gen_random_uuid(),
  provider_type text NOT NULL,
  identifier text NOT NULL,
  name text NOT NULL,
  client_id text NOT NULL,
  client_secret text NOT NULL,
  acceptable_client_ids text[] NOT NULL DEFAULT '{}'::text[],
  scopes text[] NOT NULL DEFAULT '{}'::text[],
  pkce_enabled boolean NOT NULL DEFAULT true,
  attribute_mapping jsonb NOT NULL DEFAULT '{}'::jsonb,
  authorization_params jsonb NOT NULL DEFAULT '{}'::jsonb,
  enabled boolean NOT NULL DEFAULT true,
  email_optional boolean NOT NULL DEFAULT false,
  issuer text,
  discovery_url text,
  skip_nonce_check boolean NOT NULL DEFAULT false,
  cached_discovery jsonb,
  discovery_cached_at timestamptz,
  authorization_url text,
  token_url text,
  userinfo_url text,
  jwks_uri text,
  created_at timestamptz NOT NULL DEFAULT now(),
  updated_at timestamptz NOT NULL DEFAULT now(),
  custom_claims_allowlist text[] NOT NULL DEFAULT '{}'::text[],
  CONSTRAINT custom_oauth_providers_pkey PRIMARY KEY (id),
  CONSTRAINT custom_oauth_providers_identifier_key UNIQUE (identifier),
  CONSTRAINT custom_oauth_providers_provider_type_check CHECK (provider_type = ANY (ARRAY['oauth2'::text, 'oidc'::text])),
  CONSTRAINT custom_oauth_providers_identifier_format CHECK (identifier ~ '^[a-z0-9][a-z0-9:-]{0,48}[a-z0-9]$'),
  CONSTRAINT custom_oauth_providers_name_length CHECK (char_length(name) >= 1 AND char_length(name) <= 100),
  CONSTRAINT custom_oauth_providers_client_id_length CHECK (char_length(client_id) >= 1 AND char_length(client_id) <= 512),
  CONSTRAINT custom_oauth_providers_issuer_length CHECK (issuer IS NULL OR (char_length(issuer) >= 1 AND char_length(issuer) <= 2048)),
  CONSTRAINT custom_oauth_providers_discovery_url_length CHECK (discovery_url IS NULL OR char_length(discovery_url) <= 2048),
  CONSTRAINT custom_oauth_providers_authorization_url_length CHECK (authorization_url IS NULL OR char_length(authorization_url) <= 2048),
  CONSTRAINT custom_oauth_providers_token_url_length CHECK (token_url IS NULL OR char_length(token_url) <= 2048),
  CONSTRAINT custom_oauth_providers_userinfo_url_length CHECK (userinfo_url IS NULL OR char_length(userinfo_url) <= 2048),
  CONSTRAINT custom_oauth_providers_jwks_uri_length CHECK (jwks_uri IS NULL OR char_length(jwks_uri) <= 2048),
  CONSTRAINT custom_oauth_providers_authorization_url_https CHECK (authorization_url IS NULL OR authorization_url ~~ 'https://%'),
  CONSTRAINT custom_oauth_providers_token_url_https CHECK (token_url IS NULL OR token_url ~~ 'https://%'),
  CONSTRAINT custom_oauth_providers_userinfo_url_https CHECK (userinfo_url IS NULL OR userinfo_url ~~ 'https://%'),
  CONSTRAINT custom_oauth_providers_jwks_uri_https CHECK (jwks_uri IS NULL OR jwks_uri ~~ 'https://%'),
  CONSTRAINT custom_oauth_providers_oauth2_requires_endpoints CHECK (provider_type <> 'oauth2' OR (authorization_url IS NOT NULL AND token_url IS NOT NULL AND userinfo_url IS NOT NULL)),
  CONSTRAINT custom_oauth_providers_oidc_requires_issuer CHECK (provider_type <> 'oidc' OR issuer IS NOT NULL),
  CONSTRAINT custom_oauth_providers_oidc_issuer_https CHECK (provider_type <> 'oidc' OR issuer IS NULL OR issuer ~~ 'https://%'),
  CONSTRAINT custom_oauth_providers_oidc_discovery_url_https CHECK (provider_type <> 'oidc' OR discovery_url IS NULL OR discovery_url ~~ 'https://%')
);
CREATE INDEX custom_oauth_providers_identifier_idx ON auth.custom_oauth_providers USING btree (identifier);
CREATE INDEX custom_oauth_providers_provider_type_idx ON auth.custom_oauth_providers USING btree (provider_type);
CREATE INDEX custom_oauth_providers_enabled_idx ON auth.custom_oauth_providers USING btree (enabled);
CREATE INDEX custom_oauth_providers_created_at_idx ON auth.custom_oauth_providers USING btree (created_at);

-- 20260302000000_add_passkeys
CREATE TABLE auth.webauthn_credentials (
  id uuid NOT NULL DEFAULT gen_random_uuid(),
  user_id uuid NOT NULL,
  credential_id bytea NOT NULL,
  public_key bytea NOT NULL,
  attestation_type text NOT NULL DEFAULT ''::text,
  aaguid uuid,
  sign_count bigint NOT NULL DEFAULT 0,
  transports jsonb NOT NULL DEFAULT '[]'::jsonb,
  backup_eligible boolean NOT NULL DEFAULT false,
  backed_up boolean NOT NULL DEFAULT false,
  friendly_name text NOT NULL DEFAULT ''::text,
  created_at timestamptz NOT NULL DEFAULT now(),
  updated_at timestamptz NOT NULL DEFAULT now(),
  last_used_at timestamptz,
  CONSTRAINT webauthn_credentials_pkey PRIMARY KEY (id),
  CONSTRAINT webauthn_credentials_user_id_fkey FOREIGN KEY (user_id) REFERENCES auth.users (id) ON DELETE CASCADE
);
CREATE UNIQUE INDEX webauthn_credentials_credential_id_key ON auth.webauthn_credentials USING btree (credential_id);
CREATE INDEX webauthn_credentials_user_id_idx ON auth.webauthn_credentials USING btree (user_id);

CREATE TABLE auth.webauthn_challenges (
  id uuid NOT NULL DEFAULT gen_random_uuid(),
  user_id uuid,
  challenge_type text NOT NULL,
  session_data jsonb NOT NULL,
  created_at timestamptz NOT NULL DEFAULT now(),
  expires_at timestamptz NOT NULL,
  CONSTRAINT webauthn_challenges_pkey PRIMARY KEY (id),
  CONSTRAINT webauthn_challenges_user_id_fkey FOREIGN KEY (user_id) REFERENCES auth.users (id) ON DELETE CASCADE,
  CONSTRAINT webauthn_challenges_challenge_type_check CHECK (challenge_type = ANY (ARRAY['signup'::text, 'registration'::text, 'authentication'::text]))
);
CREATE INDEX webauthn_challenges_user_id_idx ON auth.webauthn_challenges USING btree (user_id);
CREATE INDEX webauthn_challenges_expires_at_idx ON auth.webauthn_challenges USING btree (expires_at);

-- The JWT helpers policies call. supabase/auth migrations/20211124214934_update_auth_functions,
-- 20220224000811_update_auth_functions, 20220531120530_add_auth_jwt_function: each reads the
-- claim PostgREST sets, first as its own setting (request.jwt.claim.*, PostgREST < 9), then
-- inside request.jwt.claims.
CREATE FUNCTION auth.uid() RETURNS uuid
  LANGUAGE sql STABLE
  AS $$
    SELECT coalesce(
      nullif(current_setting('request.jwt.claim.sub', true), ''),
      nullif(current_setting('request.jwt.claims', true), '')::jsonb ->> 'sub'
    )::uuid
  $$;
COMMENT ON FUNCTION auth.uid() IS 'Deprecated. Use auth.jwt() -> ''sub'' instead.';

CREATE FUNCTION auth.role() RETURNS text
  LANGUAGE sql STABLE
  AS $$
    SELECT coalesce(
      nullif(current_setting('request.jwt.claim.role', true), ''),
      nullif(current_setting('request.jwt.claims', true), '')::jsonb ->> 'role'
    )::text
  $$;
COMMENT ON FUNCTION auth.role() IS 'Deprecated. Use auth.jwt() -> ''role'' instead.';

CREATE FUNCTION auth.email() RETURNS text
  LANGUAGE sql STABLE
  AS $$
    SELECT coalesce(
      nullif(current_setting('request.jwt.claim.email', true), ''),
      nullif(current_setting('request.jwt.claims', true), '')::jsonb ->> 'email'
    )::text
  $$;
COMMENT ON FUNCTION auth.email() IS 'Deprecated. Use auth.jwt() -> ''email'' instead.';

CREATE FUNCTION auth.jwt() RETURNS jsonb
  LANGUAGE sql STABLE
  AS $$
    SELECT coalesce(
      nullif(current_setting('request.jwt.claim', true), ''),
      nullif(current_setting('request.jwt.claims', true), '')
    )::jsonb
  $$;

-- Row level security on every auth table the Auth server had when it turned it on
-- (20240612123726_enable_rls_update_grants); the tables added after it have none.
ALTER TABLE auth.schema_migrations ENABLE ROW LEVEL SECURITY;
ALTER TABLE auth.instances ENABLE ROW LEVEL SECURITY;
ALTER TABLE auth.users ENABLE ROW LEVEL SECURITY;
ALTER TABLE auth.audit_log_entries ENABLE ROW LEVEL SECURITY;
ALTER TABLE auth.saml_relay_states ENABLE ROW LEVEL SECURITY;
ALTER TABLE auth.refresh_tokens ENABLE ROW LEVEL SECURITY;
ALTER TABLE auth.mfa_factors ENABLE ROW LEVEL SECURITY;
ALTER TABLE auth.sessions ENABLE ROW LEVEL SECURITY;
ALTER TABLE auth.sso_providers ENABLE ROW LEVEL SECURITY;
ALTER TABLE auth.sso_domains ENABLE ROW LEVEL SECURITY;
ALTER TABLE auth.mfa_challenges ENABLE ROW LEVEL SECURITY;
ALTER TABLE auth.mfa_amr_claims ENABLE ROW LEVEL SECURITY;
ALTER TABLE auth.saml_providers ENABLE ROW LEVEL SECURITY;
ALTER TABLE auth.flow_state ENABLE ROW LEVEL SECURITY;
ALTER TABLE auth.identities ENABLE ROW LEVEL SECURITY;
ALTER TABLE auth.one_time_tokens ENABLE ROW LEVEL SECURITY;

-- postgres may read every auth table and pass that on (a migration may grant select on
-- auth.users to a role of its own); it has the rest through the default privileges of
-- supabase_auth_admin, except on schema_migrations (20250421084701_revoke_admin_roles_from_postgres).
GRANT SELECT ON auth.schema_migrations, auth.instances, auth.users, auth.audit_log_entries,
  auth.saml_relay_states, auth.refresh_tokens, auth.mfa_factors, auth.sessions, auth.sso_providers,
  auth.sso_domains, auth.mfa_challenges, auth.mfa_amr_claims, auth.saml_providers, auth.flow_state,
  auth.identities, auth.one_time_tokens
  TO postgres WITH GRANT OPTION;
REVOKE ALL ON auth.schema_migrations FROM dashboard_user, postgres;

RESET ROLE;

-- =============================================================================
-- storage: what the Storage server creates, as of supabase/storage
-- migrations/tenant/0001 .. 0063 (the init script 00000000000002-storage-schema.sql of
-- supabase/postgres made the first buckets/objects/migrations tables). The Storage
-- server connects as supabase_storage_admin, which owns what it made.
-- =============================================================================
SET ROLE supabase_storage_admin;

-- 0044-vector-bucket-type.sql, 0045-vector-buckets.sql
CREATE TYPE storage.buckettype AS ENUM ('STANDARD', 'ANALYTICS', 'VECTOR');

-- 0002-storage-schema.sql, 0008-add-public-to-buckets.sql, 0012-add-automatic-avif-detection-flag.sql,
-- 0013-add-bucket-custom-limits.sql, 0014-use-bytes-for-max-size.sql,
-- 0017-drop-owner-foreign-key.sql, 0018-add_owner_id_column_deprecate_owner.sql,
-- 0044-vector-bucket-type.sql, 0062-object-versioning-core.sql
CREATE TABLE storage.buckets (
  id text NOT NULL,
  name text NOT NULL,
  owner uuid,
  created_at timestamptz DEFAULT now(),
  updated_at timestamptz DEFAULT now(),
  public boolean DEFAULT false,
  avif_autodetection boolean DEFAULT false,
  file_size_limit bigint,
  allowed_mime_types text[],
  owner_id text,
  type storage.buckettype NOT NULL DEFAULT 'STANDARD'::storage.buckettype,
  versioning_status text NOT NULL DEFAULT 'DISABLED'::text,
  CONSTRAINT buckets_pkey PRIMARY KEY (id),
  CONSTRAINT buckets_versioning_status_check CHECK (versioning_status = ANY (ARRAY['DISABLED'::text, 'ENABLED'::text, 'SUSPENDED'::text])),
  CONSTRAINT buckets_versioning_standard_only_check CHECK (type = 'STANDARD'::storage.buckettype OR versioning_status = 'DISABLED'::text),
  CONSTRAINT buckets_versioning_dark_check CHECK (versioning_status = 'DISABLED'::text)
);
COMMENT ON COLUMN storage.buckets.owner IS 'Field is deprecated, use owner_id instead';
CREATE UNIQUE INDEX bname ON storage.buckets USING btree (name);

-- 0002-storage-schema.sql, 0003-pathtoken-column.sql, 0016-add-version.sql,
-- 0018-add_owner_id_column_deprecate_owner.sql, 0019-alter-default-value-objects-id.sql,
-- 0025-custom-metadata.sql, 0062-object-versioning-core.sql
CREATE TABLE storage.objects (
  id uuid NOT NULL DEFAULT gen_random_uuid(),
  bucket_id text,
  name text,
  owner uuid,
  created_at timestamptz DEFAULT now(),
  updated_at timestamptz DEFAULT now(),
  last_accessed_at timestamptz DEFAULT now(),
  metadata jsonb,
  path_tokens text[] GENERATED ALWAYS AS (string_to_array(name, '/')) STORED,
  version text,
  owner_id text,
  user_metadata jsonb,
  archived_at timestamptz,
  is_delete_marker boolean NOT NULL DEFAULT false,
  is_versioned boolean NOT NULL DEFAULT false,
  CONSTRAINT objects_pkey PRIMARY KEY (id),
  CONSTRAINT "objects_bucketId_fkey" FOREIGN KEY (bucket_id) REFERENCES storage.buckets (id)
);
COMMENT ON COLUMN storage.objects.owner IS 'Field is deprecated, use owner_id instead';
CREATE UNIQUE INDEX bucketid_objname ON storage.objects USING btree (bucket_id, name);
CREATE INDEX name_prefix_search ON storage.objects USING btree (name text_pattern_ops);
CREATE INDEX idx_objects_bucket_id_name ON storage.objects USING btree (bucket_id, name COLLATE "C");
CREATE INDEX idx_objects_bucket_id_name_lower ON storage.objects USING btree (bucket_id, lower(name) COLLATE "C");

-- supabase/postgres init-scripts/00000000000002-storage-schema.sql (the table the
-- Storage server's migration runner keeps its history in)
CREATE TABLE storage.migrations (
  id integer NOT NULL,
  name varchar(100) NOT NULL,
  hash varchar(40) NOT NULL,
  executed_at timestamp DEFAULT CURRENT_TIMESTAMP,
  CONSTRAINT migrations_pkey PRIMARY KEY (id),
  CONSTRAINT migrations_name_key UNIQUE (name)
);

-- 0021-s3-multipart-uploads.sql, 0022-s3-multipart-uploads-big-ints.sql,
-- 0057-s3-multipart-uploads-metadata.sql
CREATE TABLE storage.s3_multipart_uploads (
  id text NOT NULL,
  in_progress_size bigint NOT NULL DEFAULT 0,
  upload_signature text NOT NULL,
  bucket_id text NOT NULL,
  key text COLLATE "C" NOT NULL,
  version text NOT NULL,
  owner_id text,
  created_at timestamptz NOT NULL DEFAULT now(),
  user_metadata jsonb,
  metadata jsonb,
  CONSTRAINT s3_multipart_uploads_pkey PRIMARY KEY (id),
  CONSTRAINT s3_multipart_uploads_bucket_id_fkey FOREIGN KEY (bucket_id) REFERENCES storage.buckets (id)
);
CREATE INDEX idx_multipart_uploads_list ON storage.s3_multipart_uploads USING btree (bucket_id, key, created_at);

CREATE TABLE storage.s3_multipart_uploads_parts (
  id uuid NOT NULL DEFAULT gen_random_uuid(),
  upload_id text NOT NULL,
  size bigint NOT NULL DEFAULT 0,
  part_number integer NOT NULL,
  bucket_id text NOT NULL,
  key text COLLATE "C" NOT NULL,
  etag text NOT NULL,
  owner_id text,
  version text NOT NULL,
  created_at timestamptz NOT NULL DEFAULT now(),
  CONSTRAINT s3_multipart_uploads_parts_pkey PRIMARY KEY (id),
  CONSTRAINT s3_multipart_uploads_parts_bucket_id_fkey FOREIGN KEY (bucket_id) REFERENCES storage.buckets (id),
  CONSTRAINT s3_multipart_uploads_parts_upload_id_fkey FOREIGN KEY (upload_id) REFERENCES storage.s3_multipart_uploads (id) ON DELETE CASCADE
);

-- 0038-iceberg-catalog-flag-on-buckets.sql, 0047-iceberg-table-metadata.sql,
-- 0048-iceberg-catalog-ids.sql
CREATE TABLE storage.buckets_analytics (
  name text NOT NULL,
  type storage.buckettype NOT NULL DEFAULT 'ANALYTICS'::storage.buckettype,
  format text NOT NULL DEFAULT 'ICEBERG'::text,
  created_at timestamptz NOT NULL DEFAULT now(),
  updated_at timestamptz NOT NULL DEFAULT now(),
  id uuid NOT NULL DEFAULT gen_random_uuid(),
  deleted_at timestamptz,
  CONSTRAINT buckets_analytics_pkey PRIMARY KEY (id)
);
CREATE UNIQUE INDEX buckets_analytics_unique_name_idx ON storage.buckets_analytics USING btree (name) WHERE deleted_at IS NULL;

CREATE TABLE storage.iceberg_namespaces (
  id uuid NOT NULL DEFAULT gen_random_uuid(),
  bucket_name text NOT NULL,
  name text COLLATE "C" NOT NULL,
  created_at timestamptz NOT NULL DEFAULT now(),
  updated_at timestamptz NOT NULL DEFAULT now(),
  metadata jsonb NOT NULL DEFAULT '{}'::jsonb,
  catalog_id uuid NOT NULL,
  CONSTRAINT iceberg_namespaces_pkey PRIMARY KEY (id),
  CONSTRAINT iceberg_namespaces_catalog_id_fkey FOREIGN KEY (catalog_id) REFERENCES storage.buckets_analytics (id) ON DELETE CASCADE
);
CREATE UNIQUE INDEX idx_iceberg_namespaces_bucket_id ON storage.iceberg_namespaces USING btree (catalog_id, name);

CREATE TABLE storage.iceberg_tables (
  id uuid NOT NULL DEFAULT gen_random_uuid(),
  namespace_id uuid NOT NULL,
  bucket_name text NOT NULL,
  name text COLLATE "C" NOT NULL,
  location text NOT NULL,
  created_at timestamptz NOT NULL DEFAULT now(),
  updated_at timestamptz NOT NULL DEFAULT now(),
  remote_table_id text,
  shard_key text,
  shard_id text,
  catalog_id uuid NOT NULL,
  CONSTRAINT iceberg_tables_pkey PRIMARY KEY (id),
  CONSTRAINT iceberg_tables_catalog_id_fkey FOREIGN KEY (catalog_id) REFERENCES storage.buckets_analytics (id) ON DELETE CASCADE,
  CONSTRAINT iceberg_tables_namespace_id_fkey FOREIGN KEY (namespace_id) REFERENCES storage.iceberg_namespaces (id) ON DELETE CASCADE
);
CREATE UNIQUE INDEX idx_iceberg_tables_location ON storage.iceberg_tables USING btree (location);
CREATE UNIQUE INDEX idx_iceberg_tables_namespace_id ON storage.iceberg_tables USING btree (catalog_id, namespace_id, name);

-- 0045-vector-buckets.sql
CREATE TABLE storage.buckets_vectors (
  id text NOT NULL,
  type storage.buckettype NOT NULL DEFAULT 'VECTOR'::storage.buckettype,
  created_at timestamptz NOT NULL DEFAULT now(),
  updated_at timestamptz NOT NULL DEFAULT now(),
  CONSTRAINT buckets_vectors_pkey PRIMARY KEY (id)
);

CREATE TABLE storage.vector_indexes (
  id text NOT NULL DEFAULT gen_random_uuid(),
  name text COLLATE "C" NOT NULL,
  bucket_id text NOT NULL,
  data_type text NOT NULL,
  dimension integer NOT NULL,
  distance_metric text NOT NULL,
  metadata_configuration jsonb,
  created_at timestamptz NOT NULL DEFAULT now(),
  updated_at timestamptz NOT NULL DEFAULT now(),
  CONSTRAINT vector_indexes_pkey PRIMARY KEY (id),
  CONSTRAINT vector_indexes_bucket_id_fkey FOREIGN KEY (bucket_id) REFERENCES storage.buckets_vectors (id)
);
CREATE UNIQUE INDEX vector_indexes_name_bucket_id_idx ON storage.vector_indexes USING btree (name, bucket_id);

-- Path helpers used in storage policies (init script, 0036-optimise-existing-functions.sql,
-- 0061-mark-filename-immutable.sql).
CREATE FUNCTION storage.foldername(name text) RETURNS text[]
  LANGUAGE plpgsql IMMUTABLE
  AS $$
  DECLARE
    segments text[] := string_to_array(name, '/');
  BEGIN
    -- every segment but the file name
    RETURN segments[1 : array_length(segments, 1) - 1];
  END
  $$;

CREATE FUNCTION storage.filename(name text) RETURNS text
  LANGUAGE plpgsql IMMUTABLE
  AS $$
  DECLARE
    segments text[] := string_to_array(name, '/');
  BEGIN
    RETURN segments[array_length(segments, 1)];
  END
  $$;

CREATE FUNCTION storage.extension(name text) RETURNS text
  LANGUAGE plpgsql IMMUTABLE
  AS $$
  DECLARE
    segments text[] := string_to_array(name, '/');
  BEGIN
    -- what follows the last dot of the file name
    RETURN reverse(split_part(reverse(segments[array_length(segments, 1)]), '.', 1));
  END
  $$;

-- 0005-add-size-functions.sql, 0006-change-column-name-in-get-size.sql
CREATE FUNCTION storage.get_size_by_bucket() RETURNS TABLE (size bigint, bucket_id text)
  LANGUAGE plpgsql STABLE
  AS $$
  BEGIN
    RETURN QUERY
      SELECT sum((o.metadata ->> 'size')::bigint)::bigint, o.bucket_id
      FROM storage.objects AS o
      GROUP BY o.bucket_id;
  END
  $$;

-- 0015-add-can-insert-object-function.sql: try the insert (so RLS judges it), then undo it.
CREATE FUNCTION storage.can_insert_object(bucketid text, name text, owner uuid, metadata jsonb) RETURNS void
  LANGUAGE plpgsql
  AS $$
  BEGIN
    INSERT INTO storage.objects (bucket_id, name, owner, metadata) VALUES (bucketid, name, owner, metadata);
    RAISE SQLSTATE 'PT200' USING MESSAGE = 'ROLLBACK', DETAIL = 'rollback successful insert';
  END
  $$;

-- 0024-operation-function.sql, 0058-operation-ergonomics.sql
CREATE FUNCTION storage.operation() RETURNS text
  LANGUAGE plpgsql STABLE
  AS $$
  BEGIN
    RETURN current_setting('storage.operation', true);
  END;
  $$;

CREATE FUNCTION storage.allow_only_operation(expected_operation text) RETURNS boolean
  LANGUAGE sql STABLE
  AS $$
    -- operations are compared without their optional "storage." prefix
    SELECT coalesce(nullif(regexp_replace(expected_operation, '^storage\.', ''), '')
                    = regexp_replace(storage.operation(), '^storage\.', ''), false)
  $$;

CREATE FUNCTION storage.allow_any_operation(expected_operations text[]) RETURNS boolean
  LANGUAGE sql STABLE
  AS $$
    SELECT EXISTS (
      SELECT FROM unnest(expected_operations) AS e(op)
      WHERE coalesce(e.op, '') <> ''
        AND regexp_replace(e.op, '^storage\.', '') = regexp_replace(storage.operation(), '^storage\.', '')
    )
  $$;

-- 0020-list-objects-with-delimiter.sql, 0060-optimize-existing-functions-again.sql
CREATE FUNCTION storage.get_common_prefix(p_key text, p_prefix text, p_delimiter text) RETURNS text
  LANGUAGE sql IMMUTABLE
  AS $$
    SELECT CASE
      WHEN position(p_delimiter IN substr(p_key, length(p_prefix) + 1)) > 0
        THEN left(p_key, length(p_prefix) + position(p_delimiter IN substr(p_key, length(p_prefix) + 1)))
    END
  $$;

-- The listing functions the Storage API calls. Their bodies here answer the question
-- simply (one query each); the real ones are tuned for large buckets.
-- 0009-fix-search-function.sql, 00010-search-files-search-function.sql,
-- 0023-optimize-search-function.sql, 0063-fix-search-name-relative-to-prefix.sql
CREATE FUNCTION storage.search(
  prefix text, bucketname text, limits integer DEFAULT 100, levels integer DEFAULT 1,
  offsets integer DEFAULT 0, search text DEFAULT ''::text, sortcolumn text DEFAULT 'name'::text,
  sortorder text DEFAULT 'asc'::text
) RETURNS TABLE (name text, id uuid, updated_at timestamptz, created_at timestamptz,
                 last_accessed_at timestamptz, metadata jsonb)
  LANGUAGE plpgsql STABLE
  AS $$
  DECLARE
    order_column text := CASE WHEN lower(sortcolumn) IN ('name', 'updated_at', 'created_at', 'last_accessed_at')
                              THEN lower(sortcolumn) ELSE 'name' END;
    order_direction text := CASE WHEN lower(sortorder) = 'desc' THEN 'desc' ELSE 'asc' END;
  BEGIN
    RETURN QUERY EXECUTE format(
      'SELECT split_part(o.name, ''/'', $1) AS name, o.id, o.updated_at, o.created_at,
              o.last_accessed_at, o.metadata
       FROM storage.objects AS o
       WHERE o.bucket_id = $2 AND o.name ILIKE $3 || ''%%'' AND split_part(o.name, ''/'', $1) ILIKE $4 || ''%%''
       ORDER BY %I %s LIMIT $5 OFFSET $6', order_column, order_direction)
      USING levels, bucketname, coalesce(prefix, ''), coalesce(search, ''), limits, offsets;
  END
  $$;

CREATE FUNCTION storage.list_objects_with_delimiter(
  _bucket_id text, prefix_param text, delimiter_param text, max_keys integer DEFAULT 100,
  start_after text DEFAULT ''::text, next_token text DEFAULT ''::text, sort_order text DEFAULT 'asc'::text
) RETURNS TABLE (name text, id uuid, metadata jsonb, updated_at timestamptz, created_at timestamptz,
                 last_accessed_at timestamptz)
  LANGUAGE plpgsql STABLE
  AS $$
  BEGIN
    -- objects directly under the prefix, and one row (without id) per common prefix
    RETURN QUERY
      SELECT DISTINCT ON (entry)
             entry, CASE WHEN folder IS NULL THEN o.id END, CASE WHEN folder IS NULL THEN o.metadata END,
             CASE WHEN folder IS NULL THEN o.updated_at END, CASE WHEN folder IS NULL THEN o.created_at END,
             CASE WHEN folder IS NULL THEN o.last_accessed_at END
      FROM storage.objects AS o,
           LATERAL (SELECT storage.get_common_prefix(o.name COLLATE "C", prefix_param, delimiter_param) AS folder) AS f,
           LATERAL (SELECT coalesce(f.folder, o.name COLLATE "C") AS entry) AS e
      WHERE o.bucket_id = _bucket_id
        AND o.name COLLATE "C" LIKE prefix_param || '%'
        AND o.name COLLATE "C" > greatest(coalesce(start_after, ''), coalesce(next_token, ''))
      ORDER BY entry
      LIMIT max_keys;
  END
  $$;

CREATE FUNCTION storage.list_multipart_uploads_with_delimiter(
  bucket_id text, prefix_param text, delimiter_param text, max_keys integer DEFAULT 100,
  next_key_token text DEFAULT ''::text, next_upload_token text DEFAULT ''::text
) RETURNS TABLE (key text, id text, created_at timestamptz)
  LANGUAGE plpgsql
  AS $$
  BEGIN
    RETURN QUERY
      SELECT DISTINCT ON (k.entry) k.entry, u.id, u.created_at
      FROM storage.s3_multipart_uploads AS u,
           LATERAL (SELECT coalesce(storage.get_common_prefix(u.key, prefix_param, delimiter_param), u.key) AS entry) AS k
      WHERE u.bucket_id = list_multipart_uploads_with_delimiter.bucket_id
        AND u.key LIKE prefix_param || '%'
        AND (u.key > coalesce(next_key_token, '') OR (u.key = next_key_token AND u.id > coalesce(next_upload_token, '')))
      ORDER BY k.entry, u.id
      LIMIT max_keys;
  END
  $$;

CREATE FUNCTION storage.search_by_timestamp(
  p_prefix text, p_bucket_id text, p_limit integer, p_level integer, p_start_after text,
  p_sort_order text, p_sort_column text, p_sort_column_after text
) RETURNS TABLE (key text, name text, id uuid, updated_at timestamptz, created_at timestamptz,
                 last_accessed_at timestamptz, metadata jsonb)
  LANGUAGE plpgsql STABLE
  AS $$
  DECLARE
    order_column text := CASE WHEN p_sort_column = 'created_at' THEN 'created_at' ELSE 'updated_at' END;
    order_direction text := CASE WHEN lower(p_sort_order) = 'desc' THEN 'desc' ELSE 'asc' END;
  BEGIN
    RETURN QUERY EXECUTE format(
      'SELECT split_part(o.name, ''/'', $1), o.name, o.id, o.updated_at, o.created_at, o.last_accessed_at, o.metadata
       FROM storage.objects AS o
       WHERE o.bucket_id = $2 AND o.name COLLATE "C" LIKE $3 || ''%%'' AND o.name COLLATE "C" > $4
       ORDER BY %I %s, o.name LIMIT $5', order_column, order_direction)
      USING p_level, p_bucket_id, coalesce(p_prefix, ''), coalesce(p_start_after, ''), p_limit;
  END
  $$;

CREATE FUNCTION storage.search_v2(
  prefix text, bucket_name text, limits integer DEFAULT 100, levels integer DEFAULT 1,
  start_after text DEFAULT ''::text, sort_order text DEFAULT 'asc'::text,
  sort_column text DEFAULT 'name'::text, sort_column_after text DEFAULT ''::text
) RETURNS TABLE (key text, name text, id uuid, updated_at timestamptz, created_at timestamptz,
                 last_accessed_at timestamptz, metadata jsonb)
  LANGUAGE plpgsql STABLE
  AS $$
  BEGIN
    IF lower(coalesce(sort_column, 'name')) IN ('updated_at', 'created_at') THEN
      RETURN QUERY SELECT * FROM storage.search_by_timestamp(prefix, bucket_name, least(coalesce(limits, 100), 1500),
        levels, start_after, sort_order, lower(sort_column), sort_column_after);
    ELSE
      RETURN QUERY
        SELECT split_part(l.name, '/', levels), l.name, l.id, l.updated_at, l.created_at, l.last_accessed_at, l.metadata
        FROM storage.list_objects_with_delimiter(bucket_name, coalesce(prefix, ''), '/',
               least(coalesce(limits, 100), 1500), start_after, '', sort_order) AS l;
    END IF;
  END
  $$;

-- Triggers: 0011-add-trigger-to-auto-update-updated_at-column.sql,
-- 0037-add-bucket-name-length-trigger.sql, 0055-prevent-direct-deletes.sql
CREATE FUNCTION storage.update_updated_at_column() RETURNS trigger
  LANGUAGE plpgsql
  AS $$
  BEGIN
    NEW.updated_at = now();
    RETURN NEW;
  END;
  $$;

CREATE FUNCTION storage.enforce_bucket_name_length() RETURNS trigger
  LANGUAGE plpgsql
  AS $$
  BEGIN
    IF length(NEW.name) > 100 THEN
      RAISE EXCEPTION 'bucket name "%" is too long (% characters). Max is 100.', NEW.name, length(NEW.name);
    END IF;
    RETURN NEW;
  END;
  $$;

-- A hosted project refuses DELETE on storage.objects and storage.buckets unless the
-- Storage API says so: a migration that deletes rows there fails on the platform too.
CREATE FUNCTION storage.protect_delete() RETURNS trigger
  LANGUAGE plpgsql
  AS $$
  BEGIN
    IF coalesce(current_setting('storage.allow_delete_query', true), 'false') <> 'true' THEN
      RAISE EXCEPTION 'Direct deletion from storage tables is not allowed. Use the Storage API instead.'
        USING HINT = 'This prevents accidental data loss from orphaned objects.', ERRCODE = '42501';
    END IF;
    RETURN NULL;
  END;
  $$;

CREATE TRIGGER update_objects_updated_at BEFORE UPDATE ON storage.objects
  FOR EACH ROW EXECUTE FUNCTION storage.update_updated_at_column();
CREATE TRIGGER enforce_bucket_name_length_trigger BEFORE INSERT OR UPDATE OF name ON storage.buckets
  FOR EACH ROW EXECUTE FUNCTION storage.enforce_bucket_name_length();
CREATE TRIGGER protect_buckets_delete BEFORE DELETE ON storage.buckets
  FOR EACH STATEMENT EXECUTE FUNCTION storage.protect_delete();
CREATE TRIGGER protect_objects_delete BEFORE DELETE ON storage.objects
  FOR EACH STATEMENT EXECUTE FUNCTION storage.protect_delete();

-- Row level security on every storage table (0004-add-migrations-rls.sql,
-- 0007-add-rls-to-buckets.sql and the migrations that made the later tables).
ALTER TABLE storage.buckets ENABLE ROW LEVEL SECURITY;
ALTER TABLE storage.objects ENABLE ROW LEVEL SECURITY;
ALTER TABLE storage.migrations ENABLE ROW LEVEL SECURITY;
ALTER TABLE storage.s3_multipart_uploads ENABLE ROW LEVEL SECURITY;
ALTER TABLE storage.s3_multipart_uploads_parts ENABLE ROW LEVEL SECURITY;
ALTER TABLE storage.buckets_analytics ENABLE ROW LEVEL SECURITY;
ALTER TABLE storage.iceberg_namespaces ENABLE ROW LEVEL SECURITY;
ALTER TABLE storage.iceberg_tables ENABLE ROW LEVEL SECURITY;
ALTER TABLE storage.buckets_vectors ENABLE ROW LEVEL SECURITY;
ALTER TABLE storage.vector_indexes ENABLE ROW LEVEL SECURITY;

-- Table grants (0002-storage-schema.sql, 0021-s3-multipart-uploads.sql, 0045-vector-buckets.sql,
-- 0046-buckets-objects-grants.sql, 0047-iceberg-table-metadata.sql,
-- 0049-buckets-objects-grants-postgres.sql; storage.migrations is closed by supabase/postgres
-- 20250421084701_revoke_admin_roles_from_postgres.sql).
GRANT ALL ON storage.buckets, storage.objects TO anon, authenticated, service_role;
GRANT ALL ON storage.buckets, storage.objects TO postgres WITH GRANT OPTION;
GRANT ALL ON storage.buckets_analytics, storage.buckets_vectors, storage.vector_indexes TO anon, authenticated, service_role;
GRANT ALL ON storage.s3_multipart_uploads, storage.s3_multipart_uploads_parts TO service_role;
GRANT SELECT ON storage.s3_multipart_uploads, storage.s3_multipart_uploads_parts TO anon, authenticated;
GRANT ALL ON storage.iceberg_namespaces, storage.iceberg_tables TO service_role;
GRANT SELECT ON storage.iceberg_namespaces, storage.iceberg_tables TO anon, authenticated;

RESET ROLE;

-- =============================================================================
-- realtime: what the Realtime server creates in each project, as of supabase/realtime
-- lib/realtime/tenants/repo/migrations (up to 20260707120000) and its dump
-- priv/repo/tenant_db_dump_15.sql. It connects as supabase_realtime_admin.
-- =============================================================================
SET ROLE supabase_realtime_admin;

-- 20211116024918_create_realtime_subscription_table.ex, 20230128025114_add_in_op_to_filters.ex,
-- 20260616120000_add_postgrest_filter_ops.ex (and its revert and re-add),
-- 20211210212804_enable_generic_subscription_claims.ex
CREATE TYPE realtime.equality_op AS ENUM (
  'eq', 'neq', 'lt', 'lte', 'gt', 'gte', 'in', 'like', 'ilike', 'is', 'match', 'imatch', 'isdistinct'
);
CREATE TYPE realtime.action AS ENUM ('INSERT', 'UPDATE', 'DELETE', 'TRUNCATE', 'ERROR');
CREATE TYPE realtime.user_defined_filter AS (column_name text, op realtime.equality_op, value text, negate boolean);
CREATE TYPE realtime.wal_column AS (name text, type_name text, type_oid oid, value jsonb, is_pkey boolean, is_selectable boolean);
CREATE TYPE realtime.wal_rls AS (wal jsonb, is_rls_enabled boolean, subscription_ids uuid[], errors text[]);

CREATE FUNCTION realtime.to_regrole(role_name text) RETURNS regrole
  LANGUAGE sql IMMUTABLE
  AS $$ SELECT role_name::regrole $$;

CREATE TABLE realtime.schema_migrations (
  version bigint NOT NULL,
  inserted_at timestamp(0) DEFAULT now(),
  CONSTRAINT schema_migrations_pkey PRIMARY KEY (version)
);

-- 20211210212804_enable_generic_subscription_claims.ex, 20251120212548_add_action_to_subscriptions.ex,
-- 20260527120000_add_select_columns_to_subscriptions.ex
CREATE TABLE realtime.subscription (
  id bigint GENERATED ALWAYS AS IDENTITY,
  subscription_id uuid NOT NULL,
  entity regclass NOT NULL,
  filters realtime.user_defined_filter[] NOT NULL DEFAULT '{}'::realtime.user_defined_filter[],
  claims jsonb NOT NULL,
  claims_role regrole NOT NULL GENERATED ALWAYS AS (realtime.to_regrole(claims ->> 'role')) STORED,
  created_at timestamp NOT NULL DEFAULT timezone('utc'::text, now()),
  action_filter text DEFAULT '*'::text,
  selected_columns text[],
  CONSTRAINT pk_subscription PRIMARY KEY (id),
  CONSTRAINT subscription_action_filter_check CHECK (action_filter = ANY (ARRAY['*'::text, 'INSERT'::text, 'UPDATE'::text, 'DELETE'::text]))
);
CREATE INDEX ix_realtime_subscription_entity ON realtime.subscription USING btree (entity);
CREATE UNIQUE INDEX subscription_subscription_id_entity_filters_action_filter_selec
  ON realtime.subscription USING btree (subscription_id, entity, filters, action_filter, coalesce(selected_columns, '{}'::text[]));

-- 20231018144023_create_channels.ex .. 20241108114728_messages_using_uuid.ex,
-- 20260514120000_add_binary_payload_to_messages.ex: broadcast messages, partitioned by day
-- (the Realtime server creates the partitions).
CREATE TABLE realtime.messages (
  topic text NOT NULL,
  extension text NOT NULL,
  payload jsonb,
  event text,
  private boolean DEFAULT false,
  updated_at timestamp NOT NULL DEFAULT now(),
  inserted_at timestamp NOT NULL DEFAULT now(),
  id uuid NOT NULL DEFAULT gen_random_uuid(),
  binary_payload bytea,
  CONSTRAINT messages_pkey PRIMARY KEY (id, inserted_at)
) PARTITION BY RANGE (inserted_at);
ALTER TABLE realtime.messages ADD CONSTRAINT messages_payload_exclusive
  CHECK (payload IS NULL OR binary_payload IS NULL) NOT VALID;
CREATE INDEX messages_inserted_at_topic_index ON realtime.messages USING btree (inserted_at DESC, topic)
  WHERE extension = 'broadcast'::text AND private IS TRUE;
ALTER TABLE realtime.messages ENABLE ROW LEVEL SECURITY;

-- The topic of the broadcast being authorized: policies on realtime.messages use it.
CREATE FUNCTION realtime.topic() RETURNS text
  LANGUAGE sql STABLE
  AS $$ SELECT nullif(current_setting('realtime.topic', true), '')::text $$;

-- 20241121104152_fix_send_function_.ex .. 20251103001201_broadcast_send_include_payload_id.ex
CREATE FUNCTION realtime.send(payload jsonb, event text, topic text, private boolean DEFAULT true) RETURNS void
  LANGUAGE plpgsql
  AS $$
  DECLARE
    message_id uuid := gen_random_uuid();
  BEGIN
    BEGIN
      PERFORM set_config('realtime.topic', topic, true);
      INSERT INTO realtime.messages (id, payload, event, topic, private, extension)
      VALUES (message_id,
              CASE WHEN payload ? 'id' THEN payload ELSE payload || jsonb_build_object('id', message_id) END,
              event, topic, private, 'broadcast');
    EXCEPTION WHEN OTHERS THEN
      RAISE WARNING 'WarnSendingBroadcastMessage: %', SQLERRM;
    END;
  END;
  $$;

-- 20260603120000_add_send_binary_function.ex
CREATE FUNCTION realtime.send_binary(payload bytea, event text, topic text, private boolean DEFAULT true) RETURNS void
  LANGUAGE plpgsql
  AS $$
  BEGIN
    BEGIN
      PERFORM set_config('realtime.topic', topic, true);
      INSERT INTO realtime.messages (id, binary_payload, event, topic, private, extension)
      VALUES (gen_random_uuid(), payload, event, topic, private, 'broadcast');
    EXCEPTION WHEN OTHERS THEN
      RAISE WARNING 'WarnSendingBroadcastMessage: %', SQLERRM;
    END;
  END;
  $$;

-- Called from user triggers to broadcast a row change (20240827160934 and later).
CREATE FUNCTION realtime.broadcast_changes(
  topic_name text, event_name text, operation text, table_name text, table_schema text,
  new record, old record, level text DEFAULT 'ROW'::text
) RETURNS void
  LANGUAGE plpgsql
  AS $$
  DECLARE
    row_data jsonb := CASE WHEN level = 'ROW' AND operation IN ('INSERT', 'UPDATE') THEN to_jsonb(new) END;
    old_data jsonb := CASE WHEN level = 'ROW' AND operation IN ('UPDATE', 'DELETE') THEN to_jsonb(old) END;
  BEGIN
    PERFORM realtime.send(
      jsonb_build_object('operation', operation, 'table', table_name, 'schema', table_schema,
                         'record', row_data, 'old_record', old_data),
      event_name, topic_name, true);
  END;
  $$;

CREATE FUNCTION realtime.wal2json_escape_identifier(name text) RETURNS text
  LANGUAGE sql IMMUTABLE STRICT
  AS $$ SELECT regexp_replace(name, '([\\,.[:space:]])', '\\\1', 'g') $$;

CREATE FUNCTION realtime.quote_wal2json(entity regclass) RETURNS text
  LANGUAGE sql IMMUTABLE STRICT
  AS $$
    SELECT realtime.wal2json_escape_identifier(n.nspname::text) || '.' || realtime.wal2json_escape_identifier(c.relname::text)
    FROM pg_catalog.pg_class AS c JOIN pg_catalog.pg_namespace AS n ON n.oid = c.relnamespace
    WHERE c.oid = entity
  $$;

-- A value as jsonb, read as the given type (20211116213355_create_realtime_cast_function.ex).
CREATE FUNCTION realtime."cast"(val text, type_ regtype) RETURNS jsonb
  LANGUAGE plpgsql IMMUTABLE
  AS $$
  DECLARE
    result jsonb;
  BEGIN
    EXECUTE format('SELECT to_jsonb(%L::%s)', val, type_) INTO result;
    RETURN result;
  END
  $$;

CREATE FUNCTION realtime.check_equality_op(op realtime.equality_op, type_ regtype, val_1 text, val_2 text) RETURNS boolean
  LANGUAGE plpgsql IMMUTABLE
  AS $$
  DECLARE
    result boolean;
    operator text := CASE op WHEN 'eq' THEN '=' WHEN 'neq' THEN '!=' WHEN 'lt' THEN '<' WHEN 'lte' THEN '<='
                             WHEN 'gt' THEN '>' WHEN 'gte' THEN '>=' WHEN 'like' THEN '~~' WHEN 'ilike' THEN '~~*'
                             WHEN 'match' THEN '~' WHEN 'imatch' THEN '~*' WHEN 'isdistinct' THEN 'IS DISTINCT FROM' END;
  BEGIN
    IF op = 'in' THEN
      EXECUTE format('SELECT %L::%s = ANY(%L::%s[])', val_1, type_, val_2, type_) INTO result;
    ELSIF op = 'is' THEN
      EXECUTE format('SELECT %L::%s IS %s', val_1, type_, upper(val_2)) INTO result;
    ELSE
      EXECUTE format('SELECT %L::%s %s %L::%s', val_1, type_, operator, val_2, type_) INTO result;
    END IF;
    RETURN result;
  END;
  $$;

CREATE FUNCTION realtime.check_equality_op(op realtime.equality_op, type_ regtype, val_1 text, val_2 text, negate boolean) RETURNS boolean
  LANGUAGE plpgsql STABLE
  AS $$
  DECLARE
    result boolean := realtime.check_equality_op(op, type_, val_1, val_2);
  BEGIN
    RETURN CASE WHEN coalesce(negate, false) THEN NOT result ELSE result END;
  END;
  $$;

CREATE FUNCTION realtime.is_visible_through_filters(columns realtime.wal_column[], filters realtime.user_defined_filter[]) RETURNS boolean
  LANGUAGE sql STABLE
  AS $$
    SELECT coalesce(bool_and(coalesce(
             realtime.check_equality_op(f.op, c.type_oid::regtype, c.value #>> '{}', f.value, f.negate), false)), true)
    FROM unnest(filters) AS f
    JOIN unnest(columns) AS c ON c.name = f.column_name
  $$;

-- The prepared statement the change stream uses to select a row as a subscriber.
CREATE FUNCTION realtime.build_prepared_statement_sql(prepared_statement_name text, entity regclass, columns realtime.wal_column[]) RETURNS text
  LANGUAGE sql
  AS $$
    SELECT 'prepare ' || prepared_statement_name || ' as select exists(select 1 from ' || entity::text
           || ' where ' || string_agg(quote_ident(c.name) || ' = ' || quote_nullable(c.value #>> '{}')
                                      || '::' || c.type_name, ' and ') || ')'
    FROM unnest(columns) AS c
    WHERE c.is_pkey
  $$;

-- Which subscriptions may see a change read from the WAL (20211116214523 and later).
CREATE FUNCTION realtime.apply_rls(wal jsonb, max_record_bytes integer DEFAULT (1024 * 1024)) RETURNS SETOF realtime.wal_rls
  LANGUAGE plpgsql
  AS $$
  DECLARE
    entity regclass := (quote_ident(wal ->> 'schema') || '.' || quote_ident(wal ->> 'table'))::regclass;
  BEGIN
    RETURN QUERY
      SELECT wal,
             (SELECT c.relrowsecurity FROM pg_catalog.pg_class AS c WHERE c.oid = entity),
             coalesce(array_agg(s.subscription_id), '{}'::uuid[]),
             CASE WHEN octet_length(wal::text) > max_record_bytes THEN ARRAY['Error 413: Payload Too Large'] ELSE '{}'::text[] END
      FROM realtime.subscription AS s
      WHERE s.entity = apply_rls.entity;
  END;
  $$;

-- 20230328144023_create_list_changes_function.ex, 20260326120000_list_changes_with_slot_count.ex
CREATE FUNCTION realtime.list_changes(publication name, slot_name name, max_changes integer, max_record_bytes integer)
  RETURNS TABLE (wal jsonb, is_rls_enabled boolean, subscription_ids uuid[], errors text[], slot_changes_count bigint)
  LANGUAGE sql
  SET log_min_messages TO 'fatal'
  AS $$
    WITH changes AS (
      SELECT w.data::jsonb AS data
      FROM pg_catalog.pg_logical_slot_get_changes(slot_name, null, max_changes,
             'include-pk', 'true', 'include-transaction', 'false', 'include-timestamp', 'true',
             'write-in-chunks', 'true', 'format-version', '2', 'actions', 'insert,update,delete',
             'add-tables', (SELECT string_agg(realtime.quote_wal2json(format('%I.%I', t.schemaname, t.tablename)::regclass), ',')
                            FROM pg_catalog.pg_publication_tables AS t WHERE t.pubname = publication)) AS w
    )
    SELECT r.wal, r.is_rls_enabled, r.subscription_ids, r.errors, (SELECT count(*) FROM changes)
    FROM changes, LATERAL realtime.apply_rls(changes.data, max_record_bytes) AS r
  $$;

-- Checks a new subscription's filters against the columns its role may read.
CREATE FUNCTION realtime.subscription_check_filters() RETURNS trigger
  LANGUAGE plpgsql
  AS $$
  DECLARE
    readable text[] := coalesce((
      SELECT array_agg(a.attname::text ORDER BY a.attnum)
      FROM pg_catalog.pg_attribute AS a
      WHERE a.attrelid = NEW.entity AND a.attnum > 0 AND NOT a.attisdropped
        AND pg_catalog.has_column_privilege(NEW.claims ->> 'role', a.attrelid, a.attnum, 'SELECT')), '{}');
    filter realtime.user_defined_filter;
  BEGIN
    FOREACH filter IN ARRAY NEW.filters LOOP
      IF NOT filter.column_name = ANY (readable) THEN
        RAISE EXCEPTION 'invalid column for filter %', filter.column_name;
      END IF;
    END LOOP;
    IF EXISTS (SELECT FROM unnest(NEW.selected_columns) AS c(name) WHERE NOT c.name = ANY (readable)) THEN
      RAISE EXCEPTION 'invalid column for select';
    END IF;
    -- one order for the filters, so the unique index cannot be tricked
    NEW.filters := coalesce((SELECT array_agg(f ORDER BY f.column_name, f.op, f.value, f.negate) FROM unnest(NEW.filters) AS f), '{}');
    NEW.selected_columns := (SELECT array_agg(c ORDER BY c) FROM unnest(NEW.selected_columns) AS c);
    RETURN NEW;
  END;
  $$;

CREATE TRIGGER tr_check_filters BEFORE INSERT OR UPDATE ON realtime.subscription
  FOR EACH ROW EXECUTE FUNCTION realtime.subscription_check_filters();

-- Grants as in priv/repo/tenant_db_dump_15.sql (20231204144023_set_required_grants.ex and later).
GRANT ALL ON realtime.messages, realtime.subscription TO postgres, dashboard_user;
GRANT SELECT, INSERT, UPDATE ON realtime.messages TO anon, authenticated, service_role;
GRANT SELECT ON realtime.subscription TO anon, authenticated, service_role;
GRANT ALL ON SEQUENCE realtime.subscription_id_seq TO postgres, dashboard_user;
GRANT USAGE ON SEQUENCE realtime.subscription_id_seq TO anon, authenticated, service_role;
GRANT ALL ON ALL FUNCTIONS IN SCHEMA realtime TO postgres, dashboard_user;
GRANT ALL ON FUNCTION realtime.apply_rls(jsonb, integer), realtime.build_prepared_statement_sql(text, regclass, realtime.wal_column[]),
  realtime."cast"(text, regtype), realtime.check_equality_op(realtime.equality_op, regtype, text, text),
  realtime.check_equality_op(realtime.equality_op, regtype, text, text, boolean),
  realtime.is_visible_through_filters(realtime.wal_column[], realtime.user_defined_filter[]),
  realtime.quote_wal2json(regclass), realtime.subscription_check_filters(), realtime.to_regrole(text)
  TO anon, authenticated, service_role;

RESET ROLE;
-- realtime.schema_migrations belongs to supabase_admin on a hosted project.
ALTER TABLE realtime.schema_migrations OWNER TO supabase_admin;

-- =============================================================================
-- graphql_public: the Data API's GraphQL entry point. Until pg_graphql is enabled it
-- answers with an error (supabase/postgres migrations/20220317095840_pg_graphql.sql,
-- extensions.set_graphql_placeholder in migrations/schema-15.sql); enabling pg_graphql
-- replaces it with a wrapper of graphql.resolve (extensions.grant_pg_graphql_access below).
-- =============================================================================
CREATE FUNCTION graphql_public.graphql(
  "operationName" text DEFAULT NULL, query text DEFAULT NULL, variables jsonb DEFAULT NULL, extensions jsonb DEFAULT NULL
) RETURNS jsonb
  LANGUAGE plpgsql
  AS $$
  BEGIN
    RETURN jsonb_build_object('errors', jsonb_build_array(jsonb_build_object(
      'message', 'pg_graphql extension is not enabled.')));
  END;
  $$;

-- =============================================================================
-- supabase_functions: database webhooks (supabase/postgres
-- migrations/20240822021428_enable_webhooks_by_default.sql). The trigger function calls
-- pg_net at run time; PL/pgSQL bodies are not checked at CREATE time, so this part does
-- not need pg_net to be installed.
-- =============================================================================
SET ROLE supabase_functions_admin;

CREATE TABLE supabase_functions.migrations (
  version text NOT NULL,
  inserted_at timestamptz NOT NULL DEFAULT now(),
  CONSTRAINT migrations_pkey PRIMARY KEY (version)
);

CREATE TABLE supabase_functions.hooks (
  id bigserial NOT NULL,
  hook_table_id integer NOT NULL,
  hook_name text NOT NULL,
  created_at timestamptz NOT NULL DEFAULT now(),
  request_id bigint,
  CONSTRAINT hooks_pkey PRIMARY KEY (id)
);
COMMENT ON TABLE supabase_functions.hooks IS 'Supabase Functions Hooks: Audit trail for triggered hooks.';
CREATE INDEX supabase_functions_hooks_request_id_idx ON supabase_functions.hooks USING btree (request_id);
CREATE INDEX supabase_functions_hooks_h_table_id_h_name_idx ON supabase_functions.hooks USING btree (hook_table_id, hook_name);

-- A webhook trigger: EXECUTE FUNCTION supabase_functions.http_request(url, method, headers,
-- params, timeout_ms). It queues the request with pg_net and records it in hooks.
CREATE FUNCTION supabase_functions.http_request() RETURNS trigger
  LANGUAGE plpgsql SECURITY DEFINER
  SET search_path = supabase_functions
  AS $$
  DECLARE
    url text := TG_ARGV[0];
    method text := TG_ARGV[1];
    headers jsonb := coalesce(nullif(TG_ARGV[2], 'null')::jsonb, '{"Content-Type": "application/json"}'::jsonb);
    params jsonb := coalesce(nullif(TG_ARGV[3], 'null')::jsonb, '{}'::jsonb);
    timeout_ms integer := coalesce(nullif(TG_ARGV[4], 'null')::integer, 1000);
    request_id bigint;
  BEGIN
    IF url IS NULL OR url = 'null' THEN
      RAISE EXCEPTION 'url argument is missing';
    END IF;
    IF method IS NULL OR method = 'null' THEN
      RAISE EXCEPTION 'method argument is missing';
    END IF;
    IF method = 'GET' THEN
      request_id := net.http_get(url, params, headers, timeout_ms);
    ELSIF method = 'POST' THEN
      request_id := net.http_post(url,
        jsonb_build_object('old_record', OLD, 'record', NEW, 'type', TG_OP,
                           'table', TG_TABLE_NAME, 'schema', TG_TABLE_SCHEMA),
        params, headers, timeout_ms);
    ELSE
      RAISE EXCEPTION 'method argument % is invalid', method;
    END IF;
    INSERT INTO supabase_functions.hooks (hook_table_id, hook_name, request_id) VALUES (TG_RELID, TG_NAME, request_id);
    RETURN NEW;
  END
  $$;
REVOKE ALL ON FUNCTION supabase_functions.http_request() FROM PUBLIC;
GRANT EXECUTE ON FUNCTION supabase_functions.http_request() TO postgres, anon, authenticated, service_role;

RESET ROLE;

-- =============================================================================
-- supabase_migrations: the history the Supabase CLI (supabase/cli
-- pkg/migration/history.go) and the dashboard keep of applied migrations; it exists on a
-- project before its first migration is recorded.
-- =============================================================================
CREATE TABLE supabase_migrations.schema_migrations (
  version text NOT NULL,
  statements text[],
  name text,
  created_by text,
  idempotency_key text,
  CONSTRAINT schema_migrations_pkey PRIMARY KEY (version),
  CONSTRAINT schema_migrations_idempotency_key_key UNIQUE (idempotency_key)
);
CREATE TABLE supabase_migrations.seed_files (
  path text NOT NULL,
  hash text NOT NULL,
  CONSTRAINT seed_files_pkey PRIMARY KEY (path)
);

-- =============================================================================
-- pgbouncer: the lookup the connection pooler authenticates with
-- (supabase/postgres migrations/schema-15.sql, 20251121132723_correct_search_path_pgbouncer.sql).
-- =============================================================================
CREATE FUNCTION pgbouncer.get_auth(p_usename text) RETURNS TABLE (username text, password text)
  LANGUAGE plpgsql SECURITY DEFINER
  SET search_path = ''
  AS $$
  BEGIN
    RAISE DEBUG 'PgBouncer auth request: %', p_usename;
    RETURN QUERY
      SELECT a.rolname::text, CASE WHEN a.rolvaliduntil < now() THEN NULL ELSE a.rolpassword::text END
      FROM pg_catalog.pg_authid AS a
      WHERE a.rolname = p_usename AND a.rolcanlogin;
  END;
  $$;
REVOKE ALL ON FUNCTION pgbouncer.get_auth(text) FROM PUBLIC;
GRANT EXECUTE ON FUNCTION pgbouncer.get_auth(text) TO pgbouncer;

-- =============================================================================
-- Event triggers of a hosted project (supabase/postgres migrations/schema-15.sql and the
-- migrations named there): PostgREST reloads its schema cache after DDL, and enabling
-- pg_cron, pg_net or pg_graphql grants their objects to the roles that use them.
-- =============================================================================
CREATE FUNCTION extensions.pgrst_ddl_watch() RETURNS event_trigger
  LANGUAGE plpgsql
  AS $$
  BEGIN
    IF EXISTS (
      SELECT FROM pg_event_trigger_ddl_commands() AS cmd
      WHERE cmd.command_tag IN (
          'CREATE SCHEMA', 'ALTER SCHEMA', 'CREATE TABLE', 'CREATE TABLE AS', 'SELECT INTO', 'ALTER TABLE',
          'CREATE FOREIGN TABLE', 'ALTER FOREIGN TABLE', 'CREATE VIEW', 'ALTER VIEW',
          'CREATE MATERIALIZED VIEW', 'ALTER MATERIALIZED VIEW', 'CREATE FUNCTION', 'ALTER FUNCTION',
          'CREATE TRIGGER', 'CREATE TYPE', 'ALTER TYPE', 'CREATE RULE', 'COMMENT')
        AND cmd.schema_name IS DISTINCT FROM 'pg_temp'
    ) THEN
      NOTIFY pgrst, 'reload schema';
    END IF;
  END;
  $$;

CREATE FUNCTION extensions.pgrst_drop_watch() RETURNS event_trigger
  LANGUAGE plpgsql
  AS $$
  BEGIN
    IF EXISTS (
      SELECT FROM pg_event_trigger_dropped_objects() AS obj
      WHERE obj.object_type IN ('schema', 'table', 'foreign table', 'view', 'materialized view',
                                'function', 'trigger', 'type', 'rule')
        AND NOT obj.is_temporary
    ) THEN
      NOTIFY pgrst, 'reload schema';
    END IF;
  END;
  $$;

CREATE FUNCTION extensions.grant_pg_cron_access() RETURNS event_trigger
  LANGUAGE plpgsql
  AS $$
  BEGIN
    IF EXISTS (
      SELECT FROM pg_event_trigger_ddl_commands() AS ev
      JOIN pg_catalog.pg_extension AS e ON e.oid = ev.objid
      WHERE e.extname = 'pg_cron'
    ) THEN
      GRANT USAGE ON SCHEMA cron TO postgres WITH GRANT OPTION;
      ALTER DEFAULT PRIVILEGES IN SCHEMA cron GRANT ALL ON TABLES TO postgres WITH GRANT OPTION;
      ALTER DEFAULT PRIVILEGES IN SCHEMA cron GRANT ALL ON FUNCTIONS TO postgres WITH GRANT OPTION;
      ALTER DEFAULT PRIVILEGES IN SCHEMA cron GRANT ALL ON SEQUENCES TO postgres WITH GRANT OPTION;
      ALTER DEFAULT PRIVILEGES FOR ROLE supabase_admin IN SCHEMA cron GRANT ALL ON TABLES TO postgres WITH GRANT OPTION;
      ALTER DEFAULT PRIVILEGES FOR ROLE supabase_admin IN SCHEMA cron GRANT ALL ON FUNCTIONS TO postgres WITH GRANT OPTION;
      ALTER DEFAULT PRIVILEGES FOR ROLE supabase_admin IN SCHEMA cron GRANT ALL ON SEQUENCES TO postgres WITH GRANT OPTION;
      GRANT ALL PRIVILEGES ON ALL TABLES IN SCHEMA cron TO postgres WITH GRANT OPTION;
      -- jobs are changed through cron.schedule/unschedule only
      REVOKE ALL ON TABLE cron.job FROM postgres;
      GRANT SELECT ON TABLE cron.job TO postgres WITH GRANT OPTION;
    END IF;
  END;
  $$;
COMMENT ON FUNCTION extensions.grant_pg_cron_access() IS 'Grants access to pg_cron';

CREATE FUNCTION extensions.grant_pg_net_access() RETURNS event_trigger
  LANGUAGE plpgsql
  AS $$
  BEGIN
    IF EXISTS (
      SELECT FROM pg_event_trigger_ddl_commands() AS ev
      JOIN pg_catalog.pg_extension AS e ON e.oid = ev.objid
      WHERE e.extname = 'pg_net'
    ) THEN
      IF NOT EXISTS (SELECT FROM pg_catalog.pg_roles WHERE rolname = 'supabase_functions_admin') THEN
        CREATE USER supabase_functions_admin NOINHERIT CREATEROLE LOGIN NOREPLICATION;
      END IF;
      GRANT USAGE ON SCHEMA net TO supabase_functions_admin, postgres, anon, authenticated, service_role;
    END IF;
  END;
  $$;
COMMENT ON FUNCTION extensions.grant_pg_net_access() IS 'Grants access to pg_net';

CREATE FUNCTION extensions.grant_pg_graphql_access() RETURNS event_trigger
  LANGUAGE plpgsql
  AS $ddl$
  BEGIN
    IF EXISTS (
      SELECT FROM pg_event_trigger_ddl_commands() AS ev
      WHERE ev.object_type = 'function' AND ev.schema_name = 'graphql'
        AND ev.object_identity LIKE 'graphql.resolve(%'
    ) THEN
      -- the public entry point now passes everything on to pg_graphql
      DROP FUNCTION IF EXISTS graphql_public.graphql;
      CREATE FUNCTION graphql_public.graphql(
        "operationName" text DEFAULT NULL, query text DEFAULT NULL, variables jsonb DEFAULT NULL, extensions jsonb DEFAULT NULL
      ) RETURNS jsonb
        LANGUAGE sql
        AS $$
          SELECT graphql.resolve(query := query, variables := coalesce(variables, '{}'),
                                 "operationName" := "operationName", extensions := extensions)
        $$;
      GRANT USAGE ON SCHEMA graphql TO postgres, anon, authenticated, service_role;
      GRANT SELECT ON ALL TABLES IN SCHEMA graphql TO postgres, anon, authenticated, service_role;
      GRANT EXECUTE ON ALL FUNCTIONS IN SCHEMA graphql TO postgres, anon, authenticated, service_role;
      GRANT ALL ON ALL SEQUENCES IN SCHEMA graphql TO postgres, anon, authenticated, service_role;
      GRANT USAGE ON SCHEMA graphql_public TO postgres WITH GRANT OPTION;
      GRANT USAGE ON SCHEMA graphql TO postgres WITH GRANT OPTION;
    END IF;
  END;
  $ddl$;
COMMENT ON FUNCTION extensions.grant_pg_graphql_access() IS 'Grants access to pg_graphql';

CREATE FUNCTION extensions.set_graphql_placeholder() RETURNS event_trigger
  LANGUAGE plpgsql
  AS $ddl$
  BEGIN
    IF EXISTS (SELECT FROM pg_event_trigger_dropped_objects() AS ev WHERE ev.schema_name = 'graphql_public') THEN
      CREATE OR REPLACE FUNCTION graphql_public.graphql(
        "operationName" text DEFAULT NULL, query text DEFAULT NULL, variables jsonb DEFAULT NULL, extensions jsonb DEFAULT NULL
      ) RETURNS jsonb
        LANGUAGE plpgsql
        AS $$
        BEGIN
          RETURN jsonb_build_object('errors', jsonb_build_array(jsonb_build_object(
            'message', 'pg_graphql extension is not enabled.')));
        END;
        $$;
    END IF;
  END;
  $ddl$;
COMMENT ON FUNCTION extensions.set_graphql_placeholder() IS 'Reintroduces placeholder function for graphql_public.graphql';

CREATE EVENT TRIGGER pgrst_ddl_watch ON ddl_command_end
  EXECUTE FUNCTION extensions.pgrst_ddl_watch();
CREATE EVENT TRIGGER pgrst_drop_watch ON sql_drop
  EXECUTE FUNCTION extensions.pgrst_drop_watch();
CREATE EVENT TRIGGER issue_pg_cron_access ON ddl_command_end WHEN TAG IN ('CREATE EXTENSION')
  EXECUTE FUNCTION extensions.grant_pg_cron_access();
CREATE EVENT TRIGGER issue_pg_net_access ON ddl_command_end WHEN TAG IN ('CREATE EXTENSION')
  EXECUTE FUNCTION extensions.grant_pg_net_access();
CREATE EVENT TRIGGER issue_pg_graphql_access ON ddl_command_end WHEN TAG IN ('CREATE FUNCTION')
  EXECUTE FUNCTION extensions.grant_pg_graphql_access();
CREATE EVENT TRIGGER issue_graphql_placeholder ON sql_drop WHEN TAG IN ('DROP EXTENSION')
  EXECUTE FUNCTION extensions.set_graphql_placeholder();

-- =============================================================================
-- Realtime's publication: empty until a migration (or the dashboard) adds tables to it.
-- supabase/postgres init-scripts/00000000000000-initial-schema.sql
-- =============================================================================
CREATE PUBLICATION supabase_realtime;

-- =============================================================================
-- What dashboard_user and postgres may do with the platform's objects
-- (init-scripts/00000000000003-post-setup.sql, migrations/10000000000000_demote-postgres.sql,
-- 20211115181400_update-auth-permissions.sql, 20211122051245_update-realtime-permissions.sql,
-- 20230224042246_grant_extensions_perms_for_postgres.sql).
-- =============================================================================
GRANT ALL ON ALL TABLES IN SCHEMA auth TO dashboard_user;
GRANT ALL ON ALL SEQUENCES IN SCHEMA auth TO dashboard_user;
GRANT ALL ON ALL ROUTINES IN SCHEMA auth TO dashboard_user;
REVOKE ALL ON auth.schema_migrations FROM dashboard_user;
GRANT ALL ON ALL SEQUENCES IN SCHEMA storage TO dashboard_user;
GRANT ALL ON ALL ROUTINES IN SCHEMA storage TO dashboard_user;
GRANT ALL ON ALL TABLES IN SCHEMA extensions TO dashboard_user;
GRANT ALL ON ALL SEQUENCES IN SCHEMA extensions TO dashboard_user;
GRANT ALL ON ALL ROUTINES IN SCHEMA extensions TO dashboard_user;
GRANT ALL ON ALL TABLES IN SCHEMA extensions TO postgres WITH GRANT OPTION;
GRANT ALL ON ALL SEQUENCES IN SCHEMA extensions TO postgres WITH GRANT OPTION;
GRANT ALL ON ALL ROUTINES IN SCHEMA extensions TO postgres WITH GRANT OPTION;
GRANT ALL ON ALL TABLES IN SCHEMA supabase_functions TO supabase_functions_admin;
GRANT ALL ON ALL SEQUENCES IN SCHEMA supabase_functions TO supabase_functions_admin;
