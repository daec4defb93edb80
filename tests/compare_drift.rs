//! The drift engine on catalogs replayed from SQL: renames (and what must not be called
//! one), severities by impact, and unknown-aware comparison.

use schemadrift::catalog::{Catalog, Knowledge};
use schemadrift::compare::{CompareOptions, Side, compare};
use schemadrift::findings::{Finding, Severity};
use schemadrift::replay::{Replay, ReplayOptions, SqlFile};

fn catalog(sql: &str) -> Catalog {
    let mut r = Replay::new(ReplayOptions {
        source_id: "test".into(),
        supabase: true,
    });
    r.run_file(&SqlFile {
        path: "test.sql",
        text: sql,
    });
    let (c, findings, _) = r.finish();
    let errors: Vec<&Finding> = findings
        .iter()
        .filter(|f| f.rule == "migration-error")
        .collect();
    assert!(
        errors.is_empty(),
        "fixture SQL must replay cleanly: {errors:?}"
    );
    c
}

fn diff(expected: &str, actual: &str) -> Vec<Finding> {
    let (e, a) = (catalog(expected), catalog(actual));
    compare(
        Side {
            id: "migrations",
            label: "the migrations",
            catalog: &e,
        },
        Side {
            id: "database",
            label: "the database",
            catalog: &a,
        },
        &CompareOptions::default(),
    )
}

fn rules(f: &[Finding]) -> Vec<(&str, &str)> {
    let mut v: Vec<(&str, &str)> = f.iter().map(|f| (f.rule, f.object.as_str())).collect();
    v.sort();
    v
}

fn find<'a>(f: &'a [Finding], rule: &str, object: &str) -> &'a Finding {
    f.iter()
        .find(|x| x.rule == rule && x.object == object)
        .unwrap_or_else(|| panic!("no {rule} on {object} in {:#?}", rules(f)))
}

#[test]
fn identical_sources_have_no_drift() {
    let sql = "CREATE TABLE public.notes (id uuid PRIMARY KEY DEFAULT gen_random_uuid(), body text NOT NULL, created_at timestamptz DEFAULT now());\nCREATE INDEX notes_created_idx ON public.notes (created_at);";
    assert!(diff(sql, sql).is_empty());
}

#[test]
fn a_plural_table_with_the_same_columns_is_a_rename() {
    let f = diff(
        "CREATE TABLE org (id uuid PRIMARY KEY, name text NOT NULL, slug text, owner_id uuid NOT NULL);",
        "CREATE TABLE orgs (id uuid PRIMARY KEY, name text NOT NULL, slug text, owner_id uuid NOT NULL, logo_url text);",
    );
    let r = find(&f, "renamed-table", "public.org");
    assert_eq!(r.severity, Severity::High);
    assert!(r.confidence.unwrap_or(0.0) >= 0.6);
    assert!(!r.evidence.is_empty());
    assert!(
        !f.iter()
            .any(|x| x.rule == "missing-table" || x.rule == "extra-table")
    );
    // the columns of the pair are compared too
    find(&f, "extra-column", "public.org.logo_url");
}

#[test]
fn unrelated_tables_are_not_a_rename() {
    let f = diff(
        "CREATE TABLE invoices (id bigint PRIMARY KEY, amount numeric(12,2), due date);",
        "CREATE TABLE audit_events (id uuid PRIMARY KEY, actor uuid, payload jsonb, at timestamptz);",
    );
    assert_eq!(
        rules(&f),
        vec![
            ("extra-table", "public.audit_events"),
            ("missing-table", "public.invoices")
        ]
    );
}

#[test]
fn renamed_columns_pair_by_type_position_and_name() {
    let f = diff(
        "CREATE TABLE org_members (id uuid PRIMARY KEY, org_id uuid NOT NULL, person_id uuid NOT NULL, role_name text NOT NULL, invited_by uuid, first_name text);",
        "CREATE TABLE org_members (id uuid PRIMARY KEY, org_id uuid NOT NULL, user_id uuid NOT NULL, role text NOT NULL, added_by uuid, validation_category varchar(50));",
    );
    for (obj, to) in [
        ("public.org_members.person_id", "user_id"),
        ("public.org_members.role_name", "role"),
        ("public.org_members.invited_by", "added_by"),
    ] {
        let r = find(&f, "renamed-column", obj);
        assert_eq!(r.actual.as_ref().map(|a| a.value.as_str()), Some(to));
        assert!(r.fix.as_deref().unwrap_or("").contains("RENAME COLUMN"));
    }
    // same type family and position, unlike names: not a rename
    find(&f, "missing-column", "public.org_members.first_name");
    find(&f, "extra-column", "public.org_members.validation_category");
}

#[test]
fn a_dropped_and_an_added_column_of_other_types_are_not_a_rename() {
    let f = diff(
        "CREATE TABLE t (id int PRIMARY KEY, score integer, note text);",
        "CREATE TABLE t (id int PRIMARY KEY, note text, archived_at timestamptz);",
    );
    assert_eq!(
        rules(&f),
        vec![
            ("extra-column", "public.t.archived_at"),
            ("missing-column", "public.t.score")
        ]
    );
}

