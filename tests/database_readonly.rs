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
