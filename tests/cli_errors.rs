//! Errors that stop the run: a source the user named that cannot be read is one line on
//! stderr and exit 2, never a finding; a closed stdout ends quietly; configuration mistakes
//! name their line.

use std::io::Read;
use std::path::{Path, PathBuf};
use std::process::{Command, Stdio};

fn root() -> &'static Path {
    Path::new(env!("CARGO_MANIFEST_DIR"))
}

fn run_in(dir: &Path, args: &[&str]) -> (i32, String, String) {
    let out = Command::new(env!("CARGO_BIN_EXE_schemadrift"))
        .current_dir(dir)
        .args(args)
        .output()
        .expect("run schemadrift");
    (
        out.status.code().unwrap_or(-1),
        String::from_utf8_lossy(&out.stdout).to_string(),
        String::from_utf8_lossy(&out.stderr).to_string(),
    )
}

fn run(args: &[&str]) -> (i32, String, String) {
    run_in(root(), args)
}

/// Exit 2, nothing on stdout, one line on stderr that contains every `needle`.
fn stops(args: &[&str], needles: &[&str]) -> String {
    let (code, out, err) = run(args);
    assert_eq!(code, 2, "{args:?}: stdout {out}\nstderr {err}");
    assert!(out.is_empty(), "{args:?}: a report was printed: {out}");
    assert_eq!(err.trim_end().lines().count(), 1, "{args:?}: {err}");
    assert!(err.starts_with("schemadrift: "), "{err}");
    assert!(!err.contains("panicked"), "{err}");
    for n in needles {
        assert!(err.contains(n), "{args:?}: `{n}` not in {err}");
    }
    err
}

fn copy_dir(from: &Path, to: &Path) {
    std::fs::create_dir_all(to).unwrap();
    for e in std::fs::read_dir(from).unwrap().flatten() {
        let p = e.path();
        let dest = to.join(e.file_name());
        if p.is_dir() {
            copy_dir(&p, &dest);
        } else {
            std::fs::copy(&p, &dest).unwrap();
        }
    }
}

/// A copy of the bundled example, to add files to.
fn acme_copy() -> (tempfile::TempDir, PathBuf) {
    let tmp = tempfile::tempdir().unwrap();
    let dir = tmp.path().join("acme");
    copy_dir(&root().join("examples/acme"), &dir);
    (tmp, dir)
}

#[test]
fn unreachable_database_stops_the_run_without_the_password() {
    let err = stops(
        &[
            "audit",
            "examples/acme",
            "--db",
            "postgres://postgres:hunter2@127.0.0.1:1/x",
        ],
        &["--db", "127.0.0.1"],
    );
    assert!(!err.contains("hunter2"), "{err}");
    // the same through --format json: still no report, no finding
    stops(
        &[
            "audit",
            "examples/acme",
            "--format",
            "json",
            "--db",
            "postgres://postgres@127.0.0.1:1/x",
        ],
        &["--db"],
    );
}

#[test]
fn missing_files_named_by_flags_stop_the_run() {
    for flag in ["--types", "--openapi", "--prisma"] {
        stops(
            &["audit", "examples/acme", flag, "no/such/file"],
            &[flag, "no/such/file", "no such file"],
        );
    }
    stops(
        &["audit", "examples/acme", "--schema-file", "no/such.sql"],
        &["--schema-file", "no/such.sql"],
    );
    stops(
        &["audit", "examples/acme", "--migrations", "no/such/folder"],
        &["--migrations", "no/such/folder"],
    );
    // --types and --openapi name files, not folders
    stops(
        &["audit", "examples/acme", "--types", "examples/acme/src"],
        &["--types", "is a folder"],
    );
}

#[test]
fn missing_code_folder_stops_the_run() {
    stops(
        &[
            "audit",
            "examples/acme",
            "--code",
            "examples/acme/no-such-src",
        ],
        &["--code", "no-such-src"],
    );
}

