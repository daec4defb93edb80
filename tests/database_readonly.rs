//! The session is read-only, and introspection needs no privilege beyond connecting and
//! reading the catalogs.

mod db_support;

use db_support::{TempDb, admin, with_db};
use schemadrift::catalog::dump::dump;
use schemadrift::sources::database::{DbOptions, Session, introspect};

#[test]
fn a_write_inside_the_session_fails_with_25006() {
    let db = TempDb::new("ro");
    let mut s = Session::open(&db.url(), &DbOptions::default()).expect("connect");
    for write in [
        "CREATE TABLE sd_should_not_exist (id int)",
        "CREATE SCHEMA sd_nope",
    ] {
        let e = match s.batch(write) {
            Ok(_) => panic!("{write} succeeded in a read-only session"),
            Err(e) => e,
        };
        assert!(
            e.to_string().contains("25006"),
            "expected read_only_sql_transaction: {e}"
        );
        // the failed statement aborts the transaction; start over for the next one
        s = Session::open(&db.url(), &DbOptions::default()).expect("connect");
    }
    let src = introspect(&db.url(), &DbOptions::default()).expect("introspect");
    assert!(
        src.catalog
            .table(&schemadrift::catalog::QualName::new(
                "public",
                "sd_should_not_exist"
            ))
            .is_none()
    );
}

#[test]
fn introspection_needs_only_connect_and_catalog_reads() {
    let db = TempDb::new("priv");
    db.run_sql(
        "CREATE SCHEMA app;
         CREATE TABLE app.secrets (id int PRIMARY KEY, v text CHECK (v <> ''));
         CREATE VIEW app.v AS SELECT id FROM app.secrets;
         CREATE FUNCTION app.f() RETURNS int LANGUAGE sql AS 'SELECT 1';
         ALTER TABLE app.secrets ENABLE ROW LEVEL SECURITY;
         CREATE POLICY p ON app.secrets USING (id > 0);
         CREATE SCHEMA supabase_migrations;
         CREATE TABLE supabase_migrations.schema_migrations (version text PRIMARY KEY, name text);
         INSERT INTO supabase_migrations.schema_migrations VALUES ('20240101000000', 'init');
         REVOKE ALL ON SCHEMA public FROM PUBLIC;",
    )
    .expect("setup");
    let role = format!("sd_ro_{}", std::process::id());
    admin(&format!("DROP ROLE IF EXISTS {role}"));
    admin(&format!("CREATE ROLE {role} LOGIN NOINHERIT"));
    admin(&format!("GRANT CONNECT ON DATABASE {} TO {role}", db.name));
    let as_role = {
        let u = db.url();
        let scheme_end = u.find("://").map(|i| i + 3).unwrap_or(0);
        let rest = &u[scheme_end..];
        let at = rest.find('@').map(|i| i + 1).unwrap_or(0);
        with_db(&format!("postgres://{role}@{}", &rest[at..]), &db.name)
    };
    let admin_view = introspect(&db.url(), &DbOptions::default()).expect("as owner");
    let result = introspect(&as_role, &DbOptions::default());
    drop(db);
    admin(&format!("DROP ROLE IF EXISTS {role}"));
    let limited = result.expect("introspection as a role with CONNECT only");
    assert_eq!(dump(&limited.catalog), dump(&admin_view.catalog));
    assert_eq!(
        admin_view.history.len(),
        1,
        "the owner reads the history table"
    );
    assert!(
        limited.history.is_empty(),
        "a history table the role may not read is skipped, not an error"
    );
}

