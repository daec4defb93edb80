//! A refused statement's cascade is one problem: what fails later only because an earlier
//! CREATE was refused is reported under that refusal (low), not as another critical.

use schemadrift::findings::Severity;
use schemadrift::replay::{Replay, ReplayOptions, SqlFile};

fn replay(files: &[(&str, &str)]) -> Vec<schemadrift::findings::Finding> {
    let mut r = Replay::new(ReplayOptions {
        source_id: "migrations".into(),
        supabase: false,
    });
    for (path, text) in files {
        r.run_file(&SqlFile { path, text });
    }
    let (_, findings, _) = r.finish();
    findings
        .into_iter()
        .filter(|f| f.rule == "migration-error")
        .collect()
}

#[test]
fn a_trigger_on_a_refused_function_is_reported_under_it() {
    let f = replay(&[
        (
            "001.sql",
            "CREATE TABLE items (id int);\nCREATE FUNCTION touch(x nosuch_type) RETURNS trigger LANGUAGE plpgsql AS $$ BEGIN RETURN NEW; END $$;\n",
        ),
        (
            "002.sql",
            "CREATE TRIGGER t BEFORE UPDATE ON items FOR EACH ROW EXECUTE FUNCTION touch();\n",
        ),
    ]);
    assert_eq!(f.len(), 2, "{f:#?}");
    assert_eq!(f[0].severity, Severity::Critical);
    assert_eq!(f[1].severity, Severity::Low, "{:?}", f[1].message);
    assert!(
        f[1].message.contains("fails because") && f[1].message.contains("001.sql:2"),
        "{}",
        f[1].message
    );
}

#[test]
fn a_policy_on_a_refused_table_is_reported_under_it() {
    let f = replay(&[
        (
            "001.sql",
            "CREATE TABLE orders (id int, owner uuid REFERENCES missing_users(id));\n",
        ),
        (
            "002.sql",
            "ALTER TABLE orders ENABLE ROW LEVEL SECURITY;\nCREATE POLICY p ON orders USING (true);\n",
        ),
    ]);
    assert_eq!(f[0].severity, Severity::Critical);
    assert!(f.len() >= 2);
    assert!(f[1..].iter().all(|x| x.severity == Severity::Low), "{f:#?}");
}

#[test]
fn an_unrelated_failure_stays_critical() {
    let f = replay(&[
        (
            "001.sql",
            "CREATE FUNCTION touch(x nosuch_type) RETURNS int LANGUAGE sql AS 'SELECT 1';\n",
        ),
        ("002.sql", "CREATE INDEX ON other_table (id);\n"),
    ]);
    assert_eq!(f.len(), 2);
    assert!(f.iter().all(|x| x.severity == Severity::Critical), "{f:#?}");
}

#[test]
fn an_object_created_after_the_refusal_breaks_the_link() {
    let f = replay(&[
        (
            "001.sql",
            "CREATE TABLE t (id nosuch_type);\nCREATE TABLE t (id int);\nDROP TABLE t;\n",
        ),
        ("002.sql", "ALTER TABLE t ADD COLUMN x int;\n"),
    ]);
    assert_eq!(f.len(), 2, "{f:#?}");
    assert!(f.iter().all(|x| x.severity == Severity::Critical), "{f:#?}");
}