#[test]
fn files_of_the_wrong_kind_stop_the_run() {
    let tmp = tempfile::tempdir().unwrap();
    // a README called schema.prisma: dump reads it as Prisma and finds none
    let fake = tmp.path().join("schema.prisma");
    std::fs::write(&fake, "# My project\n\nSome *notes* here.\n").unwrap();
    stops(
        &["dump", fake.to_str().unwrap()],
        &["is not a Prisma schema"],
    );
    stops(
        &["audit", "examples/acme", "--prisma", fake.to_str().unwrap()],
        &["--prisma", "is not a Prisma schema"],
    );
    // a Prisma schema named with another extension is read as Prisma all the same
    let real = tmp.path().join("models.txt");
    std::fs::write(
        &real,
        "model Team {\n  id String @id @db.Uuid\n  name String\n  @@map(\"teams\")\n}\n",
    )
    .unwrap();
    let (code, _, err) = run(&["audit", "examples/acme", "--prisma", real.to_str().unwrap()]);
    assert!(code == 0 || code == 1, "{err}");
    // a README given to lint or dump
    stops(&["lint", "README.md"], &["README.md", "not SQL"]);
    stops(&["dump", "README.md"], &["README.md", "not SQL"]);
    stops(
        &["diff", "README.md", "examples/acme/production.sql"],
        &["README.md", "not SQL"],
    );
    // a picture given as a schema file
    let png = tmp.path().join("picture.png");
    std::fs::write(&png, b"\x89PNG\r\n\x1a\n\0\0\0\rIHDR\0\0").unwrap();
    stops(
        &[
            "audit",
            "examples/acme",
            "--schema-file",
            png.to_str().unwrap(),
        ],
        &["--schema-file", "picture.png", "not SQL"],
    );
    // and a binary file with a .sql name is refused by its content
    let bin = tmp.path().join("dump.sql");
    std::fs::write(&bin, b"PGDMP\0\x01\x0e\0binary").unwrap();
    stops(
        &[
            "audit",
            "examples/acme",
            "--schema-file",
            bin.to_str().unwrap(),
        ],
        &["--schema-file", "binary"],
    );
    // OpenAPI and generated types that are not what they claim
    let notjson = tmp.path().join("openapi.json");
    std::fs::write(&notjson, "{\"hello\": 1}").unwrap();
    stops(
        &[
            "audit",
            "examples/acme",
            "--openapi",
            notjson.to_str().unwrap(),
        ],
        &["--openapi", "not an OpenAPI document"],
    );
    let nots = tmp.path().join("types.ts");
    std::fs::write(&nots, "export const x = 1;\n").unwrap();
    stops(
        &["audit", "examples/acme", "--types", nots.to_str().unwrap()],
        &["--types", "types.ts"],
    );
}

#[test]
fn audit_of_a_migrations_folder_names_the_project_root() {
    let err = stops(
        &["audit", "examples/acme/supabase/migrations"],
        &[
            "is a migrations folder",
            "schemadrift audit examples/acme",
            "--migrations",
        ],
    );
    assert!(!err.contains("supabase/migrations`)") || err.contains("--migrations"));
    // a Prisma migrations folder too
    let tmp = tempfile::tempdir().unwrap();
    let mig = tmp.path().join("app/prisma/migrations/20240101000000_init");
    std::fs::create_dir_all(&mig).unwrap();
    std::fs::write(mig.join("migration.sql"), "CREATE TABLE a (id int);\n").unwrap();
    let (code, _, err) = run_in(tmp.path(), &["audit", "app/prisma/migrations"]);
    assert_eq!(code, 2, "{err}");
    assert!(err.contains("schemadrift audit app`"), "{err}");
    // the project root itself audits
    let (code, _, err) = run_in(tmp.path(), &["audit", "app"]);
    assert!(code == 0 || code == 1, "{err}");
}

