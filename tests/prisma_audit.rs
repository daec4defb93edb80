//! A Prisma project whose migrations are exactly what Prisma Migrate wrote audits clean:
//! no drift between schema.prisma and the migrations, nothing above info.

use std::path::Path;
use std::process::Command;

fn audit(project: &str) -> Vec<serde_json::Value> {
    let dir = Path::new(env!("CARGO_MANIFEST_DIR")).join(project);
    let out = Command::new(env!("CARGO_BIN_EXE_schemadrift"))
        .args(["audit", dir.to_str().expect("path"), "--format", "json"])
        .output()
        .expect("run schemadrift");
    let v: serde_json::Value = serde_json::from_slice(&out.stdout).expect("json report");
    let sources: Vec<&str> = v["sources"]
        .as_array()
        .expect("sources")
        .iter()
        .filter_map(|s| s["id"].as_str())
        .collect();
    assert_eq!(
        sources,
        vec!["migrations", "prisma"],
        "both sources are found"
    );
    v["findings"].as_array().cloned().unwrap_or_default()
}

#[test]
fn clean_prisma_projects_have_no_drift() {
    // multi-file schema, enums, composite keys, implicit and named many-to-many, views
    for project in ["tests/fixtures/prisma/shop", "tests/fixtures/prisma/social"] {
        let findings = audit(project);
        let serious: Vec<String> = findings
            .iter()
            .filter(|f| f["severity"] != "info")
            .map(|f| format!("{} {} {}", f["rule"], f["object"], f["message"]))
            .collect();
        assert!(serious.is_empty(), "{project}: {serious:#?}");
    }
}

#[test]
fn a_drifted_prisma_project_is_reported() {
    let findings = audit("tests/fixtures/prisma/tracker");
    let has = |rule: &str, object: &str| {
        findings
            .iter()
            .any(|f| f["rule"] == rule && f["object"] == object)
    };
    assert!(has("missing-table", "public.teams"));
    assert!(has("check-enum-mismatch", "public.billing_plans.tier"));
    assert!(has("index-mismatch", "public.logins/logins_member_id_idx"));
}

#[test]
fn a_pulled_schema_is_compared_on_what_prisma_says() {
    // `prisma db pull` of a Supabase project: Timestamptz(6) for timestamptz, Citext and
    // Unsupported("vector(3)") without their schema, no model for the private schema, no
    // relation to auth.users; only the column that drifted is reported
    let findings = audit("tests/fixtures/prisma/pulled");
    let drift: Vec<String> = findings
        .iter()
        .filter(|f| f["expected"]["source"] == "prisma" || f["actual"]["source"] == "prisma")
        .map(|f| format!("{} {} {}", f["severity"], f["rule"], f["object"]))
        .collect();
    assert_eq!(
        drift,
        [r#""medium" "column-type-mismatch" "public.profiles.visits""#],
        "{drift:#?}"
    );
}
