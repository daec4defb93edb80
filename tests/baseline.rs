//! The baseline of accepted findings: `baseline` then `audit` reports nothing new; a new
//! drift is the only finding; moved lines keep their fingerprints; baselined findings that
//! are gone are listed; inline ignores (statement, file-wide, code files).

mod db_support;

use db_support::TempDb;
use serde_json::Value;
use std::path::{Path, PathBuf};
use std::process::Command;

fn root() -> &'static Path {
    Path::new(env!("CARGO_MANIFEST_DIR"))
}

fn run(dir: &Path, args: &[&str]) -> (i32, String, String) {
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

fn json(dir: &Path, args: &[&str]) -> (i32, Value) {
    let mut a = args.to_vec();
    a.extend(["--format", "json"]);
    let (code, out, err) = run(dir, &a);
    assert!(code == 0 || code == 1, "{args:?}: {err}");
    (code, serde_json::from_str(&out).expect("json report"))
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

fn acme() -> (tempfile::TempDir, PathBuf) {
    let tmp = tempfile::tempdir().unwrap();
    let dir = tmp.path().join("acme");
    copy_dir(&root().join("examples/acme"), &dir);
    (tmp, dir)
}

fn findings(doc: &Value) -> Vec<(String, String)> {
    doc["findings"]
        .as_array()
        .unwrap()
        .iter()
        .map(|f| {
            (
                f["rule"].as_str().unwrap().to_string(),
                f["object"].as_str().unwrap().to_string(),
            )
        })
        .collect()
}

fn prepend(path: &Path, text: &str) {
    let old = std::fs::read_to_string(path).unwrap();
    std::fs::write(path, format!("{text}{old}")).unwrap();
}

const NEW_TABLE: &str = "CREATE TABLE public.webhooks (\n  id uuid PRIMARY KEY DEFAULT gen_random_uuid(),\n  team_id uuid NOT NULL REFERENCES public.teams (id),\n  url text NOT NULL\n);\nCREATE INDEX webhooks_team_id ON public.webhooks (team_id);\n";

const NEW_CODE: &str = "// Webhooks, new this week.\nexport async function hooks(teamId: string) {\n  return supabase.from('webhooks').select('id, url').eq('team_id', teamId)\n}\n\n";

#[test]
fn baseline_then_audit_reports_nothing_new_and_a_new_drift_is_the_only_finding() {
    let (_tmp, dir) = acme();
    let d = dir.to_str().unwrap();
    let (code, before) = json(&dir, &["audit", d]);
    assert_eq!(code, 1, "the example has critical findings");
    let total = before["findings"].as_array().unwrap().len();
    assert!(total >= 5);

    let (code, _, err) = run(&dir, &["baseline", d]);
    assert_eq!(code, 0, "{err}");
    assert!(err.contains(&format!("{total} findings accepted")), "{err}");
    let file: Value = serde_json::from_str(
        &std::fs::read_to_string(dir.join("schemadrift-baseline.json")).unwrap(),
    )
    .unwrap();
    let entries = file["findings"].as_array().unwrap();
    assert_eq!(entries.len(), total);
    for e in entries {
        let fp = e["fingerprint"].as_str().unwrap();
        assert!(
            fp.len() == 16 && fp.chars().all(|c| c.is_ascii_hexdigit()),
            "{fp}"
        );
    }
    // the report's fingerprints are the baseline's
    let report_fps: Vec<&str> = before["findings"]
        .as_array()
        .unwrap()
        .iter()
        .map(|f| f["fingerprint"].as_str().unwrap())
        .collect();
    for e in entries {
        assert!(report_fps.contains(&e["fingerprint"].as_str().unwrap()));
    }

    // audit: 0 new, exit 0, says how many were baselined
    let (code, doc) = json(&dir, &["audit", d]);
    assert_eq!(code, 0);
    assert!(findings(&doc).is_empty(), "{doc:#}");
    assert_eq!(doc["baseline"]["baselined"], total);
    assert!(doc["baseline"]["gone"].as_array().unwrap().is_empty());
    let (code, text, _) = run(&dir, &["audit", d]);
    assert_eq!(code, 0);
    assert!(
        text.contains(&format!("{total} baselined findings not shown")),
        "{text}"
    );

    // lines move: code added at the top of the code file, blank lines at the top of a
    // migration; nothing new
    prepend(&dir.join("src/lib/billing.ts"), "\n\n\n");
    prepend(
        &dir.join("supabase/migrations/20240201000000_invoices.sql"),
        "-- invoices\n\n",
    );
    let (code, doc) = json(&dir, &["audit", d]);
    assert_eq!(code, 0, "{doc:#}");
    assert!(
        findings(&doc).is_empty(),
        "line moves changed a fingerprint: {doc:#}"
    );

    // a new drift: a table without RLS (with its code, key and index, so RLS is all it lacks)
    std::fs::write(
        dir.join("supabase/migrations/20240501000000_webhooks.sql"),
        NEW_TABLE,
    )
    .unwrap();
    prepend(&dir.join("src/lib/billing.ts"), NEW_CODE);
    let (code, doc) = json(&dir, &["audit", d]);
    assert_eq!(
        findings(&doc),
        [("rls-disabled".to_string(), "public.webhooks".to_string())],
        "{doc:#}"
    );
    assert_eq!(code, 1, "a high finding fails the run");
    assert_eq!(doc["baseline"]["baselined"], total);
    // --no-baseline shows everything again
    let (_, all) = json(&dir, &["audit", d, "--no-baseline"]);
    assert_eq!(all["findings"].as_array().unwrap().len(), total + 1);
    assert!(all.get("baseline").is_none());
}

#[test]
fn baselined_findings_that_are_gone_are_listed() {
    let (_tmp, dir) = acme();
    let d = dir.to_str().unwrap();
    let (code, _, err) = run(&dir, &["baseline", d]);
    assert_eq!(code, 0, "{err}");
    let (_, before) = json(&dir, &["audit", d, "--no-baseline"]);
    // the skipped file: renamed so the CLI runs it, its migration-order finding is gone
    let skipped = before["findings"]
        .as_array()
        .unwrap()
        .iter()
        .find(|f| f["rule"] == "migration-order")
        .expect("the example has a skipped migration")
        .clone();
    std::fs::remove_file(dir.join("supabase/migrations/2024-03-01_audit.sql")).unwrap();
    let (_, doc) = json(&dir, &["audit", d]);
    let gone = doc["baseline"]["gone"].as_array().unwrap();
    assert!(
        gone.iter()
            .any(|g| g["rule"] == "migration-order" && g["object"] == skipped["object"]),
        "{doc:#}"
    );
    let (_, text, _) = run(&dir, &["audit", d]);
    assert!(text.contains("no longer found"), "{text}");
    assert!(text.contains("gone: [migration-order]"), "{text}");
    // markdown says it too
    let (_, md, _) = run(&dir, &["audit", d, "--format", "markdown"]);
    assert!(md.contains("baselined finding"), "{md}");
}

#[test]
fn baseline_file_from_flag_config_and_output() {
    let (_tmp, dir) = acme();
    let d = dir.to_str().unwrap();
    // --output writes elsewhere; audit does not find it by itself
    let other = dir.join("ci/accepted.json");
    std::fs::create_dir_all(other.parent().unwrap()).unwrap();
    let (code, _, err) = run(&dir, &["baseline", d, "--output", other.to_str().unwrap()]);
    assert_eq!(code, 0, "{err}");
    assert!(!dir.join("schemadrift-baseline.json").exists());
    let (code, doc) = json(&dir, &["audit", d]);
    assert_eq!(code, 1);
    assert!(doc.get("baseline").is_none());
    // --baseline FILE
    let (code, doc) = json(&dir, &["audit", d, "--baseline", other.to_str().unwrap()]);
    assert_eq!(code, 0, "{doc:#}");
    assert!(findings(&doc).is_empty());
    // baseline = "…" in schemadrift.toml, relative to the file
    std::fs::write(
        dir.join("schemadrift.toml"),
        "baseline = \"ci/accepted.json\"\n",
    )
    .unwrap();
    let (code, doc) = json(&dir, &["audit", d]);
    assert_eq!(code, 0, "{doc:#}");
    assert!(
        doc["baseline"]["file"]
            .as_str()
            .unwrap()
            .ends_with("accepted.json")
    );
    // and `baseline` writes to the configured file
    std::fs::remove_file(&other).unwrap();
    let (code, _, err) = run(&dir, &["audit", d]);
    assert_eq!(
        code, 2,
        "a configured baseline that is missing stops the run"
    );
    assert!(
        err.contains("accepted.json") && err.contains("schemadrift baseline"),
        "{err}"
    );
    let (code, _, err) = run(&dir, &["baseline", d]);
    assert_eq!(code, 0, "{err}");
    assert!(other.is_file());
    // a missing or broken baseline named with the flag stops the run
    let (code, _, err) = run(&dir, &["audit", d, "--baseline", "nope.json"]);
    assert_eq!(code, 2);
    assert!(err.contains("nope.json"), "{err}");
    std::fs::write(dir.join("broken.json"), "[1, 2]").unwrap();
    let (code, _, err) = run(&dir, &["audit", d, "--baseline", "acme/broken.json"]);
    assert_eq!(code, 2, "{err}");
    let (code, _, err) = run(
        &dir,
        &[
            "audit",
            d,
            "--baseline",
            dir.join("broken.json").to_str().unwrap(),
        ],
    );
    assert_eq!(code, 2);
    assert!(err.contains("not a schemadrift baseline"), "{err}");
    assert_eq!(err.trim_end().lines().count(), 1, "{err}");
}

#[test]
fn inline_ignores_statement_file_wide_and_in_code() {
    let (_tmp, dir) = acme();
    let d = dir.to_str().unwrap();
    let (_, doc) = json(&dir, &["audit", d]);
    let before = findings(&doc);
    let has = |f: &[(String, String)], rule: &str, object: &str| {
        f.iter().any(|(r, o)| r == rule && o == object)
    };
    assert!(
        has(&before, "code-missing-table", "public.payments"),
        "{before:?}"
    );

    // a code file: the statement form above a multi-line call, the file-wide form anywhere
    let billing = dir.join("src/lib/billing.ts");
    let text = std::fs::read_to_string(&billing).unwrap();
    let text = text.replace(
        "  const { data } = await supabase\n    .from('payments')",
        "  // schemadrift-ignore: code-missing-table\n  const { data } = await supabase\n    .from('payments')",
    ) + "\nexport const ghosts = () => supabase.from('ghosts').select('id')\n";
    std::fs::write(&billing, &text).unwrap();
    let (_, doc) = json(&dir, &["audit", d]);
    let after = findings(&doc);
    assert!(
        !has(&after, "code-missing-table", "public.payments"),
        "{after:?}"
    );
    assert!(
        has(&after, "code-missing-table", "public.ghosts"),
        "{after:?}"
    );
    assert_eq!(after.len(), before.len(), "{before:?}\n{after:?}");
    std::fs::write(
        &billing,
        format!("{text}\n/* schemadrift-ignore-file: code-missing-table */\n"),
    )
    .unwrap();
    let (_, doc) = json(&dir, &["audit", d]);
    let after = findings(&doc);
    assert!(
        !has(&after, "code-missing-table", "public.ghosts"),
        "{after:?}"
    );
    // other rules still report
    assert_eq!(after.len(), before.len() - 1, "{before:?}\n{after:?}");

    // a SQL file: file-wide
    let mig = dir.join("supabase/migrations/20240501000000_webhooks.sql");
    std::fs::write(&mig, NEW_TABLE).unwrap();
    let (_, doc) = json(&dir, &["audit", d]);
    assert!(has(&findings(&doc), "rls-disabled", "public.webhooks"));
    std::fs::write(
        &mig,
        format!("-- schemadrift-ignore-file: rls-disabled, unused-object\n{NEW_TABLE}"),
    )
    .unwrap();
    let (_, doc) = json(&dir, &["audit", d]);
    let f = findings(&doc);
    assert!(!has(&f, "rls-disabled", "public.webhooks"), "{f:?}");
    assert!(!has(&f, "unused-object", "public.webhooks"), "{f:?}");
    // a file-wide ignore covers its own file only
    assert!(has(&f, "rls-enabled-no-policy", "public.members"), "{f:?}");
}

#[test]
fn baseline_with_the_live_database() {
    let file = root().join("examples/acme/production.sql");
    let mut db = TempDb::new("baseline");
    if db.run_file(&file).is_err() {
        // another run on the server created the same roles at that moment: once more
        db = TempDb::new("baseline");
        db.run_file(&file).expect("production.sql loads");
    }
    let (_tmp, dir) = acme();
    let d = dir.to_str().unwrap();
    let url = db.url();
    let (code, doc) = json(&dir, &["audit", d, "--db", &url]);
    assert_eq!(code, 1);
    let total = doc["findings"].as_array().unwrap().len();
    let (code, _, err) = run(&dir, &["baseline", d, "--db", &url]);
    assert_eq!(code, 0, "{err}");
    let (code, doc) = json(&dir, &["audit", d, "--db", &url]);
    assert_eq!(code, 0, "{doc:#}");
    assert_eq!(doc["baseline"]["baselined"], total);
    // drift made on the database by hand is new
    db.run_sql("ALTER TABLE public.teams ADD COLUMN nickname text;")
        .expect("alter");
    let (_, doc) = json(&dir, &["audit", d, "--db", &url]);
    let f = findings(&doc);
    assert_eq!(f.len(), 1, "{f:?}");
    assert_eq!(f[0].1, "public.teams.nickname", "{f:?}");
}

#[test]
fn sources_named_relative_to_the_current_folder_are_placed_and_ignorable() {
    let (tmp, dir) = acme();
    let d = dir.to_str().unwrap();
    std::fs::write(
        tmp.path().join("schema.prisma"),
        "model Team {\n  id         String   @id @db.Uuid\n  name       String\n  created_at DateTime @default(now()) @db.Timestamptz\n  nickname   String?\n  @@map(\"teams\")\n}\n",
    )
    .unwrap();
    // run from the folder above the project, naming the schema relative to it
    let (_, doc) = json(tmp.path(), &["audit", d, "--prisma", "schema.prisma"]);
    let f = findings(&doc);
    assert!(
        f.contains(&(
            "missing-column".to_string(),
            "public.teams.nickname".to_string()
        )),
        "{f:?}"
    );
    let (_, gh, _) = run(
        tmp.path(),
        &[
            "audit",
            d,
            "--prisma",
            "schema.prisma",
            "--format",
            "github",
        ],
    );
    let line = gh
        .lines()
        .find(|l| l.contains("public.teams.nickname"))
        .expect("annotation");
    assert!(line.contains("file=schema.prisma,line=5"), "{line}");
    let (_, text, _) = run(tmp.path(), &["audit", d, "--prisma", "schema.prisma", "-v"]);
    assert!(text.contains("| nickname   String?"), "{text}");
    // an ignore comment in the Prisma schema works like one in code
    let p = tmp.path().join("schema.prisma");
    let s = std::fs::read_to_string(&p).unwrap().replace(
        "  nickname   String?",
        "  nickname   String? // schemadrift-ignore: missing-column",
    );
    std::fs::write(&p, s).unwrap();
    let (_, doc) = json(tmp.path(), &["audit", d, "--prisma", "schema.prisma"]);
    assert!(
        !findings(&doc).contains(&(
            "missing-column".to_string(),
            "public.teams.nickname".to_string()
        )),
        "{doc:#}"
    );
}
