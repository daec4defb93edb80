//! No injection through output (issue 16, point 6): hostile identifiers (quotes and `; DROP
//! TABLE`, HTML, newlines, backticks, `|`) in table, column, type, policy, function and file
//! names. `dump` round-trips through PostgreSQL byte for byte; markdown escapes them; HTML
//! shows them as text.

mod db_support;

use db_support::TempDb;
use pulldown_cmark::{Event, Options, Parser, Tag, TagEnd};
use std::path::Path;
use std::process::Command;

const HOSTILE: &str = r#"CREATE TYPE "a""; DROP TABLE canary; --" AS ENUM ('v', 'it''s');
CREATE TYPE public."z My Type" AS (f int, "g""; --" "a""; DROP TABLE canary; --");
CREATE DOMAIN "d<b>" AS text CHECK (VALUE <> '');
CREATE TABLE "t<img src=x onerror=alert(1)>" (
  id int PRIMARY KEY,
  "c`|*_[x](y)#" "a""; DROP TABLE canary; --",
  "new
line" text DEFAULT 'x',
  m "z My Type",
  d "d<b>",
  "a""; DROP TABLE canary; --" "a""; DROP TABLE canary; --"[]
);
CREATE INDEX "i""x" ON "t<img src=x onerror=alert(1)>" ("c`|*_[x](y)#");
ALTER TABLE "t<img src=x onerror=alert(1)>" ENABLE ROW LEVEL SECURITY;
CREATE POLICY "p | `x` <script>alert(1)</script>" ON "t<img src=x onerror=alert(1)>" FOR SELECT USING (id > 0);
CREATE FUNCTION "f""()"("a""" "a""; DROP TABLE canary; --") RETURNS "a""; DROP TABLE canary; --" LANGUAGE sql AS $$ SELECT $1 $$;
CREATE FUNCTION "g<i>"() RETURNS SETOF "t<img src=x onerror=alert(1)>" LANGUAGE sql AS $$ SELECT * FROM "t<img src=x onerror=alert(1)>" $$;
"#;

fn run(dir: &Path, args: &[&str]) -> (i32, String, String) {
    let out = Command::new(env!("CARGO_BIN_EXE_schemadrift"))
        .args(args)
        .current_dir(dir)
        .output()
        .expect("run schemadrift");
    (
        out.status.code().unwrap_or(-1),
        String::from_utf8_lossy(&out.stdout).into_owned(),
        String::from_utf8_lossy(&out.stderr).into_owned(),
    )
}

fn without_extensions(dump: &str) -> String {
    dump.lines()
        .filter(|l| !l.starts_with("CREATE EXTENSION"))
        .map(|l| format!("{l}\n"))
        .collect()
}

#[test]
fn dump_round_trips_hostile_names_through_postgres() {
    let dir = tempfile::tempdir().expect("tempdir");
    let d = dir.path();
    std::fs::write(d.join("hostile.sql"), HOSTILE).expect("write");
    let (code, dumped, err) = run(d, &["dump", "hostile.sql"]);
    assert_eq!(code, 0, "{err}");
    let script = without_extensions(&dumped);
    std::fs::write(d.join("dumped.sql"), &script).expect("write");

    let db = TempDb::new("hostile_dump");
    let out = db_support::psql(
        &db.url(),
        &[
            "-v",
            "ON_ERROR_STOP=1",
            "-c",
            "CREATE TABLE canary (id int)",
        ],
    );
    assert!(
        out.status.success(),
        "{}",
        String::from_utf8_lossy(&out.stderr)
    );
    db.run_file(&d.join("dumped.sql"))
        .unwrap_or_else(|e| panic!("the dump does not run: {e}\n{script}"));
    // nothing was dropped, and every name is in the database byte for byte
    let names = db_support::psql(
        &db.url(),
        &[
            "-At",
            "-c",
            "SELECT relname FROM pg_class WHERE relnamespace = 'public'::regnamespace \
             UNION ALL SELECT typname FROM pg_type WHERE typnamespace = 'public'::regnamespace \
             UNION ALL SELECT attname FROM pg_attribute WHERE attrelid = 'public.\"t<img src=x onerror=alert(1)>\"'::regclass \
             UNION ALL SELECT polname FROM pg_policy \
             UNION ALL SELECT proname FROM pg_proc WHERE pronamespace = 'public'::regnamespace",
        ],
    );
    let names = String::from_utf8_lossy(&names.stdout).into_owned();
    for n in [
        "canary",
        "a\"; DROP TABLE canary; --",
        "z My Type",
        "d<b>",
        "t<img src=x onerror=alert(1)>",
        "c`|*_[x](y)#",
        "new\nline",
        "i\"x",
        "p | `x` <script>alert(1)</script>",
        "f\"()",
        "g<i>",
    ] {
        assert!(
            names.contains(n),
            "`{n}` missing from the database:\n{names}"
        );
    }
    // and the database dumps to the same text
    let (code, again, err) = run(d, &["dump", &db.url()]);
    assert_eq!(code, 0, "{err}");
    assert_eq!(
        strip_canary(&without_extensions(&again)),
        script,
        "the dump of the database differs from the dump it was made from"
    );
}

