//! Prisma-specific drift: what the generic comparer cannot see because the two sides use
//! different kinds of objects for one idea.
//!
//! `check-enum-mismatch`: a Prisma enum field stored, on the other side, in a text column
//! limited by a CHECK list (`plan IN ('free', 'pro')`, `plan = ANY (ARRAY['free'::text, …])`),
//! or in an enum type of another name whose values differ. (Enum types of the same name are
//! compared by the generic comparer as `enum-mismatch`; this check leaves them alone.)

use super::PrismaSource;
use crate::catalog::{Catalog, ConstraintKind, QualName, TypeKind};
use crate::findings::{Finding, Location, Severity};
use regex::Regex;
use std::sync::OnceLock;

pub fn check_against(prisma: &PrismaSource, other: &Catalog, other_label: &str) -> Vec<Finding> {
    let mut out = Vec::new();
    for ec in &prisma.enum_columns {
        let Some(table) = other.table(&ec.table) else {
            continue;
        };
        let Some(col) = table.column(&ec.column) else {
            continue;
        };
        let object = format!("{}.{}", ec.table, ec.column);
        let prisma_loc = Location::from_origin(&ec.origin);
        let base = col.data_type.trim_end_matches("[]");
        // the other side uses an enum type
        if let Some((schema, name)) = base.split_once('.') {
            let q = QualName::new(schema, name);
            if let Some(td) = other.type_def(&q)
                && let TypeKind::Enum { labels } = &td.kind
            {
                if q == ec.enum_type {
                    continue; // same type: enum-mismatch of the generic comparer
                }
                let (only_prisma, only_other) = diff(&ec.values, labels);
                if only_prisma.is_empty() && only_other.is_empty() {
                    continue;
                }
                let only_prisma = with_client_names(ec, only_prisma);
                let mut f = finding(
                    &object,
                    &ec.values,
                    labels,
                    &only_prisma,
                    &only_other,
                    other_label,
                    &format!("enum type {q}"),
                    &prisma.info.id,
                )
                .at(prisma_loc);
                f = f.at_origin(td.origin.as_ref());
                out.push(f);
            }
            continue;
        }
        if !matches!(base, "text" | "character varying" | "character")
            && !base.starts_with("character varying(")
            && !base.starts_with("character(")
        {
            continue;
        }
        // a text column: look for a CHECK list on it
        for c in &table.constraints {
            let ConstraintKind::Check { expr, .. } = &c.kind else {
                continue;
            };
            let Some(allowed) = check_values(&expr.sql, &ec.column) else {
                continue;
            };
            let (only_prisma, only_other) = diff(&ec.values, &allowed);
            let only_prisma = with_client_names(ec, only_prisma);
            let mut f = if only_prisma.is_empty() && only_other.is_empty() {
                // same values, but a text column: the type differs (reported once, low)
                Finding::new(
                    "check-enum-mismatch",
                    Severity::Low,
                    object.clone(),
                    format!(
                        "{object} is the enum {} in Prisma but {} with CHECK constraint {} in {other_label}; the values agree ({})",
                        ec.enum_type,
                        col.data_type,
                        c.name,
                        ec.values.join(", ")
                    ),
                )
                .expected(&prisma.info.id, format!("enum {} ({})", ec.enum_type, ec.values.join(", ")))
                .actual(other_label, format!("{} CHECK ({})", col.data_type, allowed.join(", ")))
                .impact("Prisma Migrate would create an enum type here; a later `migrate diff` will want to change the column type.")
            } else {
                finding(
                    &object,
                    &ec.values,
                    &allowed,
                    &only_prisma,
                    &only_other,
                    other_label,
                    &format!("{} with CHECK constraint {}", col.data_type, c.name),
                    &prisma.info.id,
                )
            };
            f = f.at(prisma_loc.clone()).at_origin(c.origin.as_ref());
            out.push(f);
        }
    }
    out
}

/// `team` → `team (TEAM)` where Prisma Client's name differs from the database value.
fn with_client_names(ec: &super::EnumColumn, values: Vec<String>) -> Vec<String> {
    values
        .into_iter()
        .map(|v| {
            let client = ec
                .values
                .iter()
                .position(|x| *x == v)
                .and_then(|i| ec.client_values.get(i));
            match client {
                Some(c) if *c != v => format!("{v} ({c})"),
                _ => v,
            }
        })
        .collect()
}

fn diff(prisma: &[String], other: &[String]) -> (Vec<String>, Vec<String>) {
    let only_p = prisma
        .iter()
        .filter(|v| !other.contains(v))
        .cloned()
        .collect();
    let only_o = other
        .iter()
        .filter(|v| !prisma.contains(v))
        .cloned()
        .collect();
    (only_p, only_o)
}