#[test]
fn severities_follow_impact() {
    let f = diff(
        "CREATE TABLE profiles (id uuid PRIMARY KEY DEFAULT uuid_generate_v4(), email text NOT NULL, bio varchar(255), slug text, age integer);",
        "CREATE TABLE profiles (id bigint PRIMARY KEY, email text, bio text, slug text NOT NULL, age bigint);",
    );
    assert_eq!(
        find(&f, "column-type-mismatch", "public.profiles.id").severity,
        Severity::Critical
    );
    assert_eq!(
        find(&f, "column-type-mismatch", "public.profiles.bio").severity,
        Severity::Low
    );
    assert_eq!(
        find(&f, "column-type-mismatch", "public.profiles.age").severity,
        Severity::Medium
    );
    assert_eq!(
        find(&f, "column-nullability-mismatch", "public.profiles.email").severity,
        Severity::Low
    );
    assert_eq!(
        find(&f, "column-nullability-mismatch", "public.profiles.slug").severity,
        Severity::Medium
    );
}

#[test]
fn equivalent_uuid_defaults_are_low() {
    let f = diff(
        "CREATE TABLE t (id uuid PRIMARY KEY DEFAULT uuid_generate_v4());",
        "CREATE TABLE t (id uuid PRIMARY KEY DEFAULT gen_random_uuid());",
    );
    let d = find(&f, "column-default-mismatch", "public.t.id");
    assert_eq!(d.severity, Severity::Low);
    assert!(d.message.contains("uuid_generate_v4") && d.message.contains("gen_random_uuid"));
}

#[test]
fn a_foreign_key_to_a_renamed_table_is_critical() {
    let f = diff(
        "CREATE TABLE org (id uuid PRIMARY KEY, name text, slug text);\nCREATE TABLE projects (id uuid PRIMARY KEY, org_id uuid REFERENCES org(id));",
        "CREATE TABLE orgs (id uuid PRIMARY KEY, name text, slug text);\nCREATE TABLE projects (id uuid PRIMARY KEY, org_id uuid);",
    );
    find(&f, "renamed-table", "public.org");
    let fk = find(
        &f,
        "foreign-key-mismatch",
        "public.projects/projects_org_id_fkey",
    );
    assert_eq!(fk.severity, Severity::Critical);
}

#[test]
fn a_foreign_key_to_another_table_is_named_on_both_sides() {
    let f = diff(
        "CREATE TABLE profiles (id uuid PRIMARY KEY, user_id uuid UNIQUE);\nCREATE TABLE members (id uuid PRIMARY KEY, user_id uuid REFERENCES auth.users(id));",
        "CREATE TABLE profiles (id uuid PRIMARY KEY, user_id uuid UNIQUE);\nCREATE TABLE members (id uuid PRIMARY KEY, user_id uuid REFERENCES profiles(user_id));",
    );
    let fk = find(
        &f,
        "foreign-key-mismatch",
        "public.members/members_user_id_fkey",
    );
    assert_eq!(fk.severity, Severity::High);
    assert!(fk.message.contains("auth.users") && fk.message.contains("public.profiles"));
}

#[test]
fn policies_rls_and_indexes_are_compared() {
    let f = diff(
        "CREATE TABLE n (id int PRIMARY KEY, owner uuid);\nALTER TABLE n ENABLE ROW LEVEL SECURITY;\nCREATE POLICY \"own rows\" ON n FOR SELECT TO authenticated USING (owner = auth.uid());\nCREATE INDEX n_owner_idx ON n (owner);",
        "CREATE TABLE n (id int PRIMARY KEY, owner uuid);",
    );
    assert_eq!(
        find(&f, "rls-mismatch", "public.n").severity,
        Severity::High
    );
    find(&f, "policy-mismatch", "public.n/own rows");
    assert_eq!(
        find(&f, "index-mismatch", "public.n/n_owner_idx").severity,
        Severity::Low
    );
}

#[test]
fn what_a_source_cannot_know_is_never_drift() {
    let e = catalog(
        "CREATE TABLE n (id int PRIMARY KEY, owner uuid DEFAULT auth.uid());\nALTER TABLE n ENABLE ROW LEVEL SECURITY;\nCREATE INDEX n_owner_idx ON n (owner);",
    );
    let mut a = catalog("CREATE TABLE n (id int PRIMARY KEY, owner uuid);");
    a.knowledge = Knowledge {
        defaults: false,
        ..Knowledge::tables_only()
    };
    let f = compare(
        Side {
            id: "migrations",
            label: "the migrations",
            catalog: &e,
        },
        Side {
            id: "openapi",
            label: "the OpenAPI document",
            catalog: &a,
        },
        &CompareOptions::default(),
    );
    assert!(f.is_empty(), "{:#?}", rules(&f));
}
