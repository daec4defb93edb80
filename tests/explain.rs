//! `schemadrift explain RULE` has a text with a bad and a good example for every rule of the
//! catalog (PRODUCT.md §4): rule ids are public interface.

const CATALOG: &[&str] = &[
    "missing-table",
    "extra-table",
    "renamed-table",
    "missing-column",
    "extra-column",
    "renamed-column",
    "column-type-mismatch",
    "column-nullability-mismatch",
    "column-default-mismatch",
    "column-identity-mismatch",
    "primary-key-mismatch",
    "unique-constraint-mismatch",
    "check-constraint-mismatch",
    "foreign-key-mismatch",
    "index-mismatch",
    "rls-mismatch",
    "policy-mismatch",
    "function-mismatch",
    "trigger-mismatch",
    "view-mismatch",
    "enum-mismatch",
    "extension-mismatch",
    "check-enum-mismatch",
    "migration-error",
    "migration-order",
    "shadowed-definition",
    "pending-migration",
    "migration-conflict",
    "non-idempotent-statement",
    "unparsed-statement",
    "rls-disabled",
    "rls-enabled-no-policy",
    "policy-always-true",
    "dangling-reference",
    "reserved-schema",
    "security-definer-search-path",
    "security-definer-view",
    "unindexed-foreign-key",
    "foreign-key-type-mismatch",
    "missing-primary-key",
    "missing-extension",
    "updated-at-no-trigger",
    "near-duplicate-table",
    "mixed-naming-convention",
    "mixed-id-types",
    "mixed-user-reference",
    "unused-object",
    "code-missing-table",
    "code-missing-column",
    "code-missing-function",
];

#[test]
fn every_rule_of_the_catalog_is_explained_with_examples() {
    for id in CATALOG {
        let text =
            schemadrift::findings::explain(id).unwrap_or_else(|| panic!("no explain for {id}"));
        assert!(
            text.contains("Bad:") && text.contains("Good:"),
            "{id}: {text}"
        );
    }
}

#[test]
fn rule_ids_are_unique() {
    let mut ids: Vec<&str> = schemadrift::findings::all_rules().map(|r| r.id).collect();
    let n = ids.len();
    ids.sort();
    ids.dedup();
    assert_eq!(ids.len(), n, "a rule is documented twice");
}

#[test]
fn an_unknown_rule_is_a_usage_error() {
    let out = std::process::Command::new(env!("CARGO_BIN_EXE_schemadrift"))
        .args(["explain", "no-such-rule"])
        .output()
        .expect("run");
    assert_eq!(out.status.code(), Some(2));
}
