//! SARIF that GitHub code scanning accepts, on `audit examples/acme --db …` (a database
//! built from examples/acme/production.sql): valid against the SARIF 2.1.0 schema, and
//! within the constraints GitHub documents for uploads (every result located in a file of
//! the repository by a relative URI, fingerprints, rule ids in the rules). `--format github`
//! prints workflow annotations placed the same way.

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

/// production.sql creates cluster-wide roles: two tests loading it at once would race.
static LOAD: std::sync::Mutex<()> = std::sync::Mutex::new(());

fn production() -> TempDb {
    let _one = LOAD.lock().unwrap_or_else(|e| e.into_inner());
    load_production("sarif")
}

/// Another test run on the same server may create the same roles at the same moment: a
/// failed load is tried once more.
fn load_production(tag: &str) -> TempDb {
    let file = root().join("examples/acme/production.sql");
    let db = TempDb::new(tag);
    if db.run_file(&file).is_ok() {
        return db;
    }
    let db = TempDb::new(tag);
    db.run_file(&file).expect("production.sql loads");
    db
}

fn schema_validator() -> jsonschema::Validator {
    let text = std::fs::read_to_string(root().join("tests/fixtures/sarif-schema-2.1.0.json"))
        .expect("schema file");
    // the published run.language pattern has a stray `]` (see tests/reports.rs)
    let text = text.replace(
        r#""^[a-zA-Z]{2}|^[a-zA-Z]{2}-[a-zA-Z]{2}]?$""#,
        r#""^[a-zA-Z]{2}(-[a-zA-Z]{2})?$""#,
    );
    let schema: Value = serde_json::from_str(&text).expect("schema json");
    jsonschema::validator_for(&schema).expect("schema compiles")
}

/// What GitHub's SARIF upload requires or documents beyond the schema; the problems found.
fn github_constraints(doc: &Value) -> Vec<String> {
    let mut errs = Vec::new();
    let mut err = |s: String| errs.push(s);
    if doc["version"] != "2.1.0" {
        err("version is not 2.1.0".into());
    }
    let Some(runs) = doc["runs"].as_array() else {
        return vec!["no runs".into()];
    };
    for run in runs {
        let driver = &run["tool"]["driver"];
        if driver["name"].as_str().is_none_or(str::is_empty) {
            err("tool.driver.name is empty".into());
        }
        let rules = driver["rules"].as_array().cloned().unwrap_or_default();
        let ids: Vec<&str> = rules.iter().filter_map(|r| r["id"].as_str()).collect();
        let mut unique = ids.clone();
        unique.sort();
        unique.dedup();
        if unique.len() != ids.len() {
            err("rule ids are not unique".into());
        }
        for r in &rules {
            let id = r["id"].as_str().unwrap_or("?");
            let short = r["shortDescription"]["text"].as_str().unwrap_or("");
            if short.is_empty() || short.chars().count() > 120 {
                err(format!("{id}: shortDescription is empty or long: {short}"));
            }
            if r["help"]["markdown"].as_str().is_none_or(str::is_empty)
                || r["help"]["text"].as_str().is_none_or(str::is_empty)
            {
                err(format!("{id}: no help text and markdown"));
            }
            if let Some(s) = r["properties"]["security-severity"].as_str() {
                match s.parse::<f64>() {
                    Ok(v) if (0.0..=10.0).contains(&v) => {}
                    _ => err(format!("{id}: security-severity {s} is not 0..10")),
                }
                let tags = r["properties"]["tags"]
                    .as_array()
                    .cloned()
                    .unwrap_or_default();
                if !tags.iter().any(|t| t == "security") {
                    err(format!("{id}: security-severity without the security tag"));
                }
            }
            if let Some(u) = r.get("helpUri")
                && !u.as_str().is_some_and(|u| u.starts_with("https://"))
            {
                err(format!("{id}: helpUri is not an absolute https URI"));
            }
        }
        let bases = &run["originalUriBaseIds"];
        let results = run["results"].as_array().cloned().unwrap_or_default();
        if results.len() > 25_000 {
            err("more than 25,000 results".into());
        }
        for (i, r) in results.iter().enumerate() {
            let id = r["ruleId"].as_str().unwrap_or("");
            if !ids.contains(&id) {
                err(format!("result {i}: ruleId {id} is not in the rules"));
            }
            if let Some(ix) = r["ruleIndex"].as_u64()
                && ids.get(ix as usize) != Some(&id)
            {
                err(format!("result {i}: ruleIndex {ix} is not {id}"));
            }
            if r["message"]["text"].as_str().is_none_or(str::is_empty) {
                err(format!("result {i}: no message"));
            }
            let fps = r["partialFingerprints"].as_object();
            if fps.is_none_or(|m| {
                m.is_empty() || m.values().any(|v| v.as_str().is_none_or(str::is_empty))
            }) {
                err(format!("result {i}: no partialFingerprints"));
            }
            let locs = r["locations"].as_array().cloned().unwrap_or_default();
            if locs.is_empty() {
                err(format!("result {i} ({id}): no location"));
            }
            for l in &locs {
                let art = &l["physicalLocation"]["artifactLocation"];
                let Some(uri) = art["uri"].as_str() else {
                    err(format!(
                        "result {i} ({id}): a location without a physical URI"
                    ));
                    continue;
                };
                if uri.contains("://")
                    || uri.starts_with('/')
                    || uri.starts_with("file:")
                    || uri.contains('\\')
                    || uri.split('/').any(|s| s == "..")
                {
                    err(format!(
                        "result {i}: URI {uri} is not relative to the repository"
                    ));
                }
                match art["uriBaseId"].as_str() {
                    Some(b)
                        if bases[b]["uri"]
                            .as_str()
                            .is_some_and(|u| u.starts_with("file:///") && u.ends_with('/')) => {}
                    other => err(format!("result {i}: uriBaseId {other:?} is not declared")),
                }
                if let Some(line) = l["physicalLocation"]["region"]["startLine"].as_i64()
                    && line < 1
                {
                    err(format!("result {i}: startLine {line}"));
                }
            }
        }
    }
    errs
}

