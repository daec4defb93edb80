//! Discovery in real layouts (issue 13): a monorepo holds several projects of one runner, and
//! each is its own history, never one merged replay.

use std::path::Path;

fn write(root: &Path, rel: &str, text: &str) {
    let p = root.join(rel);
    std::fs::create_dir_all(p.parent().unwrap()).unwrap();
    std::fs::write(p, text).unwrap();
}

fn audit(root: &Path) -> serde_json::Value {
    let out = std::process::Command::new(env!("CARGO_BIN_EXE_schemadrift"))
        .args(["audit", "--format", "json"])
        .arg(root)
        .output()
        .unwrap();
    serde_json::from_slice(&out.stdout)
        .unwrap_or_else(|e| panic!("{e}: {}", String::from_utf8_lossy(&out.stderr)))
}

/// The `migrations` source of an audit's JSON report.
fn migrations_source(json: &serde_json::Value) -> &serde_json::Value {
    json["sources"]
        .as_array()
        .unwrap()
        .iter()
        .find(|s| s["id"] == "migrations")
        .expect("a migrations source")
}

const INITIAL: &str = "CREATE SCHEMA flow;\nCREATE TABLE flow.runs (id uuid PRIMARY KEY);\nALTER TABLE flow.runs ENABLE ROW LEVEL SECURITY;\n";

/// pgflow's layout: the library's own project, a demo app and a playground with copies of
/// its migrations. Merged, every CREATE of the copies is an "already exists".
#[test]
fn each_supabase_project_of_a_monorepo_is_its_own_history() {
    let dir = tempfile::tempdir().unwrap();
    let root = dir.path();
    for (i, name) in ["20250101000000_initial.sql", "20250102000000_more.sql"]
        .iter()
        .enumerate()
    {
        let sql = if i == 0 {
            INITIAL.to_string()
        } else {
            "ALTER TABLE flow.runs ADD COLUMN status text;\n".to_string()
        };
        write(root, &format!("pkgs/core/supabase/migrations/{name}"), &sql);
        write(root, &format!("apps/demo/supabase/migrations/{name}"), &sql);
    }
    write(
        root,
        "examples/playground/supabase/migrations/20250103000000_upgrade.sql",
        "DROP FUNCTION flow.old_poll;\n",
    );
    let json = audit(root);
    let errors: Vec<_> = json["findings"]
        .as_array()
        .unwrap()
        .iter()
        .filter(|f| f["rule"] == "migration-error")
        .collect();
    assert!(errors.is_empty(), "{errors:#?}");
    let migrations = migrations_source(&json);
    // the library's own, outside demo and example folders; the others named
    assert!(
        migrations["location"]
            .as_str()
            .unwrap()
            .contains("pkgs/core/supabase/migrations"),
        "{migrations}"
    );
    assert_eq!(
        migrations["also_found"],
        serde_json::json!([
            "apps/demo/supabase/migrations",
            "examples/playground/supabase/migrations"
        ])
    );
}

/// measure's layout: ClickHouse migrations beside PostgreSQL's, both in dbmate's format.
#[test]
fn another_databases_history_is_not_the_postgres_one() {
    let dir = tempfile::tempdir().unwrap();
    let root = dir.path();
    for n in 1..=3 {
        write(
            root,
            &format!("self-host/clickhouse/2024090513372{n}_events.sql"),
            "-- migrate:up\nalter table events add column if not exists x String;\n-- migrate:down\n",
        );
    }
    write(
        root,
        "self-host/postgres/20240905133720_initial.sql",
        "-- migrate:up\nCREATE TABLE apps (id uuid PRIMARY KEY);\n-- migrate:down\nDROP TABLE apps;\n",
    );
    let json = audit(root);
    let migrations = migrations_source(&json);
    assert!(
        migrations["location"]
            .as_str()
            .unwrap()
            .contains("self-host/postgres"),
        "{migrations}"
    );
    assert_eq!(
        migrations["also_found"],
        serde_json::json!(["self-host/clickhouse"])
    );
}

