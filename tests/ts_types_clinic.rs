//! The types `supabase gen types typescript` writes for a database agree with the catalog
//! replayed from the SQL that built it, on what the types know (the generator's TypeScript
//! types, nullability,
//! which columns have defaults, foreign keys with names, enums, views, functions).

mod sources_support;

use schemadrift::catalog::{Identity, QualName, TypeKind, TypeView};
use schemadrift::sources::project::load_sql_path;
use schemadrift::sources::ts_types;
use sources_support::{Mask, assert_same, facts, ts_view, without_primary_keys};
use std::collections::BTreeSet;
use std::path::{Path, PathBuf};

fn fixture(p: &str) -> PathBuf {
    Path::new(env!("CARGO_MANIFEST_DIR"))
        .join("tests/fixtures")
        .join(p)
}

#[test]
fn types_agree_with_the_database_on_what_they_know() {
    let (ty, info) =
        ts_types::load(&fixture("ts_types/clinic/database.types.ts"), "types").unwrap();
    assert_eq!(info.kind, "types");
    let sql = load_sql_path(&fixture("openapi/clinic/schema.sql")).unwrap();
    assert!(!ty.knowledge.exact_types);
    assert_eq!(ty.knowledge.type_view, TypeView::TypeScript);
    let mask = Mask {
        knowledge: ty.knowledge.clone(),
        defaults: false,
        sequences: false,
        ..Mask::full()
    };
    let t = without_primary_keys(&facts(&ty, &mask, &[]));
    let s = without_primary_keys(&facts(
        &sql.catalog,
        &mask,
        &["auth", "storage", "extensions"],
    ));
    assert_same("types", &t, "sql", &s);
    assert!(
        t.contains("fk public.visits visits_patient_id_fkey (patient_id) -> public.patients(id)"),
        "{t:#?}"
    );
    assert!(t.contains(
        "column public.visits.status Database[\"public\"][\"Enums\"][\"visit_status\"] not null"
    ));
    assert!(t.contains("column public.patients.tags string[] not null"));
    assert!(t.contains("column public.patients.notes Json"), "{t:#?}");

    // which NOT NULL columns have a default (or identity), as Insert tells
    let has_default = |c: &schemadrift::catalog::Catalog| -> BTreeSet<String> {
        c.tables()
            .flat_map(|t| {
                t.columns
                    .iter()
                    .filter(|c| {
                        c.not_null
                            && (c.default.is_some() || c.identity == Some(Identity::ByDefault))
                    })
                    .map(move |c| format!("{}.{}", t.name, c.name))
            })
            .collect()
    };
    let always = |c: &schemadrift::catalog::Catalog| -> BTreeSet<String> {
        c.tables()
            .flat_map(|t| {
                t.columns
                    .iter()
                    .filter(|c| c.identity == Some(Identity::Always))
                    .map(move |c| format!("{}.{}", t.name, c.name))
            })
            .collect()
    };
    assert_eq!(has_default(&ty), has_default(&sql.catalog));
    assert_eq!(always(&ty), always(&sql.catalog));
    assert_eq!(always(&ty).into_iter().collect::<Vec<_>>(), ["clinics.id"]);

    // functions: names, argument names, argument types as the generator writes them, which
    // have defaults
    let skip = ["auth", "storage", "extensions"];
    let fns = |c: &schemadrift::catalog::Catalog| -> BTreeSet<String> {
        c.functions()
            .filter(|f| f.schema == "public")
            .map(|f| {
                let mut args: Vec<String> = f
                    .args
                    .iter()
                    .map(|a| {
                        format!(
                            "{}:{}{}",
                            a.name.clone().unwrap_or_default(),
                            ts_view(&a.data_type, c, &skip),
                            if a.default.is_some() { "?" } else { "" }
                        )
                    })
                    .collect();
                args.sort();
                format!("{}({})", f.name, args.join(", "))
            })
            .collect()
    };
    assert_eq!(fns(&ty), fns(&sql.catalog));
    // the return type is kept as written, not read as SQL
    let f = ty.functions().next().unwrap();
    assert!(
        f.returns.starts_with("ts:{ fee: number | null;"),
        "{}",
        f.returns
    );
    assert!(f.returns.ends_with("}[]"), "{}", f.returns);
}

#[test]
fn enums_views_positions_and_discovery() {
    let path = fixture("ts_types/clinic/database.types.ts");
    let (ty, _) = ts_types::load(&path, "types").unwrap();
    let e = ty
        .type_def(&QualName::new("public", "visit_status"))
        .unwrap();
    assert_eq!(
        e.kind,
        TypeKind::Enum {
            labels: vec!["booked".into(), "done".into(), "cancelled".into()]
        }
    );
    let v = ty
        .view(&QualName::new("public", "upcoming_visits"))
        .unwrap();
    assert_eq!(v.columns.len(), 3);
    assert!(v.definition.sql.is_empty());
    let o = ty
        .table(&QualName::new("public", "visits"))
        .unwrap()
        .column("status")
        .unwrap()
        .origin
        .clone()
        .unwrap();
    let text = std::fs::read_to_string(&path).unwrap();
    assert!(
        text.lines()
            .nth(o.line as usize - 1)
            .unwrap()
            .trim_start()
            .starts_with("status:")
    );
    assert!(ty.schema("__InternalSupabase").is_none());

    let dir = tempfile::tempdir().unwrap();
    assert!(ts_types::discover(dir.path()).is_none());
    std::fs::create_dir_all(dir.path().join("src/lib")).unwrap();
    std::fs::create_dir_all(dir.path().join("node_modules/x")).unwrap();
    std::fs::write(
        dir.path().join("node_modules/x/database.types.ts"),
        "export type Database = {}",
    )
    .unwrap();
    std::fs::write(
        dir.path().join("src/lib/supabase.ts"),
        "export const client = 1",
    )
    .unwrap();
    assert!(ts_types::discover(dir.path()).is_none());
    std::fs::write(dir.path().join("src/lib/database.types.ts"), &text).unwrap();
    assert_eq!(
        ts_types::discover(dir.path()).unwrap(),
        dir.path().join("src/lib/database.types.ts")
    );
}

