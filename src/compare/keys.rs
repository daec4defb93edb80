//! Keys and indexes of a pair of tables: primary keys, unique constraints (a unique index is
//! a unique constraint for this purpose), CHECKs, foreign keys and other indexes. Names of
//! constraints and indexes are compared only when both sources know them; otherwise
//! constraints pair by what they constrain.

use super::Ctx;
use crate::catalog::dump::{constraint_body, index_sql};
use crate::catalog::{Constraint, ConstraintKind, Index, QualName, Table, quote_ident};
use crate::findings::{Finding, Severity};
use std::collections::BTreeMap;

type ColMap = BTreeMap<String, String>;

fn map_cols(cols: &[String], map: &ColMap) -> Vec<String> {
    cols.iter()
        .map(|c| map.get(c).cloned().unwrap_or_else(|| c.clone()))
        .collect()
}

fn list(cols: &[String]) -> String {
    cols.join(", ")
}

pub(crate) fn compare_keys(cx: &mut Ctx, et: &Table, at: &Table, colmap: &ColMap) {
    primary_keys(cx, et, at, colmap);
    if cx.know.unique_constraints {
        uniques(cx, et, at, colmap);
    }
    if cx.know.check_constraints {
        checks(cx, et, at);
    }
    if cx.know.foreign_keys {
        foreign_keys(cx, et, at, colmap);
    }
    if cx.know.indexes {
        indexes(cx, et, at, colmap);
    }
}

fn pk_cols(t: &Table) -> Option<(&Constraint, &[String])> {
    t.primary_key().map(|c| (c, c.columns()))
}

fn primary_keys(cx: &mut Ctx, et: &Table, at: &Table, colmap: &ColMap) {
    if !cx.know.primary_keys {
        return;
    }
    let (e, a) = (pk_cols(et), pk_cols(at));
    let show = |p: Option<(&Constraint, &[String])>| match p {
        Some((_, cols)) => format!("PRIMARY KEY ({})", list(cols)),
        None => "no primary key".to_string(),
    };
    let differ = match (e, a) {
        (Some((_, ec)), Some((_, ac))) => map_cols(ec, colmap) != ac,
        (None, None) => false,
        // a source that knows no keys at all (generated types) cannot say there is none
        (Some(_), None) => has_any_pk(cx.act.catalog),
        (None, Some(_)) => has_any_pk(cx.exp.catalog),
    };
    if !differ {
        return;
    }
    let f = Finding::new(
        "primary-key-mismatch",
        Severity::High,
        et.qual_name().to_string(),
        format!(
            "{} has {} in {} but {} in {}",
            et.name,
            show(e),
            cx.exp.label,
            show(a),
            cx.act.label
        ),
    )
    .expected(cx.exp.id, show(e))
    .actual(cx.act.id, show(a))
    .impact("Upserts, foreign keys that point here and row identity in the API depend on the key.");
    let f = match e {
        Some((c, cols)) => f.fix(format!(
            "{}ALTER TABLE {} ADD CONSTRAINT {} PRIMARY KEY ({});",
            a.map(|(ac, _)| format!(
                "ALTER TABLE {} DROP CONSTRAINT {};\n",
                at.qual_name().to_sql(),
                quote_ident(&ac.name)
            ))
            .unwrap_or_default(),
            at.qual_name().to_sql(),
            quote_ident(&c.name),
            map_cols(cols, colmap)
                .iter()
                .map(|c| quote_ident(c))
                .collect::<Vec<_>>()
                .join(", ")
        )),
        None => f,
    };
    let f = cx.locate(
        f,
        e.and_then(|(c, _)| c.origin.as_ref()),
        a.and_then(|(c, _)| c.origin.as_ref()),
    );
    cx.findings.push(f);
}

fn has_any_pk(c: &crate::catalog::Catalog) -> bool {
    c.tables().any(|t| t.primary_key().is_some())
}

