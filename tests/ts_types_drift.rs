//! Migrations against generated types, compared through what Supabase's generator writes for
//! each SQL type: a project whose types were generated from its migrations has no drift
//! (`uuid`, `timestamptz`, `bytea` … are all `string`), and a project whose types are out of
//! date is told which columns and functions the generator would have written otherwise, at
//! most at medium, with the command that regenerates them.

use serde_json::Value;
use std::path::Path;
use std::process::Command;

fn audit(project: &str) -> Vec<Value> {
    let dir = Path::new(env!("CARGO_MANIFEST_DIR")).join(project);
    let out = Command::new(env!("CARGO_BIN_EXE_schemadrift"))
        .args(["audit", dir.to_str().expect("path"), "--format", "json"])
        .output()
        .expect("run schemadrift");
    let v: Value = serde_json::from_slice(&out.stdout).expect("json report");
    let kinds: Vec<&str> = v["sources"]
        .as_array()
        .expect("sources")
        .iter()
        .filter_map(|s| s["kind"].as_str())
        .collect();
    assert_eq!(kinds, ["migrations", "types"], "both sources are found");
    v["findings"].as_array().cloned().unwrap_or_default()
}

/// Findings with the types on one side.
fn against_types(findings: &[Value]) -> Vec<&Value> {
    findings
        .iter()
        .filter(|f| f["expected"]["source"] == "types" || f["actual"]["source"] == "types")
        .collect()
}

fn line(f: &Value) -> String {
    format!(
        "{} {} {}: {}",
        f["severity"].as_str().unwrap_or(""),
        f["rule"].as_str().unwrap_or(""),
        f["object"].as_str().unwrap_or(""),
        f["message"].as_str().unwrap_or("")
    )
}

#[test]
fn types_generated_from_the_migrations_have_no_drift() {
    // every type the generator maps (uuid, varchar, char, date, time, timestamptz,
    // timestamp(3), int2, int8, real, float8, numeric, json, jsonb, text[], enum[], bytea →
    // string/number/Json/…; inet, tsvector → unknown; a domain as its base; an enum of a schema
    // the file leaves out as its labels; a composite type), a schema the types leave out, a
    // foreign key into auth (omitted by the generator) and one that an older generator listed
    // as `users`, a relationship to a view, a computed field, a SECURITY DEFINER function with
    // search_path, overloads, and the functions the generator does not list (a trigger
    // function, a procedure, unnamed arguments)
    let findings = audit("tests/fixtures/ts_types/agree");
    let drift: Vec<String> = against_types(&findings).into_iter().map(line).collect();
    assert!(drift.is_empty(), "{drift:#?}");
}

#[test]
fn out_of_date_types_are_reported_through_the_generator() {
    let findings = audit("tests/fixtures/ts_types/drift");
    let drift = against_types(&findings);
    let text: Vec<String> = drift.iter().map(|f| line(f)).collect();
    insta::assert_snapshot!(text.join("\n"));
    for f in &drift {
        // the types are generated: nothing fails because they differ, and the fix is to
        // generate them again
        assert!(
            matches!(f["severity"].as_str(), Some("medium" | "low" | "info")),
            "{}",
            line(f)
        );
        let fix = f["fix"].as_str().unwrap_or("");
        assert!(
            fix.contains("supabase gen types typescript --local > ")
                && fix.contains("lib/database.types.ts"),
            "{fix}"
        );
    }
    let types = |object: &str| {
        drift
            .iter()
            .filter(|f| f["rule"] == "column-type-mismatch" && f["object"] == object)
            .count()
    };
    // the generator writes number, string, string[] and the enum where the file says otherwise
    assert_eq!(types("public.orgs.seats"), 1);
    assert_eq!(types("public.orgs.settings"), 1);
    assert_eq!(types("public.orgs.tags"), 1);
    assert_eq!(types("public.users.plan"), 1);
    // uuid (a key column, once critical), timestamptz and bigint are what it writes
    assert_eq!(types("public.orgs.owner_id"), 0);
    assert_eq!(types("public.orgs.created_at"), 0);
    assert_eq!(types("public.orgs.id"), 0);
    let seats = drift
        .iter()
        .find(|f| f["object"] == "public.orgs.seats")
        .unwrap();
    assert_eq!(seats["expected"]["value"], "integer");
    assert_eq!(seats["actual"]["value"], "string");
}

#[test]
fn types_as_the_expected_side_agree_too() {
    // `schemadrift diff TYPES MIGRATIONS`: the same comparison the other way round
    let dir = Path::new(env!("CARGO_MANIFEST_DIR")).join("tests/fixtures/ts_types/agree");
    let out = Command::new(env!("CARGO_BIN_EXE_schemadrift"))
        .args([
            "diff",
            dir.join("src/types/database.types.ts").to_str().unwrap(),
            dir.join("supabase/migrations").to_str().unwrap(),
            "--format",
            "json",
        ])
        .output()
        .expect("run schemadrift");
    let v: Value = serde_json::from_slice(&out.stdout).expect("json report");
    let findings = v["findings"].as_array().cloned().unwrap_or_default();
    let drift: Vec<String> = findings
        .iter()
        .filter(|f| {
            f["rule"].as_str().is_some_and(|r| {
                r.ends_with("-mismatch") || r.contains("-table") || r.contains("-column")
            })
        })
        .map(line)
        .collect();
    assert!(drift.is_empty(), "{drift:#?}");
}
