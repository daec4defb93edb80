//! Names: `near-duplicate-table`, `mixed-naming-convention`.

use super::RuleContext;
use super::util::{normalize, singular, user_tables};
use crate::catalog::{Catalog, Table};
use crate::findings::{Finding, RuleDoc, Severity};
use std::collections::{BTreeMap, BTreeSet, HashMap};

pub(super) const DOC_NEAR_DUPLICATE: RuleDoc = RuleDoc {
    id: "near-duplicate-table",
    default_severity: "low",
    text: "Two tables whose names differ only by a plural, a case or a typo (`audit_log` / `audit_logs`), or are very close and share most columns. Usually one of them is a leftover, and code writes to one while reading the other.\n\nBad:\n  CREATE TABLE audit_log (id bigserial PRIMARY KEY, action text);\n  CREATE TABLE audit_logs (id uuid PRIMARY KEY, action text);\nGood:\n  CREATE TABLE audit_logs (id uuid PRIMARY KEY, action text);  -- one table; the other dropped or merged",
};

pub(super) const DOC_MIXED_NAMING: RuleDoc = RuleDoc {
    id: "mixed-naming-convention",
    default_severity: "info",
    text: "Column (or table) names mix camelCase (quoted, `\"userId\"`) and snake_case (`user_id`) in one schema. Every query must remember which table uses which, quoted camelCase names must always be quoted, and ORMs map them differently.\n\nBad:\n  CREATE TABLE sessions (\"userId\" uuid);\n  CREATE TABLE privacy_prefs (user_id uuid);\nGood:\n  CREATE TABLE sessions (user_id uuid);\n  CREATE TABLE privacy_prefs (user_id uuid);",
};

/// Columns that every table has: they say nothing about two tables being the same.
fn boilerplate(c: &str) -> bool {
    matches!(
        normalize(c).as_str(),
        "id" | "created_at" | "updated_at" | "user_id" | "deleted_at" | "inserted_at"
    )
}

fn column_overlap(a: &Table, b: &Table) -> (f64, Vec<String>) {
    let sa: BTreeSet<String> = a
        .columns
        .iter()
        .filter(|c| !boilerplate(&c.name))
        .map(|c| normalize(&c.name))
        .collect();
    let sb: BTreeSet<String> = b
        .columns
        .iter()
        .filter(|c| !boilerplate(&c.name))
        .map(|c| normalize(&c.name))
        .collect();
    let common: Vec<String> = sa.intersection(&sb).cloned().collect();
    let union = sa.union(&sb).count();
    if union == 0 {
        return (0.0, common);
    }
    (common.len() as f64 / union as f64, common)
}

/// Pairs of tables (indexes into `tables`, first < second) in one schema whose names may be
/// near duplicates: the same singular, or one deletion apart from a common key (which finds
/// every pair within one edit, and many within two). Linear in the number of tables, so a
/// schema of 100,000 tables is not compared pair by pair.
fn candidate_pairs(tables: &[&Table]) -> Vec<(usize, usize)> {
    let mut buckets: HashMap<(String, String), Vec<usize>> = HashMap::new();
    for (i, t) in tables.iter().enumerate() {
        let n = normalize(&t.name);
        let mut keys = vec![format!("={}", singular(&n))];
        // typo variants only for longer names that are not numbered series (t1, t2 …)
        if n.chars().count() >= 6 && !n.ends_with(|c: char| c.is_ascii_digit()) {
            let chars: Vec<char> = n.chars().collect();
            keys.push(format!("~{n}"));
            for k in 0..chars.len() {
                let v: String = chars[..k].iter().chain(&chars[k + 1..]).collect();
                keys.push(format!("~{v}"));
            }
        }
        keys.sort();
        keys.dedup();
        for k in keys {
            buckets.entry((t.schema.clone(), k)).or_default().push(i);
        }
    }
    let mut pairs: Vec<(usize, usize)> = Vec::new();
    for members in buckets.values() {
        // a huge bucket is a naming scheme, not a typo
        if members.len() > 50 {
            continue;
        }
        for (x, &i) in members.iter().enumerate() {
            for &j in &members[x + 1..] {
                pairs.push((i.min(j), i.max(j)));
            }
        }
    }
    pairs.sort();
    pairs.dedup();
    pairs
}