/// Unique column sets: UNIQUE constraints and unique indexes without a predicate or
/// expressions, with where each comes from.
fn unique_sets(t: &Table) -> Vec<(Vec<String>, String, Option<&crate::catalog::Origin>)> {
    let mut out = Vec::new();
    for c in &t.constraints {
        if let ConstraintKind::Unique { columns, .. } = &c.kind {
            out.push((columns.clone(), c.name.clone(), c.origin.as_ref()));
        }
    }
    for i in &t.indexes {
        if i.unique && i.predicate.is_none() && i.keys.iter().all(|k| !k.is_expression) {
            out.push((
                i.keys.iter().map(|k| k.expr.clone()).collect(),
                i.name.clone(),
                i.origin.as_ref(),
            ));
        }
    }
    out
}

fn uniques(cx: &mut Ctx, et: &Table, at: &Table, colmap: &ColMap) {
    let (e, a) = (unique_sets(et), unique_sets(at));
    for (cols, name, origin) in &e {
        let mapped = map_cols(cols, colmap);
        if a.iter().any(|(c, _, _)| *c == mapped) {
            continue;
        }
        let f = Finding::new(
            "unique-constraint-mismatch",
            Severity::Medium,
            format!("{}/{}", et.qual_name(), name),
            format!(
                "{} has UNIQUE ({}) in {} but not in {}",
                et.name,
                list(cols),
                cx.exp.label,
                cx.act.label
            ),
        )
        .expected(cx.exp.id, format!("UNIQUE ({})", list(cols)))
        .actual(cx.act.id, "absent")
        .impact(format!(
            "{} accepts duplicates, and upserts ON CONFLICT ({}) fail there.",
            cx.act.label,
            list(cols)
        ))
        .fix(format!(
            "ALTER TABLE {} ADD CONSTRAINT {} UNIQUE ({});",
            at.qual_name().to_sql(),
            quote_ident(name),
            mapped
                .iter()
                .map(|c| quote_ident(c))
                .collect::<Vec<_>>()
                .join(", ")
        ));
        let f = cx.locate(f, *origin, None);
        cx.findings.push(f);
    }
    let back: ColMap = colmap.iter().map(|(k, v)| (v.clone(), k.clone())).collect();
    for (cols, name, origin) in &a {
        let mapped = map_cols(cols, &back);
        if e.iter().any(|(c, _, _)| *c == mapped) {
            continue;
        }
        let f = Finding::new(
            "unique-constraint-mismatch",
            Severity::Low,
            format!("{}/{}", et.qual_name(), name),
            format!(
                "{} has UNIQUE ({}) in {} but not in {}",
                at.name,
                list(cols),
                cx.act.label,
                cx.exp.label
            ),
        )
        .expected(cx.exp.id, "absent")
        .actual(cx.act.id, format!("UNIQUE ({})", list(cols)))
        .impact(format!(
            "Inserts that {} allows can fail in {} with a duplicate key.",
            cx.exp.label, cx.act.label
        ));
        let f = cx.locate(f, None, *origin);
        cx.findings.push(f);
    }
}

fn check_exprs(t: &Table) -> Vec<&Constraint> {
    t.constraints
        .iter()
        .filter(|c| matches!(c.kind, ConstraintKind::Check { .. }))
        .collect()
}

