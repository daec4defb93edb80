//! `schemadrift refs`: text and JSON listings of what the code references.

use std::path::Path;
use std::process::Command;

fn run(args: &[&str]) -> (i32, String) {
    let out = Command::new(env!("CARGO_BIN_EXE_schemadrift"))
        .args(args)
        .output()
        .expect("run schemadrift");
    (
        out.status.code().unwrap_or(-1),
        String::from_utf8_lossy(&out.stdout).into_owned(),
    )
}

fn tenancy() -> String {
    Path::new(env!("CARGO_MANIFEST_DIR"))
        .join("tests/fixtures/code/tenancy")
        .to_string_lossy()
        .into_owned()
}

#[test]
fn refs_text_lists_each_reference_with_its_position() {
    let (code, text) = run(&["refs", &tenancy()]);
    assert_eq!(code, 0);
    assert!(
        text.contains("src/handlers/dashboard.ts:4:31")
            && text.contains("table         public.organizations  (select)"),
        "{text}"
    );
    assert!(
        text.contains("function-arg  public.lead_count(p_user)  (rpc)"),
        "{text}"
    );
    assert!(text.trim_end().ends_with("(4 scanned)"), "{text}");
}

#[test]
fn refs_json_is_machine_readable() {
    let (code, text) = run(&["refs", &tenancy(), "--format", "json"]);
    assert_eq!(code, 0);
    let v: serde_json::Value = serde_json::from_str(&text).expect("valid JSON");
    let refs = v["refs"].as_array().unwrap();
    let first = refs
        .iter()
        .find(|r| r["table"] == "agents" && r["column"] == "org_id")
        .expect("agents.org_id");
    assert_eq!(first["kind"], "column");
    assert_eq!(first["usage"], "filter");
    assert_eq!(first["schema"], "public");
    assert_eq!(first["location"]["path"], "src/handlers/dashboard.ts");
    assert_eq!(first["location"]["line"], 8);
    assert_eq!(first["location"]["column"], 10);
    assert_eq!(v["files_scanned"], 4);
}

#[test]
fn refs_with_code_folders_and_bad_paths() {
    let dir = tenancy();
    let tasks = format!("{dir}/src/tasks");
    let (code, text) = run(&["refs", &dir, "--code", &tasks]);
    assert_eq!(code, 0);
    assert!(text.contains("src/tasks/sweep.ts:5:44"), "{text}");
    assert!(!text.contains("dashboard.ts"), "{text}");
    let (code, _) = run(&["refs", "/definitely/not/here"]);
    assert_eq!(code, 2);
}
