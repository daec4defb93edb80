//! Pairing tables: same name, or a rename (name similarity and column overlap), or
//! present on one side only.

use super::Ctx;
use super::similarity::name_similarity;
use crate::catalog::dump::create_table_sql;
use crate::catalog::{QualName, Table};
use crate::findings::{Finding, Severity};

/// A rename needs at least this confidence; below it the pair is reported as a missing and
/// an extra table, with the possible rename mentioned.
pub const TABLE_RENAME_THRESHOLD: f64 = 0.6;

/// How likely `a` (expected) and `b` (actual) are one table renamed, with the evidence.
pub fn table_rename_score(a: &Table, b: &Table) -> (f64, Vec<String>) {
    let name = name_similarity(&a.name, &b.name);
    let (shared, total) = column_overlap(a, b);
    let overlap = if total == 0 {
        0.0
    } else {
        shared as f64 / total as f64
    };
    let score = if name >= 0.9 {
        // same word, singular/plural or another case style: columns need only agree a little
        0.55 + 0.45 * overlap.max(0.25)
    } else {
        0.35 * name + 0.65 * overlap
    };
    let evidence = vec![
        format!("name similarity {name:.2} ({} / {})", a.name, b.name),
        format!(
            "{shared} of {total} columns in common ({:.0}%)",
            overlap * 100.0
        ),
    ];
    (score.min(1.0), evidence)
}

/// Columns with the same name and type family (the same name, against generated TypeScript
/// types), over all distinct column names.
fn column_overlap(a: &Table, b: &Table) -> (usize, usize) {
    use crate::catalog::types::{family, ts_type};
    let shared = a
        .columns
        .iter()
        .filter(|c| {
            b.column(&c.name).is_some_and(|d| {
                family(&d.data_type) == family(&c.data_type)
                    || ts_type(&d.data_type).is_some()
                    || ts_type(&c.data_type).is_some()
            })
        })
        .count();
    let mut names: Vec<&str> = a
        .columns
        .iter()
        .chain(b.columns.iter())
        .map(|c| c.name.as_str())
        .collect();
    names.sort();
    names.dedup();
    (shared, names.len())
}

pub(crate) fn pair_tables<'a>(cx: &mut Ctx<'a>, schemas: &[String]) -> Vec<(&'a Table, &'a Table)> {
    let (exp, act) = (cx.exp.catalog, cx.act.catalog);
    let mut pairs = Vec::new();
    for schema in schemas {
        let e_tables: Vec<&'a Table> = exp
            .schema(schema)
            .map(|s| s.tables.values().collect())
            .unwrap_or_default();
        let a_tables: Vec<&'a Table> = act
            .schema(schema)
            .map(|s| s.tables.values().collect())
            .unwrap_or_default();
        let mut e_left = Vec::new();
        for e in &e_tables {
            match a_tables.iter().find(|a| a.name == e.name) {
                Some(a) => pairs.push((*e, *a)),
                None => e_left.push(*e),
            }
        }
        let mut a_left: Vec<&'a Table> = a_tables
            .iter()
            .filter(|a| !e_tables.iter().any(|e| e.name == a.name))
            .copied()
            .collect();
        // renames: best-scoring pairs first
        let mut candidates: Vec<(f64, usize, usize, Vec<String>)> = Vec::new();
        for (i, e) in e_left.iter().enumerate() {
            for (j, a) in a_left.iter().enumerate() {
                let (score, evidence) = table_rename_score(e, a);
                candidates.push((score, i, j, evidence));
            }
        }
        candidates.sort_by(|x, y| y.0.total_cmp(&x.0));
        let (mut e_used, mut a_used) = (vec![false; e_left.len()], vec![false; a_left.len()]);
        let mut near: Vec<(usize, usize, f64)> = Vec::new();
        for (score, i, j, evidence) in candidates {
            if e_used[i] || a_used[j] {
                continue;
            }
            if score < TABLE_RENAME_THRESHOLD {
                if score >= 0.4 {
                    near.push((i, j, score));
                }
                continue;
            }
            e_used[i] = true;
            a_used[j] = true;
            let (e, a) = (e_left[i], a_left[j]);
            renamed_table(cx, e, a, score, evidence);
            pairs.push((e, a));
        }
        // a source that reads views as tables (an OpenAPI document) has a "table" for each
        // view of the other side: the same relation, not an extra one
        let knows_views = cx.know.views;
        let view_of = |c: &crate::catalog::Catalog, t: &Table| {
            !knows_views && c.view(&t.qual_name()).is_some()
        };
        for (i, e) in e_left.iter().enumerate() {
            if !e_used[i] && !view_of(act, e) {
                let hint = near
                    .iter()
                    .find(|(x, j, _)| *x == i && !a_used[*j])
                    .map(|(_, j, s)| (a_left[*j].name.clone(), *s));
                missing_table(cx, e, hint);
            }
        }
        a_left = a_left
            .into_iter()
            .enumerate()
            .filter(|(j, _)| !a_used[*j])
            .map(|(_, a)| a)
            .collect();
        for a in a_left {
            if !view_of(exp, a) {
                extra_table(cx, a);
            }
        }
    }
    pairs
}

