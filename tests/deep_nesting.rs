//! No recursion without a bound (issue 16, point 1): inputs that aborted with a stack overflow
//! (nested parentheses, long operator chains, a deep Prisma default, a long JavaScript method
//! chain) and inputs far past the documented limits end with exit 0 or 1, never a signal;
//! past a limit the place is named in a finding or a warning.

use std::path::Path;
use std::process::Command;

struct Out {
    code: Option<i32>,
    stdout: String,
    stderr: String,
}

fn run(dir: &Path, args: &[&str]) -> Out {
    let out = Command::new(env!("CARGO_BIN_EXE_schemadrift"))
        .args(args)
        .current_dir(dir)
        .output()
        .expect("run schemadrift");
    Out {
        code: out.status.code(),
        stdout: String::from_utf8_lossy(&out.stdout).into_owned(),
        stderr: String::from_utf8_lossy(&out.stderr).into_owned(),
    }
}

/// Exit 0 or 1: `None` is death by a signal (the abort of a stack overflow).
fn assert_clean(o: &Out, what: &str) {
    assert!(
        matches!(o.code, Some(0 | 1)),
        "{what}: exit {:?}\n{}",
        o.code,
        o.stderr.chars().take(2000).collect::<String>()
    );
    assert!(!o.stderr.contains("overflowed"), "{what}: {}", o.stderr);
}

fn write(dir: &Path, name: &str, text: &str) {
    let p = dir.join(name);
    if let Some(parent) = p.parent() {
        std::fs::create_dir_all(parent).expect("mkdir");
    }
    std::fs::write(p, text).expect("write");
}

fn nested(open: &str, inner: &str, close: &str, n: usize) -> String {
    format!("{}{inner}{}", open.repeat(n), close.repeat(n))
}

fn chain(term: &str, op: &str, n: usize) -> String {
    vec![term; n].join(op)
}

#[test]
fn sql_that_aborted_now_replays() {
    let dir = tempfile::tempdir().expect("tempdir");
    let d = dir.path();
    let cases = [
        (
            "parens_check.sql",
            format!(
                "CREATE TABLE t (a int CHECK ({}));\n",
                nested("(", "a > 1", ")", 4_000)
            ),
        ),
        (
            "parens_view.sql",
            format!(
                "CREATE VIEW v AS SELECT {} AS x;\n",
                nested("(", "1", ")", 4_000)
            ),
        ),
        (
            "parens_function.sql",
            format!(
                "CREATE FUNCTION f() RETURNS int LANGUAGE plpgsql AS $$ BEGIN RETURN {}; END $$;\n",
                nested("(", "1", ")", 4_000)
            ),
        ),
        (
            "or_chain.sql",
            format!(
                "CREATE TABLE t (a int CHECK ({}));\n",
                (0..13_000)
                    .map(|i| format!("a = {i}"))
                    .collect::<Vec<_>>()
                    .join(" OR ")
            ),
        ),
        (
            "plus_chain.sql",
            format!(
                "CREATE TABLE t (a int DEFAULT {});\n",
                chain("1", " + ", 13_000)
            ),
        ),
        (
            "concat_chain.sql",
            format!(
                "CREATE TABLE t (a text DEFAULT {});\n",
                chain("'x'", " || ", 13_000)
            ),
        ),
    ];
    for (name, text) in &cases {
        write(d, name, text);
        let o = run(d, &["lint", name, "--format", "json"]);
        assert_clean(&o, name);
        let o = run(d, &["dump", name]);
        assert_clean(&o, name);
    }
}

#[test]
fn sql_past_the_limits_is_an_unparsed_finding() {
    let dir = tempfile::tempdir().expect("tempdir");
    let d = dir.path();
    let limit = schemadrift::sql::nesting::MAX_NESTING;
    let run_limit = schemadrift::sql::nesting::MAX_PREFIX_RUN;
    let cases = [
        (
            "deep_parens.sql",
            format!(
                "CREATE TABLE ok (id int);\nSELECT {};\nCREATE TABLE ok2 (id int);\n",
                nested("(", "1", ")", 2 * limit)
            ),
        ),
        (
            "deep_brackets.sql",
            format!(
                "CREATE TABLE ok (id int);\nSELECT ARRAY{};\nCREATE TABLE ok2 (id int);\n",
                nested("[", "1", "]", 2 * limit)
            ),
        ),
        (
            "minus_run.sql",
            format!(
                "CREATE TABLE ok (id int);\nSELECT {}1;\nCREATE TABLE ok2 (id int);\n",
                "- ".repeat(20 * run_limit)
            ),
        ),
        (
            "not_run.sql",
            format!(
                "CREATE TABLE ok (id int);\nSELECT {}true;\nCREATE TABLE ok2 (id int);\n",
                "NOT ".repeat(20 * run_limit)
            ),
        ),
        (
            "long_chain.sql",
            format!(
                "CREATE TABLE ok (id int);\nSELECT {};\nCREATE TABLE ok2 (id int);\n",
                chain("1", " + ", 2 * schemadrift::sql::MAX_TREE_DEPTH)
            ),
        ),
    ];
    for (name, text) in &cases {
        write(d, name, text);
        let o = run(d, &["lint", name, "--format", "json"]);
        assert_clean(&o, name);
        let v: serde_json::Value = serde_json::from_str(&o.stdout).expect("json report");
        let unparsed: Vec<&serde_json::Value> = v["findings"]
            .as_array()
            .expect("findings")
            .iter()
            .filter(|f| f["rule"] == "unparsed-statement")
            .collect();
        assert_eq!(
            unparsed.len(),
            1,
            "{name}: {}",
            o.stdout.chars().take(3000).collect::<String>()
        );
        let msg = unparsed[0]["message"].as_str().unwrap_or_default();
        assert!(
            msg.contains("nested") || msg.contains("deep"),
            "{name}: {msg}"
        );
        assert!(
            unparsed[0].to_string().contains(name),
            "{name}: the place is named"
        );
        // the statements around it were replayed
        let dump = run(d, &["dump", name]);
        assert_clean(&dump, name);
        assert!(
            dump.stdout.contains("public.ok ") && dump.stdout.contains("public.ok2"),
            "{name}: {}",
            dump.stdout
        );
    }
}