fn checks(cx: &mut Ctx, et: &Table, at: &Table) {
    let expr = |c: &Constraint| match &c.kind {
        ConstraintKind::Check { expr, .. } => expr.normalized.clone(),
        _ => String::new(),
    };
    let (e, a) = (check_exprs(et), check_exprs(at));
    let a_exprs: Vec<String> = a.iter().map(|c| expr(c)).collect();
    let e_exprs: Vec<String> = e.iter().map(|c| expr(c)).collect();
    for c in &e {
        let x = expr(c);
        if a_exprs.contains(&x) {
            continue;
        }
        // same name, other condition: one finding that shows both
        let other = a
            .iter()
            .find(|o| o.name == c.name && !e_exprs.contains(&expr(o)));
        let f = Finding::new(
            "check-constraint-mismatch",
            Severity::Medium,
            format!("{}/{}", et.qual_name(), c.name),
            match other {
                Some(o) => format!(
                    "CHECK {} on {} is ({x}) in {} but ({}) in {}",
                    c.name,
                    et.name,
                    cx.exp.label,
                    expr(o),
                    cx.act.label
                ),
                None => format!(
                    "{} has CHECK ({x}) in {} but not in {}",
                    et.name, cx.exp.label, cx.act.label
                ),
            },
        )
        .expected(cx.exp.id, format!("CHECK ({x})"))
        .actual(
            cx.act.id,
            other
                .map(|o| format!("CHECK ({})", expr(o)))
                .unwrap_or_else(|| "absent".into()),
        )
        .impact(
            "Values one side refuses, the other accepts: data valid in one place fails in another.",
        )
        .fix(format!(
            "{}ALTER TABLE {} ADD CONSTRAINT {} {};",
            other
                .map(|o| format!(
                    "ALTER TABLE {} DROP CONSTRAINT {};\n",
                    at.qual_name().to_sql(),
                    quote_ident(&o.name)
                ))
                .unwrap_or_default(),
            at.qual_name().to_sql(),
            quote_ident(&c.name),
            constraint_body(c)
        ));
        let f = cx.locate(f, c.origin.as_ref(), other.and_then(|o| o.origin.as_ref()));
        cx.findings.push(f);
    }
    for o in &a {
        let x = expr(o);
        if e_exprs.contains(&x) || e.iter().any(|c| c.name == o.name) {
            continue;
        }
        let f = Finding::new(
            "check-constraint-mismatch",
            Severity::Low,
            format!("{}/{}", et.qual_name(), o.name),
            format!(
                "{} has CHECK ({x}) in {} but not in {}",
                at.name, cx.act.label, cx.exp.label
            ),
        )
        .expected(cx.exp.id, "absent")
        .actual(cx.act.id, format!("CHECK ({x})"))
        .impact(format!(
            "Writes that {} allows are refused by {}.",
            cx.exp.label, cx.act.label
        ));
        let f = cx.locate(f, None, o.origin.as_ref());
        cx.findings.push(f);
    }
}

struct Fk<'a> {
    c: &'a Constraint,
    cols: Vec<String>,
    table: QualName,
    ref_cols: Vec<String>,
}

fn fks(t: &Table) -> Vec<Fk<'_>> {
    t.constraints
        .iter()
        .filter_map(|c| match &c.kind {
            ConstraintKind::ForeignKey {
                columns,
                ref_table,
                ref_columns,
                ..
            } => Some(Fk {
                c,
                cols: columns.clone(),
                table: ref_table.clone(),
                ref_cols: ref_columns.clone(),
            }),
            _ => None,
        })
        .collect()
}

fn fk_text(table: &QualName, cols: &[String], ref_cols: &[String]) -> String {
    format!(
        "({}) → {}({})",
        list(cols),
        show_table(table),
        list(ref_cols)
    )
}

/// A target table as messages name it: unqualified when the source does not say its schema.
fn show_table(q: &QualName) -> String {
    if q.schema.is_empty() {
        q.name.clone()
    } else {
        q.to_string()
    }
}

/// Whether two foreign-key targets are the same table; a target of unknown schema (an OpenAPI
/// document names only the table) is the same as any table of that name.
fn same_target(a: &QualName, b: &QualName) -> bool {
    a == b || ((a.schema.is_empty() || b.schema.is_empty()) && a.name == b.name)
}

