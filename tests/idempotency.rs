//! `non-idempotent-statement`: fires where files are re-run, stays quiet under a runner.

use std::process::Command;

fn lint(path: &std::path::Path) -> Vec<serde_json::Value> {
    let out = Command::new(env!("CARGO_BIN_EXE_schemadrift"))
        .args(["lint", path.to_str().expect("path"), "--format", "json"])
        .output()
        .expect("run schemadrift");
    let v: serde_json::Value = serde_json::from_slice(&out.stdout).expect("json report");
    v["findings"]
        .as_array()
        .cloned()
        .unwrap_or_default()
        .into_iter()
        .filter(|f| f["rule"] == "non-idempotent-statement")
        .collect()
}

const SCRIPT: &str = "CREATE TABLE IF NOT EXISTS notes (id int PRIMARY KEY, body text);\n\
CREATE INDEX notes_body_idx ON notes (body);\n\
CREATE INDEX IF NOT EXISTS notes_id_idx ON notes (id);\n\
DROP POLICY IF EXISTS \"read notes\" ON notes;\n\
CREATE POLICY \"read notes\" ON notes FOR SELECT USING (true);\n\
CREATE POLICY \"write notes\" ON notes FOR INSERT WITH CHECK (true);\n\
CREATE OR REPLACE FUNCTION one() RETURNS int LANGUAGE sql AS $$ SELECT 1 $$;\n";

#[test]
fn a_file_written_to_be_rerun_reports_its_unguarded_statements() {
    let dir = tempfile::tempdir().expect("tempdir");
    let migrations = dir.path().join("supabase").join("migrations");
    std::fs::create_dir_all(&migrations).expect("mkdir");
    std::fs::write(migrations.join("20240101000000_notes.sql"), SCRIPT).expect("write");
    let found = lint(&migrations);
    let objects: Vec<&str> = found.iter().filter_map(|f| f["object"].as_str()).collect();
    assert_eq!(
        objects,
        vec!["public.notes/notes_body_idx", "public.notes/write notes"],
        "{found:?}"
    );
    assert!(found.iter().all(|f| f["severity"] == "info"));
    let fix = found[0]["fix"].as_str().unwrap_or("");
    assert_eq!(
        fix,
        "CREATE INDEX IF NOT EXISTS notes_body_idx ON notes (body);"
    );
    assert_eq!(found[0]["locations"][0]["line"], 2);
}

#[test]
fn plain_migrations_under_a_runner_are_not_reported() {
    let dir = tempfile::tempdir().expect("tempdir");
    let migrations = dir.path().join("supabase").join("migrations");
    std::fs::create_dir_all(&migrations).expect("mkdir");
    std::fs::write(
        migrations.join("20240101000000_notes.sql"),
        "CREATE TABLE notes (id int PRIMARY KEY);\nCREATE INDEX notes_id_idx ON notes (id);\n",
    )
    .expect("write");
    assert!(lint(&migrations).is_empty());
}

#[test]
fn hand_run_scripts_report_every_unguarded_create() {
    let dir = tempfile::tempdir().expect("tempdir");
    let scripts = dir.path().join("sql");
    std::fs::create_dir_all(&scripts).expect("mkdir");
    std::fs::write(
        scripts.join("001_notes.sql"),
        "CREATE TABLE notes (id int PRIMARY KEY);\nCREATE INDEX notes_id_idx ON notes (id);\n",
    )
    .expect("write");
    let found = lint(&scripts);
    assert_eq!(found.len(), 2, "{found:?}");
}
