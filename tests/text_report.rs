//! The text report for a person at a terminal: the sources read, one line per finding
//! wrapped to the width, file:line once, migration order within a severity; --verbose,
//! --quiet, --statistics; colours by --color, NO_COLOR and CLICOLOR_FORCE; nothing from a
//! source becomes a terminal escape or HTML markup.

use serde_json::Value;
use std::path::Path;
use std::process::Command;

fn root() -> &'static Path {
    Path::new(env!("CARGO_MANIFEST_DIR"))
}

fn run_env(args: &[&str], env: &[(&str, &str)]) -> (i32, String, String) {
    let mut c = Command::new(env!("CARGO_BIN_EXE_schemadrift"));
    c.current_dir(root()).args(args);
    for k in ["COLUMNS", "NO_COLOR", "CLICOLOR_FORCE", "CLICOLOR"] {
        c.env_remove(k);
    }
    for (k, v) in env {
        c.env(k, v);
    }
    let out = c.output().expect("run schemadrift");
    (
        out.status.code().unwrap_or(-1),
        String::from_utf8_lossy(&out.stdout).to_string(),
        String::from_utf8_lossy(&out.stderr).to_string(),
    )
}

fn findings() -> Vec<Value> {
    let (_, out, _) = run_env(&["audit", "examples/acme", "--format", "json"], &[]);
    let doc: Value = serde_json::from_str(&out).unwrap();
    doc["findings"].as_array().unwrap().clone()
}

fn place(f: &Value) -> String {
    let l = &f["locations"][0];
    format!(
        "{}:{}:{}",
        l["path"].as_str().unwrap(),
        l["line"],
        l["column"]
    )
}

#[test]
fn header_one_line_per_finding_and_the_place_once() {
    let fs = findings();
    let (code, text, _) = run_env(&["audit", "examples/acme"], &[]);
    assert_eq!(code, 1);
    assert!(
        text.starts_with("Read\n  migrations  supabase/migrations (supabase), "),
        "{text}"
    );
    assert!(
        text.contains("not found: a live database (--db), schema.prisma"),
        "{text}"
    );
    // not a terminal and no COLUMNS: never wrapped, one line per finding
    let lines: Vec<&str> = text
        .lines()
        .filter(|l| l.starts_with("  ") && l.contains("  ["))
        .collect();
    assert_eq!(lines.len(), fs.len(), "{text}");
    for f in &fs {
        let p = place(f);
        let rule = f["rule"].as_str().unwrap();
        let line = lines
            .iter()
            .find(|l| l.starts_with(&format!("  {p}  [{rule}]")))
            .unwrap_or_else(|| panic!("no line for {p} {rule}: {text}"));
        // file:line once: the message no longer repeats it
        assert_eq!(line.matches(&p).count(), 1, "{line}");
    }
    // the place of the code finding is written once in the whole report
    assert_eq!(
        text.matches("src/lib/billing.ts:14:12").count(),
        1,
        "{text}"
    );
    // a cause before what it causes: migration order within a severity
    let a = text
        .find("20240201000000_invoices.sql:4:25  [migration-error]")
        .unwrap();
    let b = text
        .find("20240401000000_hardening.sql:1:21  [migration-error]")
        .unwrap();
    assert!(a < b, "{text}");
}

#[test]
fn wrapped_to_the_width() {
    for width in [60usize, 100, 140] {
        let (_, text, _) = run_env(
            &["audit", "examples/acme"],
            &[("COLUMNS", &width.to_string())],
        );
        for l in text.lines() {
            assert!(l.chars().count() <= width, "{width}: {l}");
        }
        // continuation lines are indented under their finding
        assert!(
            text.lines()
                .any(|l| l.starts_with("    ") && !l.starts_with("     "))
        );
    }
    // a path is never cut
    let (_, text, _) = run_env(&["audit", "examples/acme"], &[("COLUMNS", "60")]);
    assert!(!text.contains("supabase/\n"), "{text}");
}

