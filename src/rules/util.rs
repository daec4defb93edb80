//! Helpers shared by the rules.

use crate::catalog::{Catalog, Function, Origin, QualName, Table};
use std::collections::HashMap;

/// Whether an object is the user's: not provided by the platform baseline and not in a
/// schema the platform owns (auth, storage, extensions, pg_catalog …).
pub(crate) fn is_user_schema(catalog: &Catalog, schema: &str) -> bool {
    if schema == "public" {
        return true;
    }
    if crate::catalog::dump::is_reserved_schema(schema)
        || matches!(
            schema,
            "extensions" | "pg_catalog" | "information_schema" | "pg_toast" | "cron" | "net"
        )
        || schema.starts_with("pg_")
    {
        return false;
    }
    catalog.schema(schema).is_some()
}

pub(crate) fn is_platform(origin: Option<&Origin>) -> bool {
    origin.is_some_and(|o| &*o.source == "platform")
}

/// Functions by schema and name, built once per rule (a trigger per table must not scan
/// every function).
pub(crate) struct FunctionIndex<'a>(HashMap<QualName, Vec<&'a Function>>);

impl<'a> FunctionIndex<'a> {
    pub(crate) fn new(catalog: &'a Catalog) -> Self {
        let mut m: HashMap<QualName, Vec<&Function>> = HashMap::new();
        for f in catalog.functions() {
            m.entry(QualName::new(&f.schema, &f.name))
                .or_default()
                .push(f);
        }
        FunctionIndex(m)
    }

    pub(crate) fn named(&self, q: &QualName) -> &[&'a Function] {
        self.0.get(q).map(Vec::as_slice).unwrap_or(&[])
    }
}

/// The user's tables, in name order.
pub(crate) fn user_tables(catalog: &Catalog) -> impl Iterator<Item = &Table> {
    catalog
        .tables()
        .filter(|t| is_user_schema(catalog, &t.schema) && !is_platform(t.origin.as_ref()))
}

/// Candidate names for "did you mean": every table and view in the catalog (user schemas
/// first), scored against the missing name.
pub fn did_you_mean(catalog: &Catalog, missing: &QualName) -> Option<QualName> {
    let mut best: Option<(f64, QualName)> = None;
    // the platform's own relations are candidates only in their own schema: auth.users is
    // not what a missing public.user meant
    let rels = catalog.schemas.values().flat_map(|s| {
        s.tables
            .values()
            .map(|t| (&t.name, t.origin.as_ref()))
            .chain(s.views.values().map(|v| (&v.name, v.origin.as_ref())))
            .filter(|(_, o)| !is_platform(*o) || s.name == missing.schema)
            .map(|(n, _)| (&s.name, n))
    });
    for (schema, name) in rels {
        if name == &missing.name && (missing.schema.is_empty() || schema == &missing.schema) {
            continue;
        }
        let mut score = name_similarity(&missing.name, name);
        if !missing.schema.is_empty() && schema != &missing.schema {
            score -= 0.05;
        }
        if score >= 0.6 && best.as_ref().is_none_or(|(s, _)| score > *s) {
            best = Some((score, QualName::new(schema, name)));
        }
    }
    best.map(|(_, q)| q)
}

/// A column of the table close to the missing one.
pub(crate) fn did_you_mean_column(table: &Table, missing: &str) -> Option<String> {
    table
        .columns
        .iter()
        .map(|c| (name_similarity(missing, &c.name), &c.name))
        .filter(|(s, _)| *s >= 0.6)
        .max_by(|a, b| a.0.total_cmp(&b.0))
        .map(|(_, n)| n.clone())
}

/// 0..1: how likely `b` is what was meant by `a`. Affixes count (`profiles` →
/// `user_profiles`), case and separators do not (`orgId` / `org_id`).
pub(crate) fn name_similarity(a: &str, b: &str) -> f64 {
    let (na, nb) = (normalize(a), normalize(b));
    if na == nb {
        return 0.95;
    }
    if singular(&na) == singular(&nb) {
        return 0.9;
    }
    let affix = nb.ends_with(&format!("_{na}"))
        || nb.starts_with(&format!("{na}_"))
        || na.ends_with(&format!("_{nb}"))
        || na.starts_with(&format!("{nb}_"));
    if affix {
        return 0.8;
    }
    let lev = strsim::levenshtein(&na, &nb);
    let len = na.chars().count().max(nb.chars().count());
    if len < 4 || lev > 2.max(len / 4) {
        return 0.0;
    }
    1.0 - lev as f64 / len as f64
}

/// `orgId`, `OrgID`, `org_id` → `org_id`.
pub(crate) fn normalize(s: &str) -> String {
    let mut out = String::new();
    let mut prev_lower = false;
    for c in s.chars() {
        if c.is_ascii_uppercase() {
            if prev_lower {
                out.push('_');
            }
            out.push(c.to_ascii_lowercase());
            prev_lower = false;
        } else if c == '-' || c == ' ' {
            out.push('_');
            prev_lower = false;
        } else {
            out.push(c);
            prev_lower = c.is_ascii_lowercase() || c.is_ascii_digit();
        }
    }
    out
}

/// A crude English singular of the last word: `audit_logs` → `audit_log`,
/// `categories` → `category`, `addresses` → `address`.
pub(crate) fn singular(s: &str) -> String {
    if let Some(x) = s.strip_suffix("ies") {
        return format!("{x}y");
    }
    for suf in ["sses", "shes", "ches", "xes"] {
        if let Some(x) = s.strip_suffix(suf) {
            return format!("{x}{}", &suf[..suf.len() - 2]);
        }
    }
    if s.ends_with("ss") || s.ends_with("us") {
        return s.to_string();
    }
    s.strip_suffix('s').unwrap_or(s).to_string()
}

/// `public.t.col` for messages.
pub(crate) fn col_name(t: &Table, col: &str) -> String {
    format!("{}.{}.{}", t.schema, t.name, col)
}

/// Joins names as `a, b and c`.
pub(crate) fn and_list(items: &[String]) -> String {
    match items {
        [] => String::new(),
        [a] => a.clone(),
        [rest @ .., last] => format!("{} and {last}", rest.join(", ")),
    }
}

/// Whether an extension the catalog has enabled provides `schema.name()`: pgmq's
/// `pgmq.send`, pg_cron's `cron.schedule` (what an extension creates is not among the
/// catalog's own functions; see `catalog::extension_objects`).
pub(crate) fn extension_provides(catalog: &Catalog, schema: &str, name: &str) -> bool {
    use crate::catalog::extension_objects::extension_catalog;
    let ext_catalog = extension_catalog();
    ext_catalog.functions(name).iter().any(|o| {
        let Some(installed) = catalog.extensions.get(o.extension) else {
            return false;
        };
        let home = o
            .schema
            .or_else(|| {
                ext_catalog
                    .extensions
                    .get(o.extension)
                    .and_then(|e| e.fixed_schema)
            })
            .unwrap_or(installed.schema.as_str());
        home == schema
    })
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn similarity() {
        assert!(name_similarity("profiles", "user_profiles") >= 0.6);
        assert!(name_similarity("audit_log", "audit_logs") >= 0.9);
        assert!(name_similarity("orgId", "org_id") >= 0.9);
        assert!(name_similarity("orgs", "users") < 0.6);
        assert!(name_similarity("organizations", "organisation") >= 0.6);
        assert_eq!(singular("categories"), "category");
        assert_eq!(singular("addresses"), "address");
        assert_eq!(normalize("userId"), "user_id");
    }
}
