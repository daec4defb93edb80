//! A schema against the OpenAPI document PostgREST serves for it: the document speaks only of
//! what it knows. Its types are PostgREST's type names (no precision, a domain as its base
//! type), its foreign keys are single-column notes that name the target table without its
//! schema, views are definitions like tables, and it serves one schema. Only real drift is
//! reported.

use serde_json::Value;
use std::path::Path;
use std::process::Command;

fn audit_drift() -> Vec<Value> {
    let dir = Path::new(env!("CARGO_MANIFEST_DIR")).join("tests/fixtures/openapi/drift");
    let d = dir.to_str().expect("path");
    let out = Command::new(env!("CARGO_BIN_EXE_schemadrift"))
        .args([
            "audit",
            d,
            "--schema-file",
            &format!("{d}/schema.sql"),
            "--openapi",
            &format!("{d}/openapi.json"),
            "--format",
            "json",
        ])
        .output()
        .expect("run schemadrift");
    let v: Value = serde_json::from_slice(&out.stdout).expect("json report");
    v["findings"].as_array().cloned().unwrap_or_default()
}

#[test]
fn the_document_is_compared_on_what_it_knows() {
    let findings = audit_drift();
    let mut drift: Vec<String> = findings
        .iter()
        .filter(|f| f["expected"]["source"] == "openapi" || f["actual"]["source"] == "openapi")
        .map(|f| {
            format!(
                "{} {} {}",
                f["severity"].as_str().unwrap_or(""),
                f["rule"].as_str().unwrap_or(""),
                f["object"].as_str().unwrap_or("")
            )
        })
        .collect();
    drift.sort();
    // the three drifted facts, and nothing else: not timestamp(3) / timestamp, numeric(10,2) /
    // numeric, the email domain / text, the foreign keys to auth.users noted as `users`, the
    // composite foreign key the document cannot note, the view, the private schema
    assert_eq!(
        drift,
        [
            "high column-type-mismatch public.teams.seats",
            "high foreign-key-mismatch public.members/members_team_id_fkey",
            "low column-type-mismatch public.teams.code",
        ],
        "{drift:#?}"
    );
    let fk = findings
        .iter()
        .find(|f| f["object"] == "public.members/members_team_id_fkey")
        .unwrap();
    // the document does not say which schema's users it means
    assert!(
        fk["message"]
            .as_str()
            .unwrap()
            .ends_with("but users(id) in the OpenAPI document"),
        "{}",
        fk["message"]
    );
}
