-- schemadrift stand-in for pg_tle 1.4 (aws/pg_tle), which Supabase uses for database.dev.
--
-- Stands in for: the role pgtle_admin, the enum pgtle.pg_tle_features, the table
-- pgtle.feature_info, and the functions install_extension, install_extension_version_sql,
-- install_update_path, set_default_version, uninstall_extension (2),
-- uninstall_extension_if_exists, uninstall_update_path, uninstall_update_path_if_exists,
-- available_extensions, available_extension_versions, extension_update_paths,
-- register_feature, register_feature_if_not_exists, unregister_feature,
-- unregister_feature_if_exists, create_shell_type, create_shell_type_if_not_exists.
-- Like pg_tle, an installed extension is kept as functions of schema pgtle named
-- "<name>.control" and "<name>--<version>.sql" that return its control and script.
--
-- What it cannot judge: pg_tle's hooks. The real extension makes CREATE EXTENSION find
-- what install_extension stored; without its library CREATE EXTENSION <that name> fails
-- here ("extension is not available"). Registered passcheck / clientauth features are
-- recorded and never called.
\echo Use "CREATE EXTENSION pg_tle" to load this file. \quit

DO $$
BEGIN
  IF NOT EXISTS (SELECT FROM pg_catalog.pg_roles WHERE rolname = 'pgtle_admin') THEN
    CREATE ROLE pgtle_admin NOLOGIN;
  END IF;
END
$$;
GRANT USAGE, CREATE ON SCHEMA pgtle TO pgtle_admin;

CREATE TYPE pgtle.pg_tle_features AS ENUM ('passcheck', 'clientauth');

CREATE TABLE pgtle.feature_info (
  feature pgtle.pg_tle_features,
  schema_name text,
  proname text,
  obj_identity text,
  PRIMARY KEY (feature, proname, schema_name)
);
GRANT SELECT ON pgtle.feature_info TO PUBLIC;
SELECT pg_catalog.pg_extension_config_dump('pgtle.feature_info', '');

-- the extensions installed: one pgtle."<name>.control"() per extension
CREATE FUNCTION pgtle.available_extensions(OUT name name, OUT default_version text, OUT comment text) RETURNS SETOF record
  LANGUAGE sql STABLE STRICT
  AS $$
    SELECT left(p.proname, -8)::name, c.default_version, c.comment
    FROM pg_catalog.pg_proc AS p,
         LATERAL (SELECT substring(def FROM 'default_version = ''([^'']*)''') AS default_version,
                         substring(def FROM 'comment = ''([^'']*)''') AS comment
                  FROM (SELECT pg_catalog.pg_get_functiondef(p.oid) AS def) AS d) AS c
    WHERE p.pronamespace = 'pgtle'::regnamespace AND p.proname LIKE '%.control'
  $$;

CREATE FUNCTION pgtle.available_extension_versions(OUT name name, OUT version text, OUT superuser boolean,
  OUT trusted boolean, OUT relocatable boolean, OUT schema name, OUT requires name[], OUT comment text) RETURNS SETOF record
  LANGUAGE sql STABLE STRICT
  AS $$
    SELECT split_part(p.proname, '--', 1)::name, left(split_part(p.proname, '--', 2), -4),
           false, false, false, NULL::name, NULL::name[], NULL::text
    FROM pg_catalog.pg_proc AS p
    WHERE p.pronamespace = 'pgtle'::regnamespace AND p.proname LIKE '%--%.sql' AND p.proname NOT LIKE '%--%--%'
  $$;

CREATE FUNCTION pgtle.extension_update_paths(name name, OUT source text, OUT target text, OUT path text) RETURNS SETOF record
  LANGUAGE sql STABLE STRICT
  AS $$
    SELECT split_part(p.proname, '--', 2), left(split_part(p.proname, '--', 3), -4),
           split_part(p.proname, '--', 2) || '--' || left(split_part(p.proname, '--', 3), -4)
    FROM pg_catalog.pg_proc AS p
    WHERE p.pronamespace = 'pgtle'::regnamespace AND p.proname LIKE name || '--%--%.sql'
  $$;