/// The canary table's lines, which only the database has.
fn strip_canary(dump: &str) -> String {
    let mut out = String::new();
    let mut skipping = false;
    for l in dump.lines() {
        if l.starts_with("CREATE TABLE public.canary") {
            skipping = !l.ends_with(");");
            continue;
        }
        if skipping {
            skipping = l != ");";
            continue;
        }
        out.push_str(l);
        out.push('\n');
    }
    out
}

/// Two sources that differ, with hostile file names too.
fn hostile_pair(d: &Path) -> (String, String) {
    let a = "a<b>|`x`*_.sql".to_string();
    let b = "b<img src=x onerror=alert(2)>.sql".to_string();
    std::fs::write(d.join(&a), HOSTILE).expect("write");
    let other = HOSTILE
        .replace("\"new\nline\" text", "\"other\nline\" int")
        .replace("d \"d<b>\",", "");
    std::fs::write(d.join(&b), other).expect("write");
    (a, b)
}

#[test]
fn markdown_escapes_every_special() {
    let dir = tempfile::tempdir().expect("tempdir");
    let d = dir.path();
    let (a, b) = hostile_pair(d);
    let (code, md, err) = run(d, &["diff", &a, &b, "--format", "markdown"]);
    assert!(code == 0 || code == 1, "{err}");
    let mut in_table = false;
    let mut row_cells = 0;
    let mut header_cells = None;
    let mut text = String::new();
    for e in Parser::new_ext(&md, Options::ENABLE_TABLES) {
        match e {
            Event::Html(h) | Event::InlineHtml(h) => panic!("raw HTML `{h}` in:\n{md}"),
            Event::Start(Tag::Link { .. }) | Event::Start(Tag::Image { .. }) => {
                panic!("a link made from a name in:\n{md}")
            }
            Event::Start(Tag::Table(_)) => {
                in_table = true;
                header_cells = None;
            }
            Event::End(TagEnd::Table) => in_table = false,
            Event::Start(Tag::TableHead) | Event::Start(Tag::TableRow) => row_cells = 0,
            Event::Start(Tag::TableCell) => row_cells += 1,
            Event::End(TagEnd::TableHead) => header_cells = Some(row_cells),
            Event::End(TagEnd::TableRow) => {
                assert!(in_table);
                assert_eq!(
                    Some(row_cells),
                    header_cells,
                    "a `|` in a name split a cell:\n{md}"
                );
            }
            Event::Text(t) | Event::Code(t) => text.push_str(&t),
            _ => {}
        }
    }
    // the names read as themselves (newlines become spaces on one line)
    for n in [
        "t<img src=x onerror=alert(1)>",
        "c`|*_[x](y)#",
        "new line",
        "a<b>|`x`*_.sql",
    ] {
        assert!(text.contains(n), "`{n}` not shown as itself:\n{md}");
    }
}