pub(super) fn near_duplicate_table(catalog: &Catalog, _ctx: &RuleContext) -> Vec<Finding> {
    let mut out = Vec::new();
    let tables: Vec<&Table> = user_tables(catalog)
        .filter(|t| t.partition_of.is_none())
        .collect();
    for (i, j) in candidate_pairs(&tables) {
        let (a, b) = (tables[i], tables[j]);
        let (na, nb) = (normalize(&a.name), normalize(&b.name));
        let same_word = na == nb || singular(&na) == singular(&nb);
        let lev = strsim::levenshtein(&na, &nb);
        let close = !same_word
            && na.len().min(nb.len()) >= 6
            && lev <= 2
            && !na.ends_with(|c: char| c.is_ascii_digit());
        if !same_word && !close {
            continue;
        }
        let (overlap, common) = column_overlap(a, b);
        if close && overlap < 0.5 {
            continue;
        }
        let why = if na == nb {
            "differ only by case".to_string()
        } else if same_word {
            "differ only by a plural".to_string()
        } else {
            format!("differ by {lev} letter{}", if lev == 1 { "" } else { "s" })
        };
        let mut f = Finding::new(
                "near-duplicate-table",
                Severity::Low,
                format!("{}.{}", a.schema, a.name),
                format!(
                    "tables {}.{} and {}.{} {why}{}: probably one table under two names",
                    a.schema,
                    a.name,
                    b.schema,
                    b.name,
                    if common.is_empty() {
                        String::new()
                    } else {
                        format!(
                            " and share {} of their columns ({})",
                            common.len(),
                            common.join(", ")
                        )
                    }
                ),
            )
            .at_origin(a.origin.as_ref())
            .at_origin(b.origin.as_ref())
            .impact("Code writes to one and reads the other; data ends up split between them.")
            .fix(format!(
                "-- keep one; move the rows of the other and drop it, e.g.\n-- INSERT INTO {} SELECT … FROM {};\n-- DROP TABLE {};",
                b.qual_name().to_sql(),
                a.qual_name().to_sql(),
                a.qual_name().to_sql()
            ));
        f.confidence = Some(if same_word {
            0.9
        } else {
            0.6 + overlap as f32 * 0.3
        });
        out.push(f);
    }
    out
}

#[derive(Clone, Copy, PartialEq, Eq, PartialOrd, Ord)]
enum Style {
    Snake,
    Camel,
}

/// The style a name shows, if it shows one (`email` shows none).
fn style(name: &str) -> Option<Style> {
    let has_upper = name.chars().any(|c| c.is_ascii_uppercase());
    let has_lower = name.chars().any(|c| c.is_ascii_lowercase());
    if has_upper && has_lower && !name.contains('_') {
        return Some(Style::Camel);
    }
    if !has_upper && name.contains('_') && !name.starts_with('_') {
        return Some(Style::Snake);
    }
    None
}

pub(super) fn mixed_naming_convention(catalog: &Catalog, _ctx: &RuleContext) -> Vec<Finding> {
    let mut out = Vec::new();
    let mut by_schema: BTreeMap<&str, BTreeMap<Style, Vec<String>>> = BTreeMap::new();
    let mut first: BTreeMap<&str, BTreeMap<Style, Option<crate::catalog::Origin>>> =
        BTreeMap::new();
    for t in user_tables(catalog) {
        let names = std::iter::once((t.name.as_str(), t.origin.as_ref(), String::new())).chain(
            t.columns
                .iter()
                .map(|c| (c.name.as_str(), c.origin.as_ref(), format!("{}.", t.name))),
        );
        for (name, origin, prefix) in names {
            if let Some(s) = style(name) {
                by_schema
                    .entry(t.schema.as_str())
                    .or_default()
                    .entry(s)
                    .or_default()
                    .push(format!("{prefix}{name}"));
                first
                    .entry(t.schema.as_str())
                    .or_default()
                    .entry(s)
                    .or_insert_with(|| origin.cloned().or(t.origin.clone()));
            }
        }
    }
    for (schema, styles) in by_schema {
        let (Some(camel), Some(snake)) = (styles.get(&Style::Camel), styles.get(&Style::Snake))
        else {
            continue;
        };
        let sample = |v: &Vec<String>| {
            let mut s: Vec<String> = v.iter().take(4).map(|x| format!("\"{x}\"")).collect();
            if v.len() > 4 {
                s.push(format!("{} more", v.len() - 4));
            }
            s.join(", ")
        };
        let origins = &first[schema];
        let mut f = Finding::new(
            "mixed-naming-convention",
            Severity::Info,
            schema.to_string(),
            format!(
                "schema {schema} mixes camelCase names ({} such as {}) and snake_case names ({} such as {})",
                camel.len(),
                sample(camel),
                snake.len(),
                sample(snake)
            ),
        )
        .impact("Every query must remember which table uses which style; camelCase names must always be quoted.")
        .fix("-- pick one convention (snake_case is PostgreSQL's) and rename, e.g.\n-- ALTER TABLE sessions RENAME COLUMN \"userId\" TO user_id;");
        for s in [Style::Camel, Style::Snake] {
            if let Some(Some(o)) = origins.get(&s) {
                f = f.at(crate::findings::Location::from_origin(o));
            }
        }
        out.push(f);
    }
    out
}