-- stores a text as the function pgtle.<fname>()
CREATE FUNCTION pgtle._store(fname text, body text) RETURNS void
  LANGUAGE plpgsql
  AS $$
  BEGIN
    EXECUTE format('CREATE FUNCTION pgtle.%I() RETURNS text LANGUAGE sql IMMUTABLE AS %L',
                   fname, 'SELECT ' || quote_literal(body));
  END;
  $$;

CREATE FUNCTION pgtle.install_extension(name text, version text, description text, ext text, requires text[] DEFAULT NULL)
  RETURNS boolean
  LANGUAGE plpgsql
  AS $$
  BEGIN
    IF EXISTS (SELECT FROM pg_catalog.pg_available_extensions AS a WHERE a.name = install_extension.name)
       OR to_regprocedure(format('pgtle.%I()', name || '.control')) IS NOT NULL THEN
      RAISE EXCEPTION 'extension "%" already installed', name USING ERRCODE = 'duplicate_object';
    END IF;
    PERFORM pgtle._store(name || '.control', format(E'default_version = %L\ncomment = %L\nrequires = %L\nrelocatable = false\nsuperuser = false\ntrusted = false\n',
                                                    version, description, array_to_string(requires, ',')));
    PERFORM pgtle._store(name || '--' || version || '.sql', ext);
    RETURN true;
  END;
  $$;

CREATE FUNCTION pgtle.install_extension_version_sql(name text, version text, ext text) RETURNS boolean
  LANGUAGE plpgsql
  AS $$
  BEGIN
    IF to_regprocedure(format('pgtle.%I()', name || '.control')) IS NULL THEN
      RAISE EXCEPTION 'extension "%" is not installed', name;
    END IF;
    PERFORM pgtle._store(name || '--' || version || '.sql', ext);
    RETURN true;
  END;
  $$;

CREATE FUNCTION pgtle.install_update_path(name text, fromvers text, tovers text, ext text) RETURNS boolean
  LANGUAGE plpgsql
  AS $$
  BEGIN
    PERFORM pgtle._store(name || '--' || fromvers || '--' || tovers || '.sql', ext);
    RETURN true;
  END;
  $$;

CREATE FUNCTION pgtle.set_default_version(name text, version text) RETURNS boolean
  LANGUAGE plpgsql
  AS $$
  DECLARE
    control text;
  BEGIN
    IF to_regprocedure(format('pgtle.%I()', name || '--' || version || '.sql')) IS NULL THEN
      RAISE EXCEPTION 'version "%" of extension "%" is not installed', version, name;
    END IF;
    EXECUTE format('SELECT pgtle.%I()', name || '.control') INTO control;
    EXECUTE format('DROP FUNCTION pgtle.%I()', name || '.control');
    PERFORM pgtle._store(name || '.control', regexp_replace(control, 'default_version = ''[^'']*''',
                                                            format('default_version = %L', version)));
    RETURN true;
  END;
  $$;

CREATE FUNCTION pgtle.uninstall_extension(extname text) RETURNS boolean
  LANGUAGE plpgsql
  AS $$
  DECLARE
    f regprocedure;
  BEGIN
    IF to_regprocedure(format('pgtle.%I()', extname || '.control')) IS NULL THEN
      RAISE EXCEPTION 'Extension % does not exist', extname USING ERRCODE = 'no_data_found';
    END IF;
    FOR f IN SELECT p.oid::regprocedure FROM pg_catalog.pg_proc AS p
             WHERE p.pronamespace = 'pgtle'::regnamespace
               AND (p.proname = extname || '.control' OR p.proname LIKE extname || '--%.sql') LOOP
      EXECUTE format('DROP FUNCTION %s', f);
    END LOOP;
    RETURN true;
  END;
  $$;

CREATE FUNCTION pgtle.uninstall_extension(extname text, version text) RETURNS boolean
  LANGUAGE plpgsql
  AS $$
  BEGIN
    IF to_regprocedure(format('pgtle.%I()', extname || '--' || version || '.sql')) IS NULL THEN
      RAISE EXCEPTION 'Version % of extension % does not exist', version, extname USING ERRCODE = 'no_data_found';
    END IF;
    EXECUTE format('DROP FUNCTION pgtle.%I()', extname || '--' || version || '.sql');
    RETURN true;
  END;
  $$;