/// The repository root of a SARIF run, from originalUriBaseIds.
fn base_dir(doc: &Value) -> PathBuf {
    let uri = doc["runs"][0]["originalUriBaseIds"]["%SRCROOT%"]["uri"]
        .as_str()
        .expect("%SRCROOT%");
    PathBuf::from(uri.strip_prefix("file://").expect("file URI"))
}

#[test]
fn sarif_of_audit_with_the_database_is_valid_and_github_accepts_it() {
    let db = production();
    let url = db.url();
    let (code, text, err) = run(
        root(),
        &["audit", "examples/acme", "--db", &url, "--format", "sarif"],
    );
    assert_eq!(code, 1, "{err}");
    let doc: Value = serde_json::from_str(&text).expect("sarif json");
    let validator = schema_validator();
    let errors: Vec<String> = validator.iter_errors(&doc).map(|e| e.to_string()).collect();
    assert!(errors.is_empty(), "{errors:#?}");
    let problems = github_constraints(&doc);
    assert!(problems.is_empty(), "{problems:#?}");

    // every located file is in the repository, at the line the finding names
    let top = base_dir(&doc);
    let results = doc["runs"][0]["results"].as_array().unwrap();
    for r in results {
        for l in r["locations"].as_array().unwrap() {
            let uri = l["physicalLocation"]["artifactLocation"]["uri"]
                .as_str()
                .unwrap();
            assert!(
                top.join(uri).exists(),
                "{uri} is not under {}",
                top.display()
            );
            assert!(
                uri.contains("examples/acme/"),
                "relative to the repository root: {uri}"
            );
        }
    }
    // what only the database knows is placed where the migrations should have created it
    let find = |rule: &str, object: &str| {
        results
            .iter()
            .find(|r| r["ruleId"] == rule && r["properties"]["object"] == object)
            .unwrap_or_else(|| panic!("no {rule} on {object}"))
    };
    let extra = find("extra-column", "public.teams.title");
    let loc = &extra["locations"][0]["physicalLocation"];
    assert_eq!(
        loc["artifactLocation"]["uri"],
        "examples/acme/supabase/migrations/20240101000000_init.sql"
    );
    assert!(loc["region"]["startLine"].as_u64().is_some());
    let rls = find("rls-disabled", "public.invoices");
    assert!(
        rls["locations"][0]["physicalLocation"]["artifactLocation"]["uri"]
            .as_str()
            .unwrap()
            .ends_with("20240201000000_invoices.sql")
    );
    // security rules carry security-severity and the tag; the others do not
    let rules = doc["runs"][0]["tool"]["driver"]["rules"]
        .as_array()
        .unwrap();
    let rule = |id: &str| rules.iter().find(|r| r["id"] == id).unwrap();
    assert!(rule("rls-disabled")["properties"]["security-severity"].is_string());
    assert!(rule("missing-column")["properties"]["security-severity"].is_null());
    assert!(
        rule("rls-disabled")["help"]["markdown"]
            .as_str()
            .unwrap()
            .contains("```sql")
    );

    // fingerprints are the baseline's (the JSON report's) fingerprints
    let (_, json, _) = run(
        root(),
        &["audit", "examples/acme", "--db", &url, "--format", "json"],
    );
    let json: Value = serde_json::from_str(&json).unwrap();
    let mut a: Vec<String> = json["findings"]
        .as_array()
        .unwrap()
        .iter()
        .map(|f| f["fingerprint"].as_str().unwrap().to_string())
        .collect();
    let mut b: Vec<String> = results
        .iter()
        .map(|r| {
            r["partialFingerprints"]["schemadriftFingerprint/v1"]
                .as_str()
                .unwrap()
                .to_string()
        })
        .collect();
    a.sort();
    b.sort();
    assert_eq!(a, b);

    // and the checks refuse what GitHub refuses
    let mut broken = doc.clone();
    broken["runs"][0]["results"][0]["locations"] = serde_json::json!([]);
    broken["runs"][0]["results"][1]["locations"][0]["physicalLocation"]["artifactLocation"]["uri"] =
        serde_json::json!("/abs/path.sql");
    broken["runs"][0]["results"][2]["ruleId"] = serde_json::json!("no-such-rule");
    broken["runs"][0]["results"][3]
        .as_object_mut()
        .unwrap()
        .remove("partialFingerprints");
    let found = github_constraints(&broken);
    for expect in [
        "result 0 (migration-error): no location",
        "result 1: URI /abs/path.sql is not relative",
        "result 2: ruleId no-such-rule is not in the rules",
        "result 3: no partialFingerprints",
    ] {
        assert!(
            found.iter().any(|e| e.starts_with(expect)),
            "{expect}: {found:#?}"
        );
    }
}

