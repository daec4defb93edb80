//! Scope, extension-owned objects, migration history and round trips.

mod db_support;

use db_support::TempDb;
use schemadrift::catalog::QualName;
use schemadrift::sources::database::{DbOptions, introspect};

#[test]
fn scope_history_and_round_trips() {
    let db = TempDb::new("scope");
    db.load_platform();
    db.run_sql(
        "CREATE SCHEMA app;
         CREATE SCHEMA other;
         CREATE TABLE public.a (id int);
         CREATE TABLE app.b (id int);
         CREATE TABLE other.c (id int);
         CREATE TABLE auth.mine (id int);
         CREATE EXTENSION IF NOT EXISTS pg_trgm WITH SCHEMA public;
         CREATE SCHEMA IF NOT EXISTS supabase_migrations;
         CREATE TABLE IF NOT EXISTS supabase_migrations.schema_migrations (version text PRIMARY KEY, statements text[], name text);
         INSERT INTO supabase_migrations.schema_migrations VALUES ('20240102', NULL, 'second'), ('20240101', NULL, 'first');
         CREATE TABLE public._prisma_migrations (id text PRIMARY KEY, migration_name text NOT NULL, finished_at timestamptz, rolled_back_at timestamptz);
         INSERT INTO public._prisma_migrations VALUES ('1', '20240101120000_init', now(), NULL), ('2', '20240201120000_failed', NULL, NULL);
         CREATE TABLE other.applied (id serial, version text, description text);
         INSERT INTO other.applied (version, description) VALUES ('001', 'init');",
    )
    .expect("setup");
    let src = introspect(&db.url(), &DbOptions::default()).expect("introspect");
    let c = &src.catalog;
    assert!(c.table(&QualName::new("public", "a")).is_some());
    assert!(c.table(&QualName::new("app", "b")).is_some());
    assert!(c.table(&QualName::new("other", "c")).is_some());
    assert!(
        !c.schemas.contains_key("auth"),
        "platform schemas are out of scope"
    );
    // pg_trgm's functions live in public but belong to the extension
    let public = &c.schemas["public"];
    assert!(
        public
            .functions
            .keys()
            .all(|k| !k.starts_with("similarity")),
        "extension-owned functions: {:?}",
        public.functions.keys().take(5).collect::<Vec<_>>()
    );
    assert!(c.extensions.contains_key("pg_trgm"));
    // setup, catalog queries, history, end; plus a second session's start, queries and end
    assert!(src.round_trips <= 8, "round trips: {}", src.round_trips);

    let sb = src
        .history
        .iter()
        .find(|h| h.table == "supabase_migrations.schema_migrations")
        .expect("supabase history");
    let versions: Vec<&str> = sb.entries.iter().map(|e| e.version.as_str()).collect();
    assert_eq!(versions, ["20240101", "20240102"]);
    assert_eq!(sb.entries[0].name.as_deref(), Some("first"));
    let pr = src
        .history
        .iter()
        .find(|h| h.table == "public._prisma_migrations")
        .expect("prisma history");
    assert_eq!(pr.entries.len(), 1, "unfinished migrations are not applied");
    assert_eq!(pr.entries[0].version, "20240101120000");
    assert_eq!(pr.entries[0].name.as_deref(), Some("init"));
    assert!(!src.history.iter().any(|h| h.table == "other.applied"));

    let opts = DbOptions {
        include_schemas: vec!["app".into(), "other".into()],
        exclude_schemas: vec!["other".into()],
        history_tables: vec!["other.applied".into()],
        ..DbOptions::default()
    };
    let src = introspect(&db.url(), &opts).expect("introspect");
    let names: Vec<&String> = src.catalog.schemas.keys().collect();
    assert_eq!(names, ["app"]);
    let extra = src
        .history
        .iter()
        .find(|h| h.table == "other.applied")
        .expect("extra history table");
    assert_eq!(extra.entries[0].version, "001");
    assert_eq!(extra.entries[0].name.as_deref(), Some("init"));
}