/// gantt-flow's layout: `supabase/migrations` and a root `migrations/` of hand-run scripts
/// (no runner's layout) that build on it; dittofeed's: a drizzle history and a Supabase
/// example app under `examples/`. Neither second folder is a history compared with the first.
#[test]
fn hand_run_scripts_and_example_apps_are_not_histories() {
    let dir = tempfile::tempdir().unwrap();
    let root = dir.path();
    write(
        root,
        "supabase/migrations/20250101000000_initial.sql",
        INITIAL,
    );
    write(
        root,
        "migrations/add_status.sql",
        "ALTER TABLE flow.runs ADD COLUMN status text;\n",
    );
    let json = audit(root);
    let sources = json["sources"].as_array().unwrap();
    assert_eq!(
        sources.iter().filter(|s| s["kind"] == "migrations").count(),
        1,
        "{sources:#?}"
    );
    let migrations = migrations_source(&json);
    assert_eq!(migrations["also_found"], serde_json::json!(["migrations"]));
    assert!(
        !json["findings"]
            .as_array()
            .unwrap()
            .iter()
            .any(|f| f["rule"] == "missing-table"),
        "{json:#}"
    );

    let dir = tempfile::tempdir().unwrap();
    let root = dir.path();
    write(
        root,
        "packages/backend/drizzle/0000_init.sql",
        "CREATE TABLE \"Workspace\" (\"id\" uuid PRIMARY KEY);\n",
    );
    write(
        root,
        "packages/backend/drizzle/meta/_journal.json",
        r#"{"version":"7","dialect":"postgresql","entries":[{"idx":0,"version":"7","when":1700000000000,"tag":"0000_init","breakpoints":true}]}"#,
    );
    write(
        root,
        "examples/supabase/supabase/migrations/20250101000000_demo.sql",
        "CREATE TABLE public.demo (id int PRIMARY KEY);\n",
    );
    write(
        root,
        "examples/supabase/app/database.types.ts",
        "export type Json = string | number | boolean | null | { [key: string]: Json | undefined } | Json[]\nexport type Database = {\n  public: {\n    Tables: {\n      demo: {\n        Row: { id: number }\n        Insert: { id: number }\n        Update: { id?: number }\n        Relationships: []\n      }\n    }\n    Views: { [_ in never]: never }\n    Functions: { [_ in never]: never }\n    Enums: { [_ in never]: never }\n    CompositeTypes: { [_ in never]: never }\n  }\n}\n",
    );
    let json = audit(root);
    let sources = json["sources"].as_array().unwrap();
    let migrations = migrations_source(&json);
    assert!(
        migrations["location"]
            .as_str()
            .unwrap()
            .contains("packages/backend/drizzle"),
        "{sources:#?}"
    );
    assert!(
        !sources.iter().any(|s| s["kind"] == "types"),
        "the example app's types are not compared: {sources:#?}"
    );
    assert!(json["findings"].as_array().unwrap().is_empty(), "{json:#}");
}

/// e2b's layout: a goose history whose first migration stands in for Supabase's `auth`
/// (schema, `authenticated` role, `auth.uid()`); deployed on a plain PostgreSQL (AlloyDB),
/// not on the platform, so neither the platform's objects nor its RLS exposure apply.
#[test]
fn a_history_with_its_own_auth_schema_is_not_a_supabase_project() {
    let dir = tempfile::tempdir().unwrap();
    let root = dir.path();
    write(
        root,
        "packages/db/migrations/20000101000000_auth.sql",
        "-- +goose Up\nCREATE SCHEMA IF NOT EXISTS auth;\nCREATE ROLE authenticated;\nCREATE TABLE auth.users (id uuid PRIMARY KEY);\nCREATE FUNCTION auth.uid() RETURNS uuid LANGUAGE sql STABLE AS 'SELECT NULL::uuid';\n",
    );
    write(
        root,
        "packages/db/migrations/20231124185944_tables.sql",
        "-- +goose Up\nCREATE TABLE public.teams (id uuid PRIMARY KEY, owner uuid REFERENCES auth.users(id));\nGRANT SELECT ON public.teams TO authenticated;\n",
    );
    let json = audit(root);
    let rules: Vec<&str> = json["findings"]
        .as_array()
        .unwrap()
        .iter()
        .filter_map(|f| f["rule"].as_str())
        .collect();
    assert!(
        !rules.contains(&"migration-error") && !rules.contains(&"rls-disabled"),
        "{json:#}"
    );
}