fn renamed_table(cx: &mut Ctx, e: &Table, a: &Table, score: f64, evidence: Vec<String>) {
    cx.table_renames.insert(e.qual_name(), a.qual_name());
    let mut f = Finding::new(
        "renamed-table",
        Severity::High,
        e.qual_name().to_string(),
        format!(
            "table {} in {} is {} in {} (a rename: confidence {:.0}%)",
            e.qual_name(),
            cx.exp.label,
            a.qual_name(),
            cx.act.label,
            score * 100.0
        ),
    )
    .expected(cx.exp.id, e.qual_name().to_string())
    .actual(cx.act.id, a.qual_name().to_string())
    .impact(format!(
        "Everything that names {} (queries, foreign keys, policies, functions) fails against {}.",
        e.name, cx.act.label
    ))
    .fix(format!(
        "ALTER TABLE {} RENAME TO {};",
        a.qual_name().to_sql(),
        crate::catalog::quote_ident(&e.name)
    ));
    f.confidence = Some(score as f32);
    f.evidence = evidence;
    let f = cx.locate(f, e.origin.as_ref(), a.origin.as_ref());
    cx.findings.push(f);
}

fn missing_table(cx: &mut Ctx, e: &Table, near: Option<(String, f64)>) {
    let q: QualName = e.qual_name();
    let mut msg = format!(
        "table {q} is in {} but not in {}",
        cx.exp.label, cx.act.label
    );
    let mut f_evidence = Vec::new();
    if let Some((other, score)) = &near {
        msg.push_str(&format!(
            " (perhaps renamed to {other}, but the columns disagree too much to say: {:.0}%)",
            score * 100.0
        ));
        f_evidence.push(format!("possible rename to {other}"));
    }
    let mut f = Finding::new("missing-table", Severity::High, q.to_string(), msg)
        .expected(cx.exp.id, "present")
        .actual(cx.act.id, "absent")
        .impact(format!(
            "Queries, foreign keys and policies that use {} fail against {}.",
            e.name, cx.act.label
        ))
        .fix(create_table_sql(e));
    f.evidence = f_evidence;
    let f = cx.locate(f, e.origin.as_ref(), None);
    cx.findings.push(f);
}

fn extra_table(cx: &mut Ctx, a: &Table) {
    let q = a.qual_name();
    let f = Finding::new(
        "extra-table",
        Severity::Low,
        q.to_string(),
        format!(
            "table {q} is in {} but not in {}",
            cx.act.label, cx.exp.label
        ),
    )
    .expected(cx.exp.id, "absent")
    .actual(cx.act.id, "present")
    .impact(format!(
        "{} does not describe it: rebuilding from {} would lose it and its data.",
        cx.exp.label, cx.exp.label
    ))
    .fix(format!(
        "-- describe it where the schema is written down:\n{}",
        create_table_sql(a)
    ));
    let f = cx.locate(f, None, a.origin.as_ref());
    cx.findings.push(f);
}