#[test]
fn audit_of_a_file_or_a_missing_folder_stops() {
    stops(
        &["audit", "examples/acme/production.sql"],
        &["is not a folder", "lint"],
    );
    stops(
        &["audit", "examples/nowhere"],
        &["examples/nowhere", "does not exist"],
    );
}

#[test]
fn a_closed_stdout_ends_quietly() {
    for format in ["text", "json", "sarif", "markdown", "html"] {
        let mut child = Command::new(env!("CARGO_BIN_EXE_schemadrift"))
            .current_dir(root())
            .args(["audit", "examples/acme", "--format", format])
            .stdout(Stdio::piped())
            .stderr(Stdio::piped())
            .spawn()
            .unwrap();
        // the reader goes away before anything is written: every write fails with EPIPE
        drop(child.stdout.take());
        let mut err = String::new();
        child
            .stderr
            .take()
            .unwrap()
            .read_to_string(&mut err)
            .unwrap();
        let status = child.wait().unwrap();
        assert!(err.is_empty(), "{format}: {err}");
        // the exit status still says what was found (the example has critical findings)
        assert_eq!(status.code(), Some(1), "{format}");
    }
    // and the way a person writes it
    let out = Command::new("sh")
        .current_dir(root())
        .arg("-c")
        .arg(format!(
            "{} audit examples/acme | head -1",
            env!("CARGO_BIN_EXE_schemadrift")
        ))
        .output()
        .unwrap();
    let err = String::from_utf8_lossy(&out.stderr);
    assert!(
        !err.contains("panicked") && !err.contains("Broken pipe"),
        "{err}"
    );
    assert_eq!(String::from_utf8_lossy(&out.stdout).lines().count(), 1);
    // explain --list and refs too
    for args in [
        "explain --list",
        "refs examples/acme",
        "dump examples/acme/production.sql",
    ] {
        let out = Command::new("sh")
            .current_dir(root())
            .arg("-c")
            .arg(format!(
                "{} {args} | head -1",
                env!("CARGO_BIN_EXE_schemadrift")
            ))
            .output()
            .unwrap();
        let err = String::from_utf8_lossy(&out.stderr);
        assert!(err.is_empty(), "{args}: {err}");
    }
}

#[test]
fn fail_on_never_and_bad_thresholds() {
    let (code, out, _) = run(&["audit", "examples/acme"]);
    assert_eq!(code, 1, "the example has critical findings");
    assert!(out.contains("critical"));
    let (code, out, err) = run(&["audit", "examples/acme", "--fail-on", "never"]);
    assert_eq!(code, 0, "{err}");
    assert!(out.contains("critical"), "the report is the same");
    let (code, _, _) = run(&["audit", "examples/acme", "--fail-on", "critical"]);
    assert_eq!(code, 1);
    stops(
        &["audit", "examples/acme", "--fail-on", "sometimes"],
        &["--fail-on", "sometimes", "never"],
    );
}

#[test]
fn audit_config_flag_reads_that_file() {
    let tmp = tempfile::tempdir().unwrap();
    let cfg = tmp.path().join("ci.toml");
    std::fs::write(
        &cfg,
        "[rules]\nignore = [\"migration-error\"]\n\n[rules.severity]\nmigration-order = \"info\"\n",
    )
    .unwrap();
    let (_, plain, _) = run(&["audit", "examples/acme", "--format", "json"]);
    assert!(plain.contains("\"migration-error\""));
    let (code, out, err) = run(&[
        "audit",
        "examples/acme",
        "--format",
        "json",
        "--config",
        cfg.to_str().unwrap(),
    ]);
    assert!(code == 0 || code == 1, "{err}");
    let doc: serde_json::Value = serde_json::from_str(&out).unwrap();
    let findings = doc["findings"].as_array().unwrap();
    assert!(
        findings.iter().all(|f| f["rule"] != "migration-error"),
        "{out}"
    );
    assert!(
        findings
            .iter()
            .filter(|f| f["rule"] == "migration-order")
            .all(|f| f["severity"] == "info")
    );
    assert!(findings.iter().any(|f| f["rule"] == "migration-order"));
    stops(
        &["audit", "examples/acme", "--config", "no/such.toml"],
        &["no/such.toml"],
    );
}