#[test]
fn prisma_defaults_nested_deep() {
    let dir = tempfile::tempdir().expect("tempdir");
    let d = dir.path();
    write(d, "ok.sql", "CREATE TABLE \"A\" (id int PRIMARY KEY);\n");
    let head = "datasource db {\n  provider = \"postgresql\"\n  url = env(\"DATABASE_URL\")\n}\n";
    for (name, value) in [
        ("call.prisma", nested("dbgenerated(", "\"1\"", ")", 12_000)),
        ("list.prisma", nested("[", "1", "]", 12_000)),
        ("call_huge.prisma", nested("f(", "1", ")", 500_000)),
    ] {
        write(
            d,
            name,
            &format!("{head}model A {{\n  id Int @id @default({value})\n}}\n"),
        );
        let o = run(d, &["diff", name, "ok.sql", "--format", "json"]);
        assert_clean(&o, name);
        assert!(
            o.stdout.contains("nested more than"),
            "{name}: {}",
            o.stdout.chars().take(2000).collect::<String>()
        );
    }
}

#[test]
fn long_javascript_chains() {
    let dir = tempfile::tempdir().expect("tempdir");
    let d = dir.path();
    // the chain that aborted (4,700 links): its references are still read
    write(
        d,
        "a/src/q.ts",
        &format!(
            "const r = supabase.from('accounts').select('id'){};\n",
            ".eq('id', 1)".repeat(4_700)
        ),
    );
    let o = run(d, &["refs", "a"]);
    assert_clean(&o, "4,700 links");
    assert!(o.stdout.contains("public.accounts"), "{}", o.stderr);
    // a million links (4 MB, the largest code file read): named as not read in full
    write(
        d,
        "b/src/q.ts",
        &format!(
            "const r = supabase.from('accounts').select('id'){};\n",
            ".a()".repeat(999_000)
        ),
    );
    let o = run(d, &["refs", "b"]);
    assert_clean(&o, "a million links");
    // (refs prints its warnings with the listing, on stdout)
    let all = format!("{}{}", o.stdout, o.stderr);
    assert!(
        all.contains("q.ts") && all.contains("nested deeper"),
        "{}{}",
        o.stdout,
        o.stderr
    );
    // the same through audit's code scanning
    write(
        d,
        "b/supabase/migrations/0001_a.sql",
        "CREATE TABLE accounts (id int);\n",
    );
    let o = run(d, &["audit", "b", "--format", "json"]);
    assert_clean(&o, "audit");
}

#[test]
#[cfg(target_os = "linux")]
fn runs_where_address_space_is_limited() {
    // under `ulimit -v` the 1 GiB stacks do not fit: smaller ones are used, never a failure to
    // start (a rayon pool whose threads cannot start used to panic)
    let dir = tempfile::tempdir().expect("tempdir");
    let d = dir.path();
    let sql = format!(
        "CREATE TABLE t (a int CHECK ({}));\n",
        (0..13_000)
            .map(|i| format!("a = {i}"))
            .collect::<Vec<_>>()
            .join(" OR ")
    );
    write(d, "or.sql", &sql);
    for kib in [2_000_000, 900_000, 400_000] {
        let out = Command::new("sh")
            .arg("-c")
            .arg(format!(
                "ulimit -v {kib} && exec \"$0\" lint or.sql --format json",
            ))
            .arg(env!("CARGO_BIN_EXE_schemadrift"))
            .current_dir(d)
            .output()
            .expect("sh");
        let o = Out {
            code: out.status.code(),
            stdout: String::from_utf8_lossy(&out.stdout).into_owned(),
            stderr: String::from_utf8_lossy(&out.stderr).into_owned(),
        };
        assert_clean(&o, &format!("ulimit -v {kib}"));
        assert!(o.stdout.contains("\"findings\""), "{kib}: {}", o.stderr);
    }
}