/// Planted under a migration-history name: a view, a policy and a cast whose code raises when
/// it runs. Introspection must not run any of it (and so succeeds).
#[test]
fn planted_history_code_never_runs() {
    let trap = "CREATE FUNCTION public.trap() RETURNS text LANGUAGE plpgsql AS \
                $$ BEGIN RAISE EXCEPTION 'planted code ran'; END $$;";
    let cases = [
        (
            "view_supabase",
            format!(
                "{trap} CREATE SCHEMA supabase_migrations;
                 CREATE VIEW supabase_migrations.schema_migrations AS
                   SELECT public.trap() AS version, 'x'::text AS name;"
            ),
        ),
        (
            "view_prisma",
            format!(
                "{trap} CREATE VIEW public._prisma_migrations AS
                   SELECT public.trap() AS migration_name, now() AS finished_at,
                          NULL::timestamptz AS rolled_back_at;"
            ),
        ),
        (
            "matview_prisma",
            format!(
                "{trap} CREATE FUNCTION public.trap_later() RETURNS text LANGUAGE plpgsql AS
                   $$ BEGIN IF current_setting('sd.armed', true) = 'on' THEN
                   RAISE EXCEPTION 'planted code ran'; END IF; RETURN 'v'; END $$;
                 CREATE MATERIALIZED VIEW public._prisma_migrations AS
                   SELECT public.trap_later() AS migration_name;"
            ),
        ),
        (
            "user_type_cast",
            format!(
                "{trap} CREATE SCHEMA supabase_migrations;
                 CREATE TYPE public.vt AS (v text);
                 CREATE FUNCTION public.vt_text(public.vt) RETURNS text LANGUAGE plpgsql AS
                   $$ BEGIN RAISE EXCEPTION 'planted code ran'; END $$;
                 CREATE CAST (public.vt AS text) WITH FUNCTION public.vt_text(public.vt);
                 CREATE TABLE supabase_migrations.schema_migrations (version public.vt, name text);
                 INSERT INTO supabase_migrations.schema_migrations VALUES (ROW('1'), '20240101');"
            ),
        ),
    ];
    for (tag, sql) in cases {
        let db = TempDb::new(tag);
        db.run_sql(&sql).unwrap_or_else(|e| panic!("{tag}: {e}"));
        let src = introspect(&db.url(), &DbOptions::default())
            .unwrap_or_else(|e| panic!("{tag}: planted code ran or broke the read: {e}"));
        for h in &src.history {
            assert!(
                h.entries.iter().all(|e| !e.version.contains("planted")),
                "{tag}: {h:?}"
            );
        }
        if tag.starts_with("view") || tag.starts_with("matview") {
            assert!(src.history.is_empty(), "{tag}: a view was read as history");
        }
    }
}

/// A history table whose row security policy calls user code: a role the policy applies to
/// skips the table (with row_security off nothing of the policy runs) instead of running it.
#[test]
fn history_policies_never_run() {
    let db = TempDb::new("policy_trap");
    let role = format!("sd_pol_{}", std::process::id());
    admin(&format!("DROP ROLE IF EXISTS {role}"));
    admin(&format!("CREATE ROLE {role} LOGIN"));
    db.run_sql(&format!(
        "CREATE FUNCTION public.trap() RETURNS boolean LANGUAGE plpgsql AS
           $$ BEGIN RAISE EXCEPTION 'planted code ran'; END $$;
         CREATE SCHEMA supabase_migrations;
         CREATE TABLE supabase_migrations.schema_migrations (version text PRIMARY KEY, name text);
         INSERT INTO supabase_migrations.schema_migrations VALUES ('20240101000000', 'init');
         ALTER TABLE supabase_migrations.schema_migrations ENABLE ROW LEVEL SECURITY;
         CREATE POLICY p ON supabase_migrations.schema_migrations USING (public.trap());
         GRANT USAGE ON SCHEMA supabase_migrations TO {role};
         GRANT SELECT ON supabase_migrations.schema_migrations TO {role};
         GRANT EXECUTE ON FUNCTION public.trap() TO {role};"
    ))
    .expect("setup");
    let as_role = {
        let u = db.url();
        let scheme_end = u.find("://").map(|i| i + 3).unwrap_or(0);
        let rest = &u[scheme_end..];
        let at = rest.find('@').map(|i| i + 1).unwrap_or(0);
        with_db(&format!("postgres://{role}@{}", &rest[at..]), &db.name)
    };
    let owner = introspect(&db.url(), &DbOptions::default());
    let limited = introspect(&as_role, &DbOptions::default());
    drop(db);
    admin(&format!("DROP ROLE IF EXISTS {role}"));
    let owner = owner.expect("the superuser bypasses row security");
    assert_eq!(owner.history.len(), 1);
    let limited = limited.unwrap_or_else(|e| panic!("the policy ran: {e}"));
    assert!(limited.history.is_empty(), "{:?}", limited.history);
}
