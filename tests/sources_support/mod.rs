//! Shared by the Prisma, OpenAPI and generated-types tests: a catalog written as sorted lines
//! (one per fact), limited to what a source knows, so that two sources can be compared fact by
//! fact with a readable difference.

#![allow(dead_code)]

use schemadrift::catalog::{Catalog, ConstraintKind, Knowledge, TypeKind, TypeView};
use std::collections::BTreeSet;

/// What to include: the facts both sources know.
pub struct Mask {
    pub knowledge: Knowledge,
    /// Include defaults of columns (only where both know them, see `defaults_where_given`).
    pub defaults: bool,
    /// Compare a default only when this source gives one (OpenAPI: "only where given").
    pub defaults_where_given: bool,
    pub sequences: bool,
    pub enums: bool,
    /// Names of PKs, uniques, FKs and indexes.
    pub names: bool,
}

impl Mask {
    pub fn full() -> Self {
        Mask {
            knowledge: Knowledge::full(),
            defaults: true,
            defaults_where_given: false,
            sequences: true,
            enums: true,
            names: true,
        }
    }
}

/// The facts of a catalog under a mask. Schemas in `skip_schemas` are left out.
pub fn facts(c: &Catalog, m: &Mask, skip_schemas: &[&str]) -> BTreeSet<String> {
    let k = &m.knowledge;
    let mut out = BTreeSet::new();
    for (sname, s) in &c.schemas {
        if skip_schemas.contains(&sname.as_str()) {
            continue;
        }
        for t in s.tables.values() {
            let tn = format!("{}.{}", t.schema, t.name);
            out.insert(format!("table {tn}"));
            for col in &t.columns {
                out.insert(format!(
                    "column {tn}.{} {}{}",
                    col.name,
                    if k.type_view == TypeView::TypeScript {
                        ts_view(&col.data_type, c, skip_schemas)
                    } else {
                        col.data_type.clone()
                    },
                    if col.not_null { " not null" } else { "" }
                ));
                if m.defaults
                    && let Some(d) = &col.default
                {
                    out.insert(format!("default {tn}.{} {}", col.name, d.normalized));
                }
            }
            for con in &t.constraints {
                let name = if m.names && k.constraint_names {
                    con.name.as_str()
                } else {
                    "_"
                };
                match &con.kind {
                    ConstraintKind::PrimaryKey { columns } => {
                        out.insert(format!("pk {tn} {name} ({})", columns.join(", ")));
                    }
                    ConstraintKind::Unique { columns, .. } if k.unique_constraints => {
                        out.insert(format!("unique {tn} {name} ({})", columns.join(", ")));
                    }
                    ConstraintKind::ForeignKey {
                        columns,
                        ref_table,
                        ref_columns,
                        on_delete,
                        on_update,
                        ..
                    } if k.foreign_keys => {
                        let actions = if k.fk_actions {
                            format!(
                                " on delete {} on update {}",
                                on_delete.sql(),
                                on_update.sql()
                            )
                        } else {
                            String::new()
                        };
                        out.insert(format!(
                            "fk {tn} {name} ({}) -> {ref_table}({}){actions}",
                            columns.join(", "),
                            ref_columns.join(", ")
                        ));
                    }
                    ConstraintKind::Check { expr, .. } if k.check_constraints => {
                        out.insert(format!("check {tn} {name} {}", expr.normalized));
                    }
                    _ => {}
                }
            }
            if k.indexes {
                for i in &t.indexes {
                    let keys: Vec<String> = i
                        .keys
                        .iter()
                        .map(|k| {
                            format!(
                                "{}{}{}",
                                k.expr,
                                k.opclass
                                    .as_deref()
                                    .map(|o| format!(" {o}"))
                                    .unwrap_or_default(),
                                if k.descending { " desc" } else { "" }
                            )
                        })
                        .collect();
                    let name = if m.names && k.constraint_names {
                        i.name.as_str()
                    } else {
                        "_"
                    };
                    out.insert(format!(
                        "index {tn} {name}{} {} ({})",
                        if i.unique { " unique" } else { "" },
                        i.method,
                        keys.join(", ")
                    ));
                }
            }
        }
        if k.views {
            for v in s.views.values() {
                let vn = format!("{}.{}", v.schema, v.name);
                out.insert(format!("view {vn}"));
                // view column types: the replay does not infer them, so names only
                for col in &v.columns {
                    out.insert(format!("column {vn}.{}", col.name));
                }
            }
        }
        if m.enums {
            for ty in s.types.values() {
                if let TypeKind::Enum { labels } = &ty.kind {
                    out.insert(format!(
                        "enum {}.{} ({})",
                        ty.schema,
                        ty.name,
                        labels.join(", ")
                    ));
                }
            }
        }
        if m.sequences && k.sequences {
            for q in s.sequences.values() {
                out.insert(format!(
                    "sequence {}.{} {} owned by {:?}",
                    q.schema, q.name, q.data_type, q.owned_by
                ));
            }
        }
    }
    out
}

/// A type as generated TypeScript types write it: a `ts:` type as written, a SQL type of `c`
/// as Supabase's generator writes it (the schemas not skipped are the exposed ones).
pub fn ts_view(t: &str, c: &Catalog, skip_schemas: &[&str]) -> String {
    if let Some(ts) = schemadrift::catalog::types::ts_type(t) {
        return ts.to_string();
    }
    let exposed = |s: &str| !skip_schemas.contains(&s);
    schemadrift::sources::ts_types::generator_types(t, c, &exposed)
        .into_iter()
        .next()
        .unwrap_or_default()
}

/// Asserts two fact sets are equal, printing only the differences.
pub fn assert_same(
    left_label: &str,
    left: &BTreeSet<String>,
    right_label: &str,
    right: &BTreeSet<String>,
) {
    let only_l: Vec<&String> = left.difference(right).collect();
    let only_r: Vec<&String> = right.difference(left).collect();
    if !only_l.is_empty() || !only_r.is_empty() {
        panic!(
            "catalogs differ\nonly in {left_label}:\n  {}\nonly in {right_label}:\n  {}",
            only_l
                .iter()
                .map(|s| s.as_str())
                .collect::<Vec<_>>()
                .join("\n  "),
            only_r
                .iter()
                .map(|s| s.as_str())
                .collect::<Vec<_>>()
                .join("\n  ")
        );
    }
}

/// Drops the facts a source cannot know about primary keys (generated types have none).
pub fn without_primary_keys(f: &BTreeSet<String>) -> BTreeSet<String> {
    f.iter()
        .filter(|l| !l.starts_with("pk "))
        .cloned()
        .collect()
}
