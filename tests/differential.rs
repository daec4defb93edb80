//! PostgreSQL is the judge: every script of the corpus runs on a real PostgreSQL 15 (a fresh
//! database, one transaction per file, as the Supabase CLI runs a migration; or statement by
//! statement in autocommit, with a `-- runner: autocommit` header) and through the replay. Their verdicts — success, or which statement failed with which SQLSTATE — must
//! agree. Then the replay's catalog, dumped as SQL, must build on an empty database.
//!
//! Needs `psql` and a server at DATABASE_URL (default postgres://postgres@127.0.0.1:5432/postgres).

use schemadrift::replay::{FileMode, Replay, ReplayOptions, Sending, SqlFile, Transaction};
use schemadrift::sql::Script;
use std::path::{Path, PathBuf};
use std::process::Command;

fn admin_url() -> String {
    std::env::var("DATABASE_URL")
        .unwrap_or_else(|_| "postgres://postgres@127.0.0.1:5432/postgres".into())
}

fn db_url(name: &str) -> String {
    let base = admin_url();
    match base.rfind('/') {
        Some(i) if base[..i].contains("://") && i > base.find("://").unwrap_or(0) + 2 => {
            format!("{}/{}", &base[..i], name)
        }
        _ => format!("{base}/{name}"),
    }
}

fn psql(url: &str, args: &[&str]) -> std::process::Output {
    Command::new("psql")
        .arg(url)
        .args(["-X", "-q"])
        .args(args)
        .output()
        .expect("psql must be installed to run the differential tests")
}

/// A database that is dropped when the test ends.
struct TempDb {
    name: String,
}

impl TempDb {
    fn new(tag: &str) -> TempDb {
        let name = format!("sd_diff_{}_{}", std::process::id(), tag);
        let out = psql(
            &admin_url(),
            &[
                "-c",
                &format!("DROP DATABASE IF EXISTS {name} WITH (FORCE)"),
                "-c",
                &format!("CREATE DATABASE {name}"),
            ],
        );
        assert!(
            out.status.success(),
            "cannot create database: {}",
            String::from_utf8_lossy(&out.stderr)
        );
        TempDb { name }
    }
    fn url(&self) -> String {
        db_url(&self.name)
    }
}

impl Drop for TempDb {
    fn drop(&mut self) {
        let _ = psql(
            &admin_url(),
            &[
                "-c",
                &format!("DROP DATABASE IF EXISTS {} WITH (FORCE)", self.name),
            ],
        );
    }
}

#[derive(Debug, PartialEq)]
enum Verdict {
    Ok,
    /// SQLSTATE and the 1-based line psql reports.
    Fails(String, u32),
}

/// The Supabase platform description the replay's baseline is, in loading order (the
/// second file needs the stand-in extensions: `platform/install`).
fn platform() -> [PathBuf; 2] {
    let root = Path::new(env!("CARGO_MANIFEST_DIR"));
    [
        root.join("platform/supabase/platform.sql"),
        root.join("platform/supabase/platform-extensions.sql"),
    ]
}

fn load_platform(url: &str) {
    for file in platform() {
        let out = psql(
            url,
            &[
                "-v",
                "ON_ERROR_STOP=1",
                "-f",
                file.to_str().unwrap_or_default(),
            ],
        );
        assert!(
            out.status.success(),
            "{} does not load (are the stand-in extensions installed? run platform/install): {}",
            file.display(),
            String::from_utf8_lossy(&out.stderr)
        );
    }
    let _ = psql(
        url,
        &[
            "-c",
            "DO $$ BEGIN EXECUTE format('ALTER DATABASE %I SET search_path TO \"$user\", public, extensions', current_database()); END $$",
        ],
    );
}

/// How a script is run: `psql --single-transaction -f` (the default), or, with a first-lines
/// header `-- runner: autocommit`, `psql -f` (each statement its own transaction, as psql,
/// Sqitch and Rails' structure.sql load run a file).
#[derive(Clone, Copy, PartialEq)]
enum RunnerMode {
    SingleTransaction,
    Autocommit,
}

fn runner_mode(text: &str) -> RunnerMode {
    let header = text
        .lines()
        .take(3)
        .any(|l| l.trim() == "-- runner: autocommit");
    if header {
        RunnerMode::Autocommit
    } else {
        RunnerMode::SingleTransaction
    }
}

fn postgres_verdict(url: &str, file: &Path) -> Verdict {
    postgres_verdict_as(url, file, RunnerMode::SingleTransaction)
}

