//! `shadowed-definition` of a table (issue 13, precision on real projects): a skipped
//! `CREATE TABLE IF NOT EXISTS` is a finding only when it defines a column the existing
//! table lacks (or has with another type); one that repeats a subset of the table is not.

use schemadrift::findings::Finding;
use schemadrift::replay::{Replay, ReplayOptions, SqlFile};

fn replay(sql: &str) -> Vec<Finding> {
    let mut r = Replay::new(ReplayOptions {
        source_id: "migrations".into(),
        supabase: false,
    });
    r.run_file(&SqlFile {
        path: "migrations/0001.sql",
        text: sql,
    });
    r.finish().1
}

fn shadowed(findings: &[Finding]) -> Vec<String> {
    findings
        .iter()
        .filter(|f| f.rule == "shadowed-definition")
        .map(|f| f.object.clone())
        .collect()
}

#[test]
fn a_skipped_definition_is_reported_only_for_what_it_would_add() {
    let f = replay(
        "CREATE TABLE profiles (id uuid PRIMARY KEY, email text, tenant_id uuid);
CREATE TABLE IF NOT EXISTS profiles (id uuid PRIMARY KEY, email text);
CREATE TABLE events (id bigint PRIMARY KEY);
CREATE TABLE IF NOT EXISTS events (id uuid PRIMARY KEY, user_id uuid);",
    );
    assert_eq!(shadowed(&f), vec!["public.events".to_string()], "{f:#?}");
}