#[test]
fn sarif_outside_a_git_repository_is_relative_to_the_project() {
    let tmp = tempfile::tempdir().unwrap();
    let dir = tmp.path().join("acme");
    copy_dir(&root().join("examples/acme"), &dir);
    let (_, text, err) = run(tmp.path(), &["audit", "acme", "--format", "sarif"]);
    let doc: Value = serde_json::from_str(&text).unwrap_or_else(|_| panic!("{err}"));
    assert!(
        github_constraints(&doc).is_empty(),
        "{:#?}",
        github_constraints(&doc)
    );
    let top = base_dir(&doc);
    assert_eq!(
        std::fs::canonicalize(&top).unwrap(),
        std::fs::canonicalize(&dir).unwrap()
    );
    let uris: Vec<&str> = doc["runs"][0]["results"]
        .as_array()
        .unwrap()
        .iter()
        .map(|r| {
            r["locations"][0]["physicalLocation"]["artifactLocation"]["uri"]
                .as_str()
                .unwrap()
        })
        .collect();
    assert!(
        uris.iter().any(|u| u.starts_with("supabase/migrations/")),
        "{uris:?}"
    );
    // a git repository above the project: URIs start at its top
    std::fs::create_dir(tmp.path().join(".git")).unwrap();
    let (_, text, _) = run(tmp.path(), &["audit", "acme", "--format", "sarif"]);
    let doc: Value = serde_json::from_str(&text).unwrap();
    let uri = doc["runs"][0]["results"][0]["locations"][0]["physicalLocation"]["artifactLocation"]
        ["uri"]
        .as_str()
        .unwrap()
        .to_string();
    assert!(uri.starts_with("acme/"), "{uri}");
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

#[test]
fn github_annotations_are_placed_and_escaped() {
    let db = production();
    let url = db.url();
    let (code, text, err) = run(
        root(),
        &["audit", "examples/acme", "--db", &url, "--format", "github"],
    );
    assert_eq!(code, 1, "{err}");
    let (_, json, _) = run(
        root(),
        &["audit", "examples/acme", "--db", &url, "--format", "json"],
    );
    let json: Value = serde_json::from_str(&json).unwrap();
    let n = json["findings"].as_array().unwrap().len();
    let lines: Vec<&str> = text.lines().collect();
    assert_eq!(
        lines.len(),
        n + 1,
        "one annotation per finding and a summary"
    );
    let re = regex::Regex::new(
        r"^::(error|warning|notice) file=([^,:]+)(,line=\d+(,col=\d+)?)?,title=[^:]+::.+$",
    )
    .unwrap();
    for l in &lines[..n] {
        let c = re
            .captures(l)
            .unwrap_or_else(|| panic!("not an annotation: {l}"));
        assert!(root().join(&c[2]).exists(), "{}", &c[2]);
    }
    assert!(lines[n].starts_with("::notice title=schemadrift::schemadrift: "));
    // critical and high are errors, medium warnings, low and info notices
    let count = |k: &str| lines.iter().filter(|l| l.starts_with(k)).count();
    let sev = |s: &str| json["summary"][s].as_u64().unwrap() as usize;
    assert_eq!(count("::error "), sev("critical") + sev("high"));
    assert_eq!(count("::warning "), sev("medium"));
    // fixes span lines: escaped, never a raw newline in a command
    assert!(text.contains("%0A"));
    assert!(lines.iter().any(|l| {
        l.contains("file=examples/acme/supabase/migrations/20240101000000_init.sql,line=")
            && l.contains("extra-column")
    }));
}