fn postgres_verdict_as(url: &str, file: &Path, mode: RunnerMode) -> Verdict {
    let mut args = vec!["-v", "ON_ERROR_STOP=1", "-v", "VERBOSITY=verbose"];
    if mode == RunnerMode::SingleTransaction {
        args.push("--single-transaction");
    }
    args.extend(["-f", file.to_str().unwrap_or_default()]);
    let out = psql(url, &args);
    if out.status.success() {
        return Verdict::Ok;
    }
    let err = String::from_utf8_lossy(&out.stderr).to_string();
    // psql:FILE:LINE: ERROR:  42P01: relation "x" does not exist
    let re = regex::Regex::new(r":(\d+): ERROR:\s+([0-9A-Z]{5}):").expect("regex");
    match re.captures(&err) {
        Some(c) => Verdict::Fails(c[2].to_string(), c[1].parse().unwrap_or(0)),
        None => panic!("unexpected psql output for {}: {err}", file.display()),
    }
}

fn main_corpus() -> Vec<PathBuf> {
    let dir = Path::new(env!("CARGO_MANIFEST_DIR")).join("tests/differential");
    let mut files: Vec<PathBuf> = std::fs::read_dir(&dir)
        .expect("corpus")
        .flatten()
        .map(|e| e.path())
        .filter(|p| p.extension().is_some_and(|e| e == "sql"))
        .collect();
    files.sort();
    files
}

#[test]
fn replay_agrees_with_postgres_on_every_script() {
    let corpus = main_corpus();
    assert!(
        corpus.len() >= 40,
        "the corpus should have at least 40 scripts"
    );
    let mut disagreements = Vec::new();
    for (n, file) in corpus.iter().enumerate() {
        let text = std::fs::read_to_string(file).expect("read script");
        let supabase = text.starts_with("-- needs: supabase");
        let db = TempDb::new(&format!("{n}"));
        if supabase {
            load_platform(&db.url());
        }
        let mode = runner_mode(&text);
        let pg = postgres_verdict_as(&db.url(), file, mode);

        let mut replay = Replay::new(ReplayOptions {
            source_id: "test".into(),
            supabase,
        });
        let name = file
            .file_name()
            .map(|n| n.to_string_lossy().to_string())
            .unwrap_or_default();
        match mode {
            RunnerMode::SingleTransaction => replay.run_file(&SqlFile {
                path: &name,
                text: &text,
            }),
            RunnerMode::Autocommit => replay.run_file_as(
                &name,
                Script::parse(&text),
                &FileMode {
                    transaction: Transaction::Autocommit,
                    sending: Sending::Statements,
                    session_carries: false,
                },
            ),
        }
        let (catalog, _findings, verdicts) = replay.finish();
        let ours = &verdicts[0].first_error;

        let agree = match (&pg, ours) {
            (Verdict::Ok, None) => true,
            (Verdict::Fails(code, line), Some(e)) => {
                // the failing statement must be the same: psql's line lies within it
                let script = Script::parse(&text);
                let stmts: Vec<_> = script.statements.iter().filter(|s| !s.has_error).collect();
                let within = stmts
                    .get(e.index)
                    .map(|s| {
                        let (a, _) = script.position(s.start);
                        let (b, _) = script.position(s.end);
                        a <= *line && *line <= b + 1
                    })
                    .unwrap_or(false);
                // (a statement the parser cut short is not counted above, but the replay runs it
                // when PostgreSQL's grammar certainly refuses it too: then the lines tell, or
                // the broken region holding both lines)
                let same_region = script.statements.iter().any(|s| {
                    let (a, _) = script.position(s.start);
                    let (b, _) = script.position(s.end);
                    a <= e.line && e.line <= b && a <= *line && *line <= b + 1
                });
                *code == e.sqlstate && (within || e.line == *line || same_region)
            }
            _ => false,
        };
        if !agree {
            disagreements.push(format!("{name}: postgres {pg:?}, replay {ours:?}"));
            continue;
        }
        // the dump of what was built must build on an empty database
        let dump = schemadrift::catalog::dump::dump(&catalog);
        let db2 = TempDb::new(&format!("{n}_dump"));
        if supabase {
            load_platform(&db2.url());
        }
        let dump_file =
            std::env::temp_dir().join(format!("sd_dump_{}_{n}.sql", std::process::id()));
        std::fs::write(&dump_file, &dump).expect("write dump");
        if let Verdict::Fails(code, line) = postgres_verdict(&db2.url(), &dump_file) {
            let l = dump
                .lines()
                .nth(line.saturating_sub(1) as usize)
                .unwrap_or("");
            disagreements.push(format!(
                "{name}: dump does not build ({code} at line {line}: {l})"
            ));
        }
        let _ = std::fs::remove_file(&dump_file);
    }
    assert!(
        disagreements.is_empty(),
        "{} of {} scripts disagree:\n{}",
        disagreements.len(),
        corpus.len(),
        disagreements.join("\n")
    );
}
