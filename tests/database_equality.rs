//! The catalog equality test (PRODUCT.md §3): for every script of the differential corpus,
//! the catalog introspected from a database that ran the script must dump to the same text
//! as the catalog the replay builds from it.
//!
//! Scripts PostgreSQL accepts whole run in one transaction. Scripts it refuses are run again
//! in one transaction with a savepoint around each statement (psql's ON_ERROR_ROLLBACK),
//! which is what the replay models: the refused statement has no effect, the others do.
//! Scripts headed `-- runner: autocommit` run statement by statement, as psql runs a file.

mod db_support;

use db_support::{TempDb, diff, root};
use schemadrift::catalog::dump::dump;
use schemadrift::replay::{FileMode, Replay, ReplayOptions, Sending, SqlFile, Transaction};
use schemadrift::sources::database::{DbOptions, introspect};
use schemadrift::sql::Script;
use std::path::PathBuf;

fn corpus() -> Vec<PathBuf> {
    let mut all = scripts("tests/differential");
    all.extend(scripts("tests/db_support/coverage"));
    all
}

fn scripts(dir: &str) -> Vec<PathBuf> {
    let dir = root().join(dir);
    let mut files: Vec<PathBuf> = std::fs::read_dir(&dir)
        .expect("corpus")
        .flatten()
        .map(|e| e.path())
        .filter(|p| p.extension().is_some_and(|e| e == "sql"))
        .collect();
    files.sort();
    files
}

/// Scripts whose statement-by-statement run cannot match the replay, and why.
const SKIPPED: &[(&str, &str)] = &[];

/// Roles are cluster-wide: a role a script creates must not be left by an earlier run.
fn drop_roles_created_by(text: &str) {
    let re = regex::Regex::new(r"(?i)\bCREATE\s+ROLE\s+([a-z_][a-z0-9_]*)").expect("regex");
    for c in re.captures_iter(text) {
        let role = c[1].to_ascii_lowercase();
        if matches!(
            role.as_str(),
            "postgres" | "anon" | "authenticated" | "service_role"
        ) {
            continue;
        }
        // fails harmlessly while another database still depends on the role
        let _ = db_support::psql(
            &db_support::admin_url(),
            &["-c", &format!("DROP ROLE IF EXISTS {role}")],
        );
    }
}

/// A script with the header `-- runner: autocommit` is sent statement by statement, each in
/// its own transaction (as psql runs a file); any other is one transaction (as the Supabase
/// CLI, goose, dbmate … run a migration).
fn autocommit(text: &str) -> bool {
    text.lines()
        .take(3)
        .any(|l| l.trim() == "-- runner: autocommit")
}

fn replayed(name: &str, text: &str, supabase: bool) -> String {
    let mut replay = Replay::new(ReplayOptions {
        source_id: "migrations".into(),
        supabase,
    });
    if autocommit(text) {
        replay.run_file_as(
            name,
            Script::parse(text),
            &FileMode {
                transaction: Transaction::Autocommit,
                sending: Sending::Statements,
                session_carries: false,
            },
        );
    } else {
        replay.run_file(&SqlFile { path: name, text });
    }
    let (catalog, _, _) = replay.finish();
    dump(&catalog)
}

#[test]
fn introspected_catalog_equals_replayed_catalog_on_the_corpus() {
    let only = std::env::var("SD_ONLY").ok();
    let mut failures = Vec::new();
    let mut whole = 0;
    let mut each = 0;
    for file in corpus() {
        let name = file
            .file_name()
            .map(|n| n.to_string_lossy().to_string())
            .unwrap_or_default();
        if only.as_ref().is_some_and(|o| !name.contains(o.as_str())) {
            continue;
        }
        if SKIPPED.iter().any(|(n, _)| *n == name) {
            continue;
        }
        let text = std::fs::read_to_string(&file).expect("read script");
        let supabase = text.starts_with("-- needs: supabase");
        drop_roles_created_by(&text);
        let mut db = TempDb::new("eq");
        if supabase {
            db.load_platform();
        }
        if autocommit(&text) {
            db.run_file_each(&file);
            each += 1;
        } else if db.run_file(&file).is_ok() {
            whole += 1;
        } else {
            // the file's transaction, with each refused statement undone alone (what the
            // replay models: the refused statement has no effect, the others do)
            db = TempDb::new("eq");
            if supabase {
                db.load_platform();
            }
            db.run_file_savepoints(&file);
            each += 1;
        }
        let introspected = match introspect(&db.url(), &DbOptions::default()) {
            Ok(s) => dump(&s.catalog),
            Err(e) => {
                failures.push(format!("{name}: introspection failed: {e}"));
                continue;
            }
        };
        drop(db);
        // leave no role behind for the next test (roles outlive databases)
        drop_roles_created_by(&text);
        let expected = replayed(&name, &text, supabase);
        if introspected != expected {
            failures.push(format!(
                "{name}: database (-) and replay (+) differ:\n{}",
                diff(&introspected, &expected)
            ));
        }
    }
    eprintln!("{whole} scripts ran whole, {each} statement by statement");
    assert!(
        failures.is_empty(),
        "{} scripts differ:\n{}",
        failures.len(),
        failures.join("\n")
    );
}