#[allow(clippy::too_many_arguments)]
fn finding(
    object: &str,
    prisma_values: &[String],
    other_values: &[String],
    only_prisma: &[String],
    only_other: &[String],
    other_label: &str,
    other_kind: &str,
    prisma_id: &str,
) -> Finding {
    let mut parts = Vec::new();
    if !only_prisma.is_empty() {
        parts.push(format!(
            "{} only in Prisma (writing {} fails in {other_label})",
            only_prisma.join(", "),
            if only_prisma.len() == 1 { "it" } else { "them" }
        ));
    }
    if !only_other.is_empty() {
        parts.push(format!(
            "{} only in {other_label} (Prisma Client cannot read rows holding {})",
            only_other.join(", "),
            if only_other.len() == 1 { "it" } else { "them" }
        ));
    }
    let severity = if only_prisma.is_empty() {
        Severity::Medium
    } else {
        Severity::High
    };
    let (col, table) = match object.rsplit_once('.') {
        Some((t, c)) => (c.to_string(), t.to_string()),
        None => (object.to_string(), String::new()),
    };
    let list = prisma_values
        .iter()
        .map(|v| format!("'{}'", v.replace('\'', "''")))
        .collect::<Vec<_>>()
        .join(", ");
    Finding::new(
        "check-enum-mismatch",
        severity,
        object.to_string(),
        format!(
            "the Prisma enum of {object} and its {other_kind} in {other_label} allow different values: {}",
            parts.join("; ")
        ),
    )
    .expected(prisma_id, prisma_values.join(", "))
    .actual(other_label, format!("{other_kind}: {}", other_values.join(", ")))
    .impact("Values the application may write are refused by the database, or stored values cannot be read by Prisma Client.")
    .fix(format!(
        "-- allow exactly the Prisma enum's values (adjust the constraint name)\nALTER TABLE {table} DROP CONSTRAINT IF EXISTS {table_short}_{col}_check;\nALTER TABLE {table} ADD CONSTRAINT {table_short}_{col}_check CHECK ({col} IN ({list}));",
        table_short = table.rsplit('.').next().unwrap_or(&table),
    ))
}

/// The string values a CHECK expression allows for `column`, when it is a list:
/// `col IN ('a', 'b')`, `col = ANY (ARRAY['a'::text, 'b'::text])`, `col = 'a' OR col = 'b'`.
pub fn check_values(sql: &str, column: &str) -> Option<Vec<String>> {
    static LIST: OnceLock<Regex> = OnceLock::new();
    static LIT: OnceLock<Regex> = OnceLock::new();
    let list = LIST.get_or_init(|| {
        Regex::new(
            r#"(?is)("(?:[^"]|"")+"|[A-Za-z_][A-Za-z0-9_$]*)\s*\)?\s*(?:::\s*[a-z ]+(?:\(\d+\))?\s*)?(?:\)\s*)?(?:IN\s*\(|=\s*ANY\s*\(\s*\(?\s*ARRAY\s*\[)([^\])]*)"#,
        )
        .expect("valid regex")
    });
    let lit = LIT.get_or_init(|| Regex::new(r"'((?:[^']|'')*)'").expect("valid regex"));
    let matches_col = |raw: &str| crate::catalog::fold_ident(raw) == column;
    for cap in list.captures_iter(sql) {
        if !matches_col(&cap[1]) {
            continue;
        }
        let vals: Vec<String> = lit
            .captures_iter(&cap[2])
            .map(|c| c[1].replace("''", "'"))
            .collect();
        if !vals.is_empty() {
            return Some(vals);
        }
    }
    // col = 'a' OR col = 'b'
    static EQ: OnceLock<Regex> = OnceLock::new();
    let eq = EQ.get_or_init(|| {
        Regex::new(r#"(?i)("(?:[^"]|"")+"|[A-Za-z_][A-Za-z0-9_$]*)\s*(?:::\s*[a-z ]+)?\s*=\s*'((?:[^']|'')*)'"#)
            .expect("valid regex")
    });
    let lower = sql.to_ascii_lowercase();
    if lower.contains(" and ") {
        return None;
    }
    let vals: Vec<String> = eq
        .captures_iter(sql)
        .filter(|c| matches_col(&c[1]))
        .map(|c| c[2].replace("''", "'"))
        .collect();
    (!vals.is_empty()).then_some(vals)
}

#[cfg(test)]
mod tests {
    use super::check_values;

    #[test]
    fn reads_check_lists() {
        assert_eq!(
            check_values("plan IN ('free', 'pro', 'enterprise')", "plan").unwrap(),
            vec!["free", "pro", "enterprise"]
        );
        assert_eq!(
            check_values(
                "((plan)::text = ANY ((ARRAY['free'::character varying, 'pro'::character varying])::text[]))",
                "plan"
            )
            .unwrap(),
            vec!["free", "pro"]
        );
        assert_eq!(
            check_values("(status = ANY (ARRAY['a'::text, 'b''c'::text]))", "status").unwrap(),
            vec!["a", "b'c"]
        );
        assert_eq!(
            check_values("\"Plan\" in ('x')", "Plan").unwrap(),
            vec!["x"]
        );
        assert_eq!(
            check_values("kind = 'a' OR kind = 'b'", "kind").unwrap(),
            vec!["a", "b"]
        );
        assert!(check_values("plan IN ('x')", "other").is_none());
        assert!(check_values("length(plan) > 2", "plan").is_none());
    }
}