#[test]
fn explain_lists_rules_and_suggests_the_close_one() {
    let (code, out, _) = run(&["explain", "--list"]);
    assert_eq!(code, 0);
    let ids: Vec<&str> = out
        .lines()
        .filter_map(|l| l.split_whitespace().next())
        .collect();
    let all: Vec<&str> = schemadrift::findings::all_rules().map(|r| r.id).collect();
    assert_eq!(ids.len(), all.len());
    for id in &all {
        assert!(ids.contains(id), "{id} not listed");
    }
    assert!(
        out.lines()
            .any(|l| l.starts_with("rls-disabled ") && l.contains("high")),
        "{out}"
    );
    stops(
        &["explain", "rls-disable"],
        &["unknown rule `rls-disable`", "did you mean `rls-disabled`"],
    );
    let err = stops(&["explain", "zzzz"], &["unknown rule `zzzz`", "--list"]);
    assert!(!err.contains("did you mean"), "{err}");
    // a terminal escape in the argument is not sent to the terminal
    let err = stops(&["explain", "x\u{1b}[31my"], &["unknown rule"]);
    assert!(!err.contains('\u{1b}'), "{err:?}");
}

#[test]
fn unknown_keys_in_the_config_are_errors_with_their_line() {
    let (_tmp, dir) = acme_copy();
    let d = dir.to_str().unwrap();
    let write = |text: &str| std::fs::write(dir.join("schemadrift.toml"), text).unwrap();

    write("baseline = \"b.json\"\n\n[rulez]\nignore = []\n");
    stops(
        &["audit", d],
        &[
            "schemadrift.toml",
            "line 3",
            "`rulez`",
            "did you mean `rules`",
        ],
    );
    write("[rules]\nignore = [\"unused-object\"]\nignroe_objects = [\"x\"]\n");
    stops(
        &["audit", d],
        &[
            "line 3",
            "rules.ignroe_objects",
            "did you mean `ignore_objects`",
        ],
    );
    write("[rules.severity]\nrls-disabled = \"critical\"\nrls-disable = \"low\"\n");
    stops(
        &["audit", d],
        &[
            "line 3",
            "unknown rule `rls-disable`",
            "did you mean `rls-disabled`",
        ],
    );
    write("[rules]\nignore = [\n  \"unused-object\",\n  \"no-such-rule\",\n]\n");
    stops(&["audit", d], &["line 4", "unknown rule `no-such-rule`"]);
    write("[rules.rls-disabled]\nseverty = \"low\"\n");
    stops(
        &["audit", d],
        &[
            "line 2",
            "rules.rls-disabled.severty",
            "did you mean `severity`",
        ],
    );
    write("[sources]\nmigration = [\"supabase/migrations\"]\n");
    stops(
        &["audit", d],
        &["line 2", "sources.migration", "did you mean `migrations`"],
    );
    write("[rules]\nignore = [\"unused-object\"\n");
    stops(&["audit", d], &["schemadrift.toml", "line"]);
    // lint reads the same file
    write("colour = true\n");
    stops(
        &["lint", dir.join("supabase/migrations").to_str().unwrap()],
        &["line 1", "`colour`"],
    );
    // a valid file passes, and its [sources] are what audit reads
    write("[sources]\nmigrations = [\"supabase/migrations\"]\ncode = [\"src\"]\n");
    let (code, out, err) = run(&["audit", d, "--format", "json"]);
    assert!(code == 0 || code == 1, "{err}");
    assert!(out.contains("supabase/migrations"), "{out}");
    write("[sources]\nprisma = \"prisma/schema.prisma\"\n");
    stops(&["audit", d], &["sources.prisma", "prisma/schema.prisma"]);
}