fn foreign_keys(cx: &mut Ctx, et: &Table, at: &Table, colmap: &ColMap) {
    let ts = cx.ts_sides().is_some();
    let composite = cx.know.composite_foreign_keys;
    // what both sides can show: generated types list the foreign keys within a schema only,
    // an OpenAPI document the single-column ones only
    let shown = |fk: &Fk, t: &Table| {
        !(ts && !fk.table.schema.is_empty() && fk.table.schema != t.schema)
            && (composite || fk.cols.len() == 1)
    };
    // and a foreign key into a schema the other side does not describe (Prisma without
    // multiSchema, generated types of `public`) is not on that side; PostgREST notes foreign
    // keys into any schema, by table name
    let can_show = |c: &crate::catalog::Catalog, fk: &Fk| {
        fk.table.schema.is_empty()
            || c.knowledge.all_schemas
            || c.knowledge.type_view == crate::catalog::TypeView::Postgrest
            || c.schemas.contains_key(&fk.table.schema)
    };
    let e: Vec<Fk> = fks(et)
        .into_iter()
        .filter(|f| shown(f, et) && can_show(cx.act.catalog, f))
        .collect();
    let a: Vec<Fk> = fks(at)
        .into_iter()
        .filter(|f| shown(f, at) && can_show(cx.exp.catalog, f))
        .collect();
    let mut matched_a = vec![false; a.len()];
    // generators before October 2024 also listed foreign keys into other schemas, by table
    // name only: `users` for auth.users reads as public.users when public has a users table.
    // Such an entry is the other side's foreign key into another schema, not drift.
    fn cross_schema<'t>(ts: bool, t: &'t Table) -> Vec<Fk<'t>> {
        if !ts {
            return Vec::new();
        }
        fks(t)
            .into_iter()
            .filter(|f| !f.table.schema.is_empty() && f.table.schema != t.schema)
            .collect()
    }
    let (e_cross, a_cross) = (cross_schema(ts, et), cross_schema(ts, at));
    let is_ghost = |cross: &[Fk], cols: &[String], target: &QualName| {
        cross
            .iter()
            .any(|x| x.cols == cols && x.table.name == target.name)
    };
    for fe in &e {
        let cols = map_cols(&fe.cols, colmap);
        // a column the actual table lacks is reported as missing-column already
        if cols.iter().any(|c| at.column(c).is_none()) {
            continue;
        }
        if is_ghost(&a_cross, &cols, &fe.table) {
            continue;
        }
        let target = cx.actual_name(&fe.table);
        let same_cols: Vec<usize> = (0..a.len()).filter(|&j| a[j].cols == cols).collect();
        if let Some(&j) = same_cols
            .iter()
            .find(|&&j| same_target(&a[j].table, &target))
        {
            matched_a[j] = true;
            let fa = &a[j];
            let actions_differ = cx.know.fk_actions
                && match (&fe.c.kind, &fa.c.kind) {
                    (
                        ConstraintKind::ForeignKey {
                            on_delete: d1,
                            on_update: u1,
                            ..
                        },
                        ConstraintKind::ForeignKey {
                            on_delete: d2,
                            on_update: u2,
                            ..
                        },
                    ) => d1 != d2 || u1 != u2,
                    _ => false,
                };
            if fa.ref_cols != fe.ref_cols || actions_differ {
                let f = Finding::new(
                    "foreign-key-mismatch",
                    Severity::Medium,
                    format!("{}/{}", et.qual_name(), fe.c.name),
                    format!(
                        "foreign key {} on {} is {} in {} but {} in {}",
                        fe.c.name,
                        et.name,
                        constraint_body(fe.c),
                        cx.exp.label,
                        constraint_body(fa.c),
                        cx.act.label
                    ),
                )
                .expected(cx.exp.id, constraint_body(fe.c))
                .actual(cx.act.id, constraint_body(fa.c))
                .impact("Deletes and updates of the referenced rows behave differently.");
                let f = cx.locate(f, fe.c.origin.as_ref(), fa.c.origin.as_ref());
                cx.findings.push(f);
            }
            continue;
        }
        let other = same_cols.first().map(|&j| &a[j]);
        if let Some(&j) = same_cols.first() {
            matched_a[j] = true;
        }
        // a table of a schema the actual side does not describe is not missing there
        let described = cx.act.catalog.knowledge.all_schemas
            || cx.act.catalog.schemas.contains_key(&target.schema);
        let target_missing = described && cx.act.catalog.table(&target).is_none();
        let renamed = cx.table_renames.contains_key(&fe.table);
        let (severity, why) = if target_missing {
            (
                Severity::Critical,
                format!("{} has no table {}", cx.act.label, show_table(&fe.table)),
            )
        } else if renamed {
            (
                Severity::Critical,
                format!("{} is called {} in {}", fe.table, target, cx.act.label),
            )
        } else if ts {
            (
                Severity::High,
                format!("{} were generated without it", cx.act.label),
            )
        } else {
            (
                Severity::High,
                "the relationship is not enforced the same way".into(),
            )
        };
        let msg = match other {
            Some(o) => format!(
                "{}.{} references {} in {} but {} in {}",
                et.name,
                list(&fe.cols),
                fk_text(&fe.table, &[], &fe.ref_cols).trim_start_matches("() → "),
                cx.exp.label,
                fk_text(&o.table, &[], &o.ref_cols).trim_start_matches("() → "),
                cx.act.label
            ),
            None => format!(
                "foreign key {} on {} is in {} but not in {} ({why})",
                fk_text(&fe.table, &fe.cols, &fe.ref_cols),
                et.name,
                cx.exp.label,
                cx.act.label
            ),
        };
        let f = Finding::new(
            "foreign-key-mismatch",
            severity,
            format!("{}/{}", et.qual_name(), fe.c.name),
            msg,
        )
        .expected(cx.exp.id, constraint_body(fe.c))
        .actual(
            cx.act.id,
            other
                .map(|o| constraint_body(o.c))
                .unwrap_or_else(|| "absent".into()),
        )
        .impact(match other {
            Some(_) => "Rows are checked against another table: inserts valid in one place fail in the other, and joins through it return other rows.".to_string(),
            None => format!("{} does not protect the relationship: orphan rows can appear, and embeds through it (PostgREST) fail.", cx.act.label),
        })
        .fix(format!(
            "{}ALTER TABLE {} ADD CONSTRAINT {} {};",
            other
                .map(|o| format!(
                    "ALTER TABLE {} DROP CONSTRAINT {};\n",
                    at.qual_name().to_sql(),
                    quote_ident(&o.c.name)
                ))
                .unwrap_or_default(),
            at.qual_name().to_sql(),
            quote_ident(&fe.c.name),
            constraint_body(fe.c)
        ));
        let f = cx.locate(
            f,
            fe.c.origin.as_ref(),
            other.and_then(|o| o.c.origin.as_ref()),
        );
        cx.findings.push(f);
    }
    for (j, fa) in a.iter().enumerate() {
        if matched_a[j] {
            continue;
        }
        let mapped_back: Vec<String> = fa
            .cols
            .iter()
            .map(|c| {
                colmap
                    .iter()
                    .find(|(_, v)| *v == c)
                    .map(|(k, _)| k.clone())
                    .unwrap_or_else(|| c.clone())
            })
            .collect();
        if is_ghost(&e_cross, &mapped_back, &fa.table) {
            continue;
        }
        let f = Finding::new(
            "foreign-key-mismatch",
            Severity::Low,
            format!("{}/{}", et.qual_name(), fa.c.name),
            format!(
                "foreign key {} on {} is in {} but not in {}",
                fk_text(&fa.table, &fa.cols, &fa.ref_cols),
                at.name,
                cx.act.label,
                cx.exp.label
            ),
        )
        .expected(cx.exp.id, "absent")
        .actual(cx.act.id, constraint_body(fa.c))
        .impact(format!(
            "Writes that {} allows can be refused by {}.",
            cx.exp.label, cx.act.label
        ));
        let f = cx.locate(f, None, fa.c.origin.as_ref());
        cx.findings.push(f);
    }
}