#[test]
fn older_and_hand_edited_shapes_and_bad_files() {
    let dir = tempfile::tempdir().unwrap();
    let p = dir.path().join("types.ts");
    // older generator: interface, quoted keys, semicolons, Args: Record<PropertyKey, never>
    std::fs::write(
        &p,
        r#"export interface Database {
  "public": {
    Tables: {
      "orgs": {
        Row: { "id": string; "slug": string | null; "kind": "a" | "b"; };
        Insert: { "id"?: string; "slug"?: string | null; "kind": "a" | "b"; };
        Update: { "id"?: string };
      };
    };
    Views: { [_ in never]: never };
    Functions: {
      ping: { Args: Record<PropertyKey, never>; Returns: undefined };
      add: { Args: { a: number; b: number } | { a: string; b: string }; Returns: number };
    };
    Enums: { [_ in never]: never };
  };
}
"#,
    )
    .unwrap();
    let (c, _) = ts_types::load(&p, "types").unwrap();
    let t = c.table(&QualName::new("public", "orgs")).unwrap();
    assert_eq!(t.columns.len(), 3);
    assert!(t.columns[0].not_null && t.columns[0].default.is_some());
    assert!(!t.columns[1].not_null);
    // an enum of a schema the file does not have is written as its labels
    assert_eq!(t.columns[2].data_type, "ts:\"a\" | \"b\"");
    let names: Vec<String> = c.functions().map(|f| f.key()).collect();
    assert_eq!(
        names,
        [
            "add(ts:number, ts:number)",
            "add(ts:string, ts:string)",
            "ping()"
        ]
    );
    assert_eq!(
        c.functions().find(|f| f.name == "ping").unwrap().returns,
        "ts:undefined"
    );

    for bad in [
        "",
        "export const x = 1",
        "export type Database = {",
        "export type Database = [",
    ] {
        std::fs::write(&p, bad).unwrap();
        assert!(ts_types::load(&p, "types").is_err(), "{bad:?}");
    }
    std::fs::write(&p, [0xff, 0xfe, 0x00]).unwrap();
    assert!(ts_types::load(&p, "types").is_err());
}

/// Discovery reads the file's shape, not its name: a placeholder named like the generator's
/// output is not the types, a generated file under any name is; a UTF-16 file with a byte
/// order mark (PowerShell's `>`) is read; of several, the one that names most of the
/// migrations' relations is compared and the others are named in `sources`.
#[test]
fn discovery_by_shape_utf16_and_the_evidence() {
    let dir = tempfile::tempdir().unwrap();
    let root = dir.path();
    let mig = root.join("supabase/migrations");
    std::fs::create_dir_all(&mig).unwrap();
    std::fs::copy(
        fixture("ts_types/agree/supabase/migrations/20240101000000_schema.sql"),
        mig.join("20240101000000_schema.sql"),
    )
    .unwrap();
    for d in ["src/types", "lib", "apps/web/lib"] {
        std::fs::create_dir_all(root.join(d)).unwrap();
    }
    // a hand-written placeholder with the usual name
    std::fs::write(
        root.join("src/types/database.types.ts"),
        "// TODO: run supabase gen types\nexport type Database = any;\n",
    )
    .unwrap();
    assert!(ts_types::discover(root).is_none());
    // an older copy from another schema, shallower than the right one
    std::fs::copy(
        fixture("ts_types/drift/lib/database.types.ts"),
        root.join("lib/old-schema.ts"),
    )
    .unwrap();
    // the right one, written by PowerShell as UTF-16LE with a byte order mark
    let text =
        std::fs::read_to_string(fixture("ts_types/agree/src/types/database.types.ts")).unwrap();
    let mut utf16 = vec![0xFF, 0xFE];
    utf16.extend(text.encode_utf16().flat_map(u16::to_le_bytes));
    std::fs::write(root.join("apps/web/lib/db.ts"), utf16).unwrap();

    let all = ts_types::discover_all(root);
    assert_eq!(
        all,
        vec![
            root.join("lib/old-schema.ts"),
            root.join("apps/web/lib/db.ts")
        ]
    );
    let (from_utf16, _) = ts_types::load(&root.join("apps/web/lib/db.ts"), "types").unwrap();
    let (from_utf8, _) = ts_types::load(
        &fixture("ts_types/agree/src/types/database.types.ts"),
        "types",
    )
    .unwrap();
    assert_eq!(
        from_utf16.tables().count(),
        from_utf8.tables().count(),
        "the UTF-16 copy reads as the original"
    );

    let out = std::process::Command::new(env!("CARGO_BIN_EXE_schemadrift"))
        .args(["audit", "--format", "json"])
        .arg(root)
        .output()
        .unwrap();
    let json: serde_json::Value = serde_json::from_slice(&out.stdout)
        .unwrap_or_else(|e| panic!("{e}: {}", String::from_utf8_lossy(&out.stderr)));
    let types = json["sources"]
        .as_array()
        .unwrap()
        .iter()
        .find(|s| s["kind"] == "types")
        .expect("a types source");
    assert!(
        types["location"]
            .as_str()
            .unwrap()
            .ends_with("apps/web/lib/db.ts"),
        "{types}"
    );
    assert_eq!(
        types["also_found"],
        serde_json::json!(["lib/old-schema.ts"])
    );
}