#[test]
fn verbose_quiet_and_statistics() {
    let fs = findings();
    let (_, plain, _) = run_env(&["audit", "examples/acme"], &[]);
    assert!(!plain.contains("      | ") && !plain.contains("fix:"));
    let (_, verbose, _) = run_env(&["audit", "examples/acme", "--verbose"], &[]);
    assert!(
        verbose.contains("      | REVOKE ALL ON TABLE public.audit_log FROM anon;"),
        "{verbose}"
    );
    assert!(
        verbose.contains("      fix:\n        CREATE INDEX members_team_id_idx"),
        "{verbose}"
    );
    assert!(
        verbose.contains("expected (code): table public.payments"),
        "{verbose}"
    );

    let (code, quiet, _) = run_env(&["audit", "examples/acme", "-q"], &[]);
    assert_eq!(code, 1, "quiet changes the output, not the exit status");
    assert_eq!(quiet.lines().count(), 1, "{quiet}");
    assert!(quiet.starts_with(&format!("{} findings: ", fs.len())));

    let (_, stats, _) = run_env(&["audit", "examples/acme", "--statistics"], &[]);
    let at = stats.find("Findings per rule\n").expect("statistics");
    let mut rules: std::collections::BTreeMap<String, usize> = Default::default();
    for f in &fs {
        *rules
            .entry(f["rule"].as_str().unwrap().to_string())
            .or_default() += 1;
    }
    for (rule, n) in &rules {
        // one row per severity of the rule (a cascade is reported low under its root)
        let rows: Vec<&str> = stats[at..]
            .lines()
            .filter(|l| l.ends_with(&format!("  {rule}")))
            .collect();
        assert!(!rows.is_empty(), "{rule}: {stats}");
        let total: usize = rows
            .iter()
            .map(|r| {
                r.split_whitespace()
                    .next()
                    .unwrap()
                    .parse::<usize>()
                    .unwrap()
            })
            .sum();
        assert_eq!(total, *n, "{rows:?}");
    }
}

#[test]
fn colours_follow_the_flag_and_the_environment() {
    let esc = |t: &str| t.contains('\u{1b}');
    let args = ["audit", "examples/acme"];
    let (_, t, _) = run_env(&args, &[]);
    assert!(!esc(&t), "piped output has no colour");
    let (_, t, _) = run_env(&["audit", "examples/acme", "--color", "always"], &[]);
    assert!(esc(&t));
    let (_, t, _) = run_env(
        &["audit", "examples/acme", "--color", "never"],
        &[("CLICOLOR_FORCE", "1")],
    );
    assert!(!esc(&t));
    let (_, t, _) = run_env(&args, &[("CLICOLOR_FORCE", "1")]);
    assert!(esc(&t), "CLICOLOR_FORCE colours a pipe");
    let (_, t, _) = run_env(&args, &[("CLICOLOR_FORCE", "1"), ("NO_COLOR", "1")]);
    assert!(!esc(&t), "NO_COLOR wins");
    // JSON is never coloured
    let (_, t, _) = run_env(
        &[
            "audit",
            "examples/acme",
            "--format",
            "json",
            "--color",
            "always",
        ],
        &[],
    );
    assert!(!esc(&t));
    // a file is not coloured unless asked
    let tmp = tempfile::tempdir().unwrap();
    let f = tmp.path().join("r.txt");
    run_env(
        &["audit", "examples/acme", "--output", f.to_str().unwrap()],
        &[("CLICOLOR_FORCE", "1")],
    );
    assert!(!esc(&std::fs::read_to_string(&f).unwrap()));
}

#[test]
fn identifiers_never_become_escapes_or_markup() {
    let tmp = tempfile::tempdir().unwrap();
    let mig = tmp.path().join("supabase/migrations");
    std::fs::create_dir_all(&mig).unwrap();
    std::fs::write(
        mig.join("20240101000000_evil.sql"),
        "CREATE TABLE public.\"evil\u{1b}[2J\u{1b}]0;owned\u{7}\" (id int PRIMARY KEY);\n\
         CREATE TABLE public.\"<img src=x onerror=alert(1)>\" (id int PRIMARY KEY);\n",
    )
    .unwrap();
    let dir = tmp.path().to_str().unwrap();
    for args in [
        vec!["audit", dir],
        vec!["audit", dir, "--verbose"],
        vec!["audit", dir, "--format", "github"],
        vec!["audit", dir, "--format", "markdown"],
    ] {
        let (_, out, err) = run_env(&args, &[]);
        assert!(out.contains("evil"), "{args:?}: {out}{err}");
        assert!(
            !out.contains('\u{1b}') && !out.contains('\u{7}'),
            "{args:?}: {out:?}"
        );
    }
    let (_, html, _) = run_env(&["audit", dir, "--format", "html"], &[]);
    assert!(html.contains("onerror"), "the name is shown");
    assert!(!html.contains("<img"), "{html}");
    assert!(html.contains("&lt;img"), "{html}");
}