CREATE FUNCTION pgtle.uninstall_extension_if_exists(extname text) RETURNS boolean
  LANGUAGE plpgsql
  AS $$
  BEGIN
    IF to_regprocedure(format('pgtle.%I()', extname || '.control')) IS NULL THEN
      RETURN false;
    END IF;
    RETURN pgtle.uninstall_extension(extname);
  END;
  $$;

CREATE FUNCTION pgtle.uninstall_update_path(extname text, fromvers text, tovers text) RETURNS boolean
  LANGUAGE plpgsql
  AS $$
  BEGIN
    EXECUTE format('DROP FUNCTION pgtle.%I()', extname || '--' || fromvers || '--' || tovers || '.sql');
    RETURN true;
  END;
  $$;

CREATE FUNCTION pgtle.uninstall_update_path_if_exists(extname text, fromvers text, tovers text) RETURNS boolean
  LANGUAGE plpgsql
  AS $$
  BEGIN
    IF to_regprocedure(format('pgtle.%I()', extname || '--' || fromvers || '--' || tovers || '.sql')) IS NULL THEN
      RETURN false;
    END IF;
    RETURN pgtle.uninstall_update_path(extname, fromvers, tovers);
  END;
  $$;

CREATE FUNCTION pgtle.register_feature(proc regproc, feature pgtle.pg_tle_features) RETURNS void
  LANGUAGE plpgsql
  AS $$
  BEGIN
    INSERT INTO pgtle.feature_info (feature, schema_name, proname, obj_identity)
    SELECT feature, n.nspname, p.proname, p.oid::regprocedure::text
    FROM pg_catalog.pg_proc AS p JOIN pg_catalog.pg_namespace AS n ON n.oid = p.pronamespace
    WHERE p.oid = proc;
  END;
  $$;

CREATE FUNCTION pgtle.register_feature_if_not_exists(proc regproc, feature pgtle.pg_tle_features) RETURNS boolean
  LANGUAGE plpgsql
  AS $$
  BEGIN
    PERFORM pgtle.register_feature(proc, feature);
    RETURN true;
  EXCEPTION WHEN unique_violation THEN
    RETURN false;
  END;
  $$;

CREATE FUNCTION pgtle.unregister_feature(proc regproc, feature pgtle.pg_tle_features) RETURNS void
  LANGUAGE plpgsql
  AS $$
  BEGIN
    DELETE FROM pgtle.feature_info AS f
    WHERE f.feature = unregister_feature.feature AND f.obj_identity = proc::regprocedure::text;
    IF NOT FOUND THEN
      RAISE EXCEPTION 'Could not unregister "%": does not exist.', proc USING ERRCODE = 'no_data_found';
    END IF;
  END;
  $$;

CREATE FUNCTION pgtle.unregister_feature_if_exists(proc regproc, feature pgtle.pg_tle_features) RETURNS boolean
  LANGUAGE plpgsql
  AS $$
  BEGIN
    PERFORM pgtle.unregister_feature(proc, feature);
    RETURN true;
  EXCEPTION WHEN no_data_found THEN
    RETURN false;
  END;
  $$;

CREATE FUNCTION pgtle.create_shell_type(typenamespace regnamespace, typename name) RETURNS void
  LANGUAGE plpgsql SECURITY DEFINER
  AS $$ BEGIN EXECUTE format('CREATE TYPE %I.%I', typenamespace, typename); END $$;

CREATE FUNCTION pgtle.create_shell_type_if_not_exists(typenamespace regnamespace, typename name) RETURNS boolean
  LANGUAGE plpgsql SECURITY DEFINER
  AS $$
  BEGIN
    PERFORM pgtle.create_shell_type(typenamespace, typename);
    RETURN true;
  EXCEPTION WHEN duplicate_object THEN
    RETURN false;
  END;
  $$;

REVOKE EXECUTE ON ALL FUNCTIONS IN SCHEMA pgtle FROM PUBLIC;
GRANT EXECUTE ON FUNCTION pgtle.available_extensions(), pgtle.available_extension_versions(),
  pgtle.extension_update_paths(name) TO PUBLIC;
GRANT EXECUTE ON ALL FUNCTIONS IN SCHEMA pgtle TO pgtle_admin;
