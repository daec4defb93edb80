//! Our reading of a Prisma schema against Prisma's own: `dmmf.json` beside each fixture schema
//! is the `datamodel` of `get_dmmf` from `@prisma/prisma-schema-wasm` (the `url` line removed,
//! which Prisma 7 no longer accepts in schema files). Table and column names, schemas,
//! nullability, native types, enums, keys, uniques, indexes and relations must agree.

use schemadrift::catalog::{Catalog, ConstraintKind, FkAction, QualName, Table, TypeKind};
use schemadrift::sources::prisma::{self, PrismaSource};
use serde_json::Value;
use std::path::{Path, PathBuf};

fn fixture(p: &str) -> PathBuf {
    Path::new(env!("CARGO_MANIFEST_DIR"))
        .join("tests/fixtures/prisma")
        .join(p)
}

fn s<'a>(v: &'a Value, k: &str) -> Option<&'a str> {
    v.get(k).and_then(Value::as_str)
}

/// Prisma's native type (name, args) as PostgreSQL's format_type prints it.
fn native(name: &str, args: &[String]) -> String {
    let a = args.join(",");
    let with = |b: &str| {
        if args.is_empty() {
            b.to_string()
        } else {
            format!("{b}({a})")
        }
    };
    match name {
        "Uuid" => "uuid".into(),
        "Text" => "text".into(),
        "VarChar" => with("character varying"),
        "Char" => with("character"),
        "Decimal" => with("numeric"),
        "SmallInt" => "smallint".into(),
        "Integer" => "integer".into(),
        "BigInt" => "bigint".into(),
        "Date" => "date".into(),
        "Inet" => "inet".into(),
        "Timestamptz" => format!(
            "timestamp{} with time zone",
            if args.is_empty() {
                String::new()
            } else {
                format!("({a})")
            }
        ),
        "Timestamp" => format!(
            "timestamp{} without time zone",
            if args.is_empty() {
                String::new()
            } else {
                format!("({a})")
            }
        ),
        "JsonB" => "jsonb".into(),
        "Json" => "json".into(),
        other => panic!("native type {other} not in the test's table"),
    }
}

fn scalar(t: &str) -> &'static str {
    match t {
        "String" => "text",
        "Int" => "integer",
        "BigInt" => "bigint",
        "Float" => "double precision",
        "Decimal" => "numeric(65,30)",
        "DateTime" => "timestamp(3) without time zone",
        "Boolean" => "boolean",
        "Json" => "jsonb",
        "Bytes" => "bytea",
        other => panic!("scalar {other}"),
    }
}

fn table<'a>(c: &'a Catalog, q: &QualName) -> &'a Table {
    c.table(q).unwrap_or_else(|| panic!("no table {q}"))
}

