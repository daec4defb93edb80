//! docs/rules.md is the explain text of every rule (SARIF's helpUri links to its sections):
//! it must say what the code says.

#[test]
fn docs_rules_md_is_current() {
    let path = std::path::Path::new(env!("CARGO_MANIFEST_DIR")).join("docs/rules.md");
    let want = schemadrift::findings::rules_markdown();
    if std::env::var_os("UPDATE_RULES_DOC").is_some() {
        std::fs::write(&path, &want).unwrap();
    }
    let have = std::fs::read_to_string(&path).unwrap_or_default();
    assert!(
        have == want,
        "docs/rules.md is out of date: run `UPDATE_RULES_DOC=1 cargo test --test rules_doc`"
    );
    for r in schemadrift::findings::all_rules() {
        assert!(have.contains(&format!("\n## {}\n", r.id)), "{}", r.id);
    }
}