#[test]
fn html_shows_names_as_text() {
    let dir = tempfile::tempdir().expect("tempdir");
    let d = dir.path();
    let (a, b) = hostile_pair(d);
    let (code, html, err) = run(d, &["diff", &a, &b, "--format", "html"]);
    assert!(code == 0 || code == 1, "{err}");
    for bad in ["<img", "<script", "<b>", "<i>", "<a "] {
        assert!(!html.contains(bad), "`{bad}` is live markup in:\n{html}");
    }
    assert!(
        html.contains("t&lt;img src=x onerror=alert(1)&gt;"),
        "{html}"
    );
    // and the lint report of the file, with its policy and function names
    let (code, html, err) = run(d, &["lint", &a, "--format", "html"]);
    assert!(code == 0 || code == 1, "{err}");
    for bad in ["<img", "<script", "<b>", "<i>"] {
        assert!(!html.contains(bad), "`{bad}` is live markup in:\n{html}");
    }
}

#[test]
fn json_and_sarif_keep_names_exact() {
    let dir = tempfile::tempdir().expect("tempdir");
    let d = dir.path();
    let (a, b) = hostile_pair(d);
    for f in ["json", "sarif"] {
        let (code, out, err) = run(d, &["diff", &a, &b, "--format", f]);
        assert!(code == 0 || code == 1, "{err}");
        let v: serde_json::Value = serde_json::from_str(&out).expect("valid JSON");
        let all = v.to_string();
        assert!(all.contains("t<img src=x onerror=alert(1)>"), "{f}: {all}");
        assert!(all.contains("new\\nline"), "{f}: {all}");
    }
    // text: a newline in a name cannot forge a line of the report
    let (code, out, err) = run(d, &["diff", &a, &b]);
    assert!(code == 0 || code == 1, "{err}");
    assert!(!out.lines().any(|l| l.starts_with("line")), "{out}");
}

#[test]
fn mixed_case_type_names_match_the_database() {
    // the replay spells a user type `public.Role`, the database `public."Role"`: the same type
    let dir = tempfile::tempdir().expect("tempdir");
    let d = dir.path();
    let sql = "CREATE TYPE \"Role\" AS ENUM ('A');\nCREATE TYPE \"a\"\"b\" AS ENUM ('x');\n\
               CREATE TABLE \"User\" (id int PRIMARY KEY, role \"Role\", r2 \"Role\"[], q \"a\"\"b\");\n";
    std::fs::write(d.join("role.sql"), sql).expect("write");
    let db = TempDb::new("mixed_case_types");
    db.run_file(&d.join("role.sql")).expect("apply");
    let (code, out, err) = run(d, &["diff", "role.sql", &db.url(), "--format", "json"]);
    assert_eq!(code, 0, "{out}{err}");
    let v: serde_json::Value = serde_json::from_str(&out).expect("json");
    assert_eq!(v["findings"].as_array().map(Vec::len), Some(0), "{out}");
}

#[test]
fn text_report_on_a_long_single_line_file_stays_small() {
    // 3,000 tables on one line: every finding quotes that line; the quote is cut, not the
    // whole line once per finding (which made the text report quadratic)
    let dir = tempfile::tempdir().expect("tempdir");
    let d = dir.path();
    let m = d.join("supabase/migrations");
    std::fs::create_dir_all(&m).expect("mkdir");
    let line: String = (0..3_000)
        .map(|i| format!("CREATE TABLE public.t{i} (id int PRIMARY KEY, v text); "))
        .collect();
    std::fs::write(m.join("20240101000000_one_line.sql"), format!("{line}\n")).expect("write");
    // the default report quotes no lines; --verbose quotes each finding's line
    for verbose in [false, true] {
        let mut args = vec!["lint", "supabase/migrations"];
        if verbose {
            args.push("--verbose");
        }
        let (code, text, err) = run(d, &args);
        assert!(code == 0 || code == 1, "{err}");
        let findings = text.matches("[rls-disabled]").count();
        assert!(findings >= 3_000, "{findings} findings");
        assert!(
            text.len() < 2_000 * findings,
            "{} bytes for {findings} findings",
            text.len()
        );
        if verbose {
            assert!(text.contains("…"), "the quoted line is cut");
        }
    }
}