fn agree(src: &PrismaSource, dmmf: &Value) {
    let cat = &src.catalog;
    let enums = dmmf["enums"].as_array().unwrap();
    // the DMMF does not say an enum's schema (@@schema): find it by its database name
    let enum_q = |name: &str, _model_schema: &str| -> Option<QualName> {
        let e = enums.iter().find(|e| s(e, "name") == Some(name))?;
        let db = s(e, "dbName").unwrap_or(name);
        let schema = cat
            .schemas
            .values()
            .find(|sc| sc.types.contains_key(db))
            .map(|sc| sc.name.clone())
            .unwrap_or_else(|| "public".into());
        Some(QualName::new(schema, db))
    };
    for e in enums {
        let q = enum_q(s(e, "name").unwrap(), "public").unwrap();
        let td = cat.type_def(&q).unwrap_or_else(|| panic!("no enum {q}"));
        let want: Vec<String> = e["values"]
            .as_array()
            .unwrap()
            .iter()
            .map(|v| s(v, "dbName").or(s(v, "name")).unwrap().to_string())
            .collect();
        assert_eq!(td.kind, TypeKind::Enum { labels: want }, "enum {q}");
    }
    let models = dmmf["models"].as_array().unwrap();
    let field_col = |model: &str, field: &str| -> String {
        let m = models.iter().find(|m| s(m, "name") == Some(model)).unwrap();
        let f = m["fields"]
            .as_array()
            .unwrap()
            .iter()
            .find(|f| s(f, "name") == Some(field))
            .unwrap();
        s(f, "dbName").unwrap_or(field).to_string()
    };
    let model_q = |model: &str| -> QualName {
        let m = models.iter().find(|m| s(m, "name") == Some(model)).unwrap();
        QualName::new(
            s(m, "schema").unwrap_or("public"),
            s(m, "dbName").unwrap_or(model),
        )
    };
    for m in models {
        let name = s(m, "name").unwrap();
        let q = model_q(name);
        let map = src
            .models
            .iter()
            .find(|x| x.model == name)
            .expect("model map");
        assert_eq!(map.table, q, "table of {name}");
        // views: Prisma knows their columns only
        if let Some(v) = cat.view(&q) {
            assert!(map.is_view);
            for f in m["fields"].as_array().unwrap() {
                let col = s(f, "dbName").or(s(f, "name")).unwrap();
                assert!(
                    v.columns.iter().any(|c| c.name == col),
                    "view column {q}.{col}"
                );
            }
            continue;
        }
        let t = table(cat, &q);
        for f in m["fields"].as_array().unwrap() {
            let fname = s(f, "name").unwrap();
            let kind = s(f, "kind").unwrap();
            if kind == "object" {
                let from: Vec<String> = f["relationFromFields"]
                    .as_array()
                    .map(|a| {
                        a.iter()
                            .map(|x| field_col(name, x.as_str().unwrap()))
                            .collect()
                    })
                    .unwrap_or_default();
                assert!(
                    map.relations
                        .iter()
                        .any(|r| r.field == fname && Some(r.target.as_str()) == s(f, "type")),
                    "relation {name}.{fname}"
                );
                if from.is_empty() {
                    continue;
                }
                let target = s(f, "type").unwrap();
                let to: Vec<String> = f["relationToFields"]
                    .as_array()
                    .unwrap()
                    .iter()
                    .map(|x| field_col(target, x.as_str().unwrap()))
                    .collect();
                let fk = t
                    .constraints
                    .iter()
                    .find(|c| matches!(&c.kind, ConstraintKind::ForeignKey { columns, .. } if *columns == from))
                    .unwrap_or_else(|| panic!("no foreign key {name}.{fname}"));
                let ConstraintKind::ForeignKey {
                    ref_table,
                    ref_columns,
                    on_delete,
                    ..
                } = &fk.kind
                else {
                    unreachable!()
                };
                assert_eq!(*ref_table, model_q(target));
                assert_eq!(*ref_columns, to);
                if let Some(od) = s(f, "relationOnDelete") {
                    let want = match od {
                        "Cascade" => FkAction::Cascade,
                        "SetNull" => FkAction::SetNull,
                        "Restrict" => FkAction::Restrict,
                        "NoAction" => FkAction::NoAction,
                        _ => FkAction::SetDefault,
                    };
                    assert_eq!(*on_delete, want, "onDelete of {name}.{fname}");
                }
                continue;
            }
            let col_name = s(f, "dbName").unwrap_or(fname);
            assert_eq!(
                map.column(fname),
                Some(col_name),
                "column of {name}.{fname}"
            );
            let col = t
                .column(col_name)
                .unwrap_or_else(|| panic!("no column {q}.{col_name}"));
            let list = f["isList"].as_bool().unwrap();
            let required = f["isRequired"].as_bool().unwrap();
            assert_eq!(
                col.not_null,
                required && !list,
                "nullability of {q}.{col_name}"
            );
            let ty = s(f, "type").unwrap();
            let mut want = if kind == "enum" {
                enum_q(ty, &q.schema).unwrap().to_string()
            } else if let Some(n) = f["nativeType"].as_array() {
                let args: Vec<String> = n[1]
                    .as_array()
                    .unwrap()
                    .iter()
                    .map(|a| a.as_str().unwrap().to_string())
                    .collect();
                native(n[0].as_str().unwrap(), &args)
            } else {
                scalar(ty).to_string()
            };
            if list {
                want.push_str("[]");
            }
            assert_eq!(col.data_type, want, "type of {q}.{col_name}");
            // a database default exists exactly for now(), autoincrement(), dbgenerated() and literals
            let db_default = match f.get("default") {
                None => false,
                Some(Value::Object(o)) => matches!(
                    o.get("name").and_then(Value::as_str),
                    Some("now" | "autoincrement" | "dbgenerated")
                ),
                Some(_) => true,
            };
            assert_eq!(
                col.default.is_some(),
                db_default,
                "default of {q}.{col_name}"
            );
        }
    }
    for ix in dmmf["indexes"].as_array().unwrap() {
        let model = s(ix, "model").unwrap();
        let q = model_q(model);
        if cat.view(&q).is_some() {
            continue;
        }
        let t = table(cat, &q);
        let cols: Vec<String> = ix["fields"]
            .as_array()
            .unwrap()
            .iter()
            .map(|f| field_col(model, s(f, "name").unwrap()))
            .collect();
        match s(ix, "type").unwrap() {
            "id" => {
                let pk = t.primary_key().unwrap_or_else(|| panic!("no pk on {q}"));
                assert_eq!(pk.columns(), &cols[..]);
                if let Some(n) = s(ix, "dbName") {
                    assert_eq!(pk.name, n);
                }
            }
            kind => {
                let unique = kind == "unique";
                let i = t
                    .indexes
                    .iter()
                    .find(|i| {
                        i.unique == unique
                            && i.keys.iter().map(|k| k.expr.clone()).collect::<Vec<_>>() == cols
                    })
                    .unwrap_or_else(|| panic!("no {kind} index on {q} ({cols:?})"));
                if let Some(n) = s(ix, "dbName") {
                    assert_eq!(i.name, n);
                }
                if let Some(a) = s(ix, "algorithm") {
                    assert_eq!(i.method, a.to_ascii_lowercase());
                }
                for (k, f) in i.keys.iter().zip(ix["fields"].as_array().unwrap()) {
                    assert_eq!(k.descending, s(f, "sortOrder") == Some("desc"));
                }
            }
        }
    }
}

fn check(schema: &str, dmmf: &str) {
    let src = prisma::load(&fixture(schema), "prisma").expect("loads");
    assert!(src.findings.is_empty(), "{:#?}", src.findings);
    let text = std::fs::read_to_string(fixture(dmmf)).unwrap();
    let d: Value = serde_json::from_str(&text).unwrap();
    agree(&src, &d);
}

#[test]
fn multi_file_schema_agrees_with_prisma() {
    check("shop/prisma/schema", "shop/dmmf.json");
}

#[test]
fn single_file_schema_with_views_and_self_relations_agrees_with_prisma() {
    check("social/prisma/schema.prisma", "social/dmmf.json");
}

#[test]
fn mapped_enum_values_and_one_to_one_relations_agree_with_prisma() {
    check("tracker/prisma/schema.prisma", "tracker/dmmf.json");
}