/// What an index does, without its name.
fn index_shape(i: &Index, colmap: Option<&ColMap>) -> String {
    let keys: Vec<String> = i
        .keys
        .iter()
        .map(|k| {
            let e = match colmap {
                Some(m) if !k.is_expression => m.get(&k.expr).cloned().unwrap_or(k.expr.clone()),
                _ => k.expr.clone(),
            };
            format!(
                "{e}{}{}",
                k.opclass
                    .as_ref()
                    .map(|o| format!(" {o}"))
                    .unwrap_or_default(),
                if k.descending { " DESC" } else { "" }
            )
        })
        .collect();
    format!(
        "{}{} ({}){}",
        if i.unique { "UNIQUE " } else { "" },
        i.method,
        keys.join(", "),
        i.predicate
            .as_ref()
            .map(|p| format!(" WHERE {}", p.normalized))
            .unwrap_or_default()
    )
}

fn indexes(cx: &mut Ctx, et: &Table, at: &Table, colmap: &ColMap) {
    // unique indexes without predicate were compared as unique constraints
    let plain = |i: &&Index| {
        !(i.unique && i.predicate.is_none() && i.keys.iter().all(|k| !k.is_expression))
    };
    let e: Vec<&Index> = et.indexes.iter().filter(plain).collect();
    let a: Vec<&Index> = at.indexes.iter().filter(plain).collect();
    let a_shapes: Vec<String> = a.iter().map(|i| index_shape(i, None)).collect();
    let e_shapes: Vec<String> = e.iter().map(|i| index_shape(i, Some(colmap))).collect();
    for (n, i) in e.iter().enumerate() {
        let shape = &e_shapes[n];
        if a_shapes.contains(shape) {
            continue;
        }
        let same_name = a.iter().find(|o| o.name == i.name);
        let f = Finding::new(
            "index-mismatch",
            Severity::Low,
            format!("{}/{}", et.qual_name(), i.name),
            match same_name {
                Some(o) => format!(
                    "index {} on {} is {} in {} but {} in {}",
                    i.name,
                    et.name,
                    shape,
                    cx.exp.label,
                    index_shape(o, None),
                    cx.act.label
                ),
                None => format!(
                    "index {} on {} ({}) is in {} but not in {}",
                    i.name,
                    et.name,
                    list(&i.keys.iter().map(|k| k.expr.clone()).collect::<Vec<_>>()),
                    cx.exp.label,
                    cx.act.label
                ),
            },
        )
        .expected(cx.exp.id, shape.clone())
        .actual(
            cx.act.id,
            same_name
                .map(|o| index_shape(o, None))
                .unwrap_or_else(|| "absent".into()),
        )
        .impact("Queries that filter or sort on these columns scan the table instead.")
        .fix(format!(
            "{}{}",
            same_name
                .map(|o| format!(
                    "DROP INDEX {}.{};\n",
                    quote_ident(&at.schema),
                    quote_ident(&o.name)
                ))
                .unwrap_or_default(),
            index_sql(&at.schema, &at.name, i)
        ));
        let f = cx.locate(
            f,
            i.origin.as_ref(),
            same_name.and_then(|o| o.origin.as_ref()),
        );
        cx.findings.push(f);
    }
    for (n, i) in a.iter().enumerate() {
        if e_shapes.contains(&a_shapes[n]) || e.iter().any(|o| o.name == i.name) {
            continue;
        }
        let f = Finding::new(
            "index-mismatch",
            Severity::Info,
            format!("{}/{}", et.qual_name(), i.name),
            format!(
                "index {} on {} ({}) is in {} but not in {}",
                i.name, at.name, a_shapes[n], cx.act.label, cx.exp.label
            ),
        )
        .expected(cx.exp.id, "absent")
        .actual(cx.act.id, a_shapes[n].clone())
        .impact(format!(
            "{} does not describe it: a rebuild from it loses the index.",
            cx.exp.label
        ));
        let f = cx.locate(f, None, i.origin.as_ref());
        cx.findings.push(f);
    }
}
