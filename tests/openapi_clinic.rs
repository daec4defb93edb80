//! The OpenAPI document PostgREST serves for a database agrees with the catalog replayed from
//! the SQL that built it, on everything the document knows; what it cannot know is unknown.

mod sources_support;

use schemadrift::catalog::{Catalog, ConstraintKind, QualName};
use schemadrift::sources::openapi;
use schemadrift::sources::project::load_sql_path;
use sources_support::{Mask, assert_same, facts};
use std::collections::BTreeSet;
use std::path::{Path, PathBuf};

fn fixture(p: &str) -> PathBuf {
    Path::new(env!("CARGO_MANIFEST_DIR"))
        .join("tests/fixtures")
        .join(p)
}

/// Types as PostgREST gives them: no modifiers except lengths of character types, and
/// `smallint`/`integer` both `int32` in newer PostgREST versions (kept apart here: this
/// document names them).
fn without_modifiers(fact: &str) -> String {
    if !fact.starts_with("column ") || fact.contains("character") {
        return fact.to_string();
    }
    let mut out = String::new();
    let mut depth = 0;
    for c in fact.chars() {
        match c {
            '(' => depth += 1,
            ')' => depth -= 1,
            _ if depth == 0 => out.push(c),
            _ => {}
        }
    }
    out
}

fn openapi_mask(k: &Catalog) -> Mask {
    Mask {
        knowledge: k.knowledge.clone(),
        names: false,
        ..Mask::full()
    }
}

#[test]
fn document_agrees_with_the_database_on_what_it_knows() {
    let (api, info) = openapi::load(&fixture("openapi/clinic/openapi.json"), "openapi").unwrap();
    assert_eq!(info.kind, "openapi");
    let sql = load_sql_path(&fixture("openapi/clinic/schema.sql")).unwrap();
    assert!(sql.findings.is_empty(), "{:#?}", sql.findings);
    let mask = openapi_mask(&api);
    // foreign-key targets are named without their schema in the document
    let unqualified = |f: &String| without_modifiers(f).replace("-> public.", "-> .");
    let mut a: BTreeSet<String> = facts(&api, &mask, &[]).iter().map(unqualified).collect();
    let mut s: BTreeSet<String> = facts(&sql.catalog, &mask, &["auth", "storage", "extensions"])
        .iter()
        .map(unqualified)
        .collect();
    // defaults: known only where the document gives one
    let given: BTreeSet<String> = a
        .iter()
        .filter(|f| f.starts_with("default "))
        .map(|f| f.split(' ').nth(1).unwrap().to_string())
        .collect();
    s.retain(|f| !f.starts_with("default ") || given.contains(f.split(' ').nth(1).unwrap()));
    // the view is a definition like any table: compared below
    a.retain(|f| !f.contains("upcoming_visits"));
    assert_same("openapi", &a, "sql", &s);
    assert!(
        a.contains("fk public.patients _ (clinic_id) -> .clinics(id)"),
        "{a:#?}"
    );
    assert!(a.contains("default public.patients.status 'new'"));
    assert!(a.contains("column public.clinics.name character varying(120) not null"));
    assert!(a.contains("enum public.visit_status (booked, done, cancelled)"));
}

#[test]
fn views_are_relations_with_columns_and_comments_are_read() {
    let (api, _) = openapi::load(&fixture("openapi/clinic/openapi.json"), "openapi").unwrap();
    assert!(!api.knowledge.views && !api.knowledge.indexes && !api.knowledge.constraint_names);
    let v = api
        .table(&QualName::new("public", "upcoming_visits"))
        .unwrap();
    let cols: Vec<&str> = v.columns.iter().map(|c| c.name.as_str()).collect();
    assert_eq!(cols, ["id", "starts_at", "full_name"]);
    assert!(v.columns.iter().all(|c| !c.not_null));
    let clinics = api.table(&QualName::new("public", "clinics")).unwrap();
    assert_eq!(
        clinics.comment.as_deref(),
        Some("Places where visits happen")
    );
    let patients = api.table(&QualName::new("public", "patients")).unwrap();
    let email = patients.column("email").unwrap();
    assert_eq!(email.comment.as_deref(), Some("Contact address"));
    // positions point into the document
    let o = email.origin.as_ref().unwrap();
    assert!(o.file.as_deref().unwrap().ends_with("openapi.json"));
    let text = std::fs::read_to_string(fixture("openapi/clinic/openapi.json")).unwrap();
    let line = text.lines().nth(o.line as usize - 1).unwrap();
    assert!(line.contains("\"email\""), "{line}");
    assert!(matches!(
        patients.primary_key().unwrap().kind,
        ConstraintKind::PrimaryKey { ref columns } if columns == &["id".to_string()]
    ));
}

#[test]
fn newer_formats_and_bad_documents() {
    let dir = tempfile::tempdir().unwrap();
    let p = dir.path().join("api.json");
    std::fs::write(
        &p,
        r#"{"swagger":"2.0","definitions":{"t":{"required":["a"],"properties":{
            "a":{"format":"int32","type":"integer","description":"Note:\nThis is a Primary Key.<pk/>"},
            "b":{"format":"int64","type":"integer","default":7},
            "c":{"format":"character varying","type":"string","default":"it''s"},
            "d":{"format":"auth.user_kind","type":"string","enum":["a","b"]},
            "e":{"format":"timestamp without time zone","type":"string","default":"CURRENT_TIMESTAMP"}
        },"type":"object"}}}"#,
    )
    .unwrap();
    let (c, _) = openapi::load(&p, "openapi").unwrap();
    let t = c.table(&QualName::new("public", "t")).unwrap();
    let ty: Vec<&str> = t.columns.iter().map(|c| c.data_type.as_str()).collect();
    assert_eq!(
        ty,
        [
            "integer",
            "bigint",
            "character varying",
            "auth.user_kind",
            "timestamp without time zone"
        ]
    );
    assert_eq!(t.columns[1].default.as_ref().unwrap().normalized, "7");
    assert_eq!(t.columns[2].default.as_ref().unwrap().sql, "'it''s'");
    assert_eq!(t.columns[4].default.as_ref().unwrap().normalized, "now()");
    assert!(c.type_def(&QualName::new("auth", "user_kind")).is_some());

    for bad in [
        "",
        "{",
        "[1,2]",
        "{\"info\":{}}",
        "\u{0}garbage",
        "{\"swagger\":\"2.0\",\"definitions\":[]}",
    ] {
        std::fs::write(&p, bad).unwrap();
        assert!(openapi::load(&p, "openapi").is_err(), "{bad:?}");
    }
    std::fs::write(&p, [0xff, 0xfe]).unwrap();
    assert!(openapi::load(&p, "openapi").is_err());
    std::fs::write(&p, r#"{"swagger":"2.0"}"#).unwrap();
    let (c, _) = openapi::load(&p, "openapi").unwrap();
    assert_eq!(c.tables().count(), 0);
}

#[test]
fn rpc_paths_are_functions_with_their_arguments() {
    let (api, _) = openapi::load(&fixture("openapi/clinic/openapi.json"), "openapi").unwrap();
    let keys: Vec<String> = api.functions().map(|f| f.key()).collect();
    assert_eq!(keys, ["visits_for(uuid, integer)"]);
    let f = api.functions().next().unwrap();
    assert!(f.args[0].default.is_none());
    assert!(f.args[1].default.is_some());
    assert!(!api.knowledge.functions);
    // the same identity as the function the SQL creates
    let sql = load_sql_path(&fixture("openapi/clinic/schema.sql")).unwrap();
    assert!(sql.catalog.functions().any(|g| g.key() == f.key()));
}
