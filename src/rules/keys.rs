//! Keys: `unindexed-foreign-key`, `foreign-key-type-mismatch`, `missing-primary-key`,
//! `mixed-id-types`, `mixed-user-reference`.

use super::RuleContext;
use super::util::{and_list, col_name, user_tables};
use crate::catalog::{Catalog, ConstraintKind, QualName, Table, TableKind, quote_ident};
use crate::findings::{Finding, RuleDoc, Severity};
use std::collections::BTreeMap;

pub(super) const DOC_UNINDEXED_FK: RuleDoc = RuleDoc {
    id: "unindexed-foreign-key",
    default_severity: "low",
    text: "A foreign key whose columns are not the leading columns of any index (or primary key / unique constraint). Deleting or updating a referenced row scans the whole referencing table, and joins on the key are slow.\n\nBad:\n  CREATE TABLE sessions (id uuid PRIMARY KEY, user_id uuid REFERENCES users(id));\nGood:\n  CREATE TABLE sessions (id uuid PRIMARY KEY, user_id uuid REFERENCES users(id));\n  CREATE INDEX sessions_user_id_idx ON sessions (user_id);",
};

pub(super) const DOC_FK_TYPE_MISMATCH: RuleDoc = RuleDoc {
    id: "foreign-key-type-mismatch",
    default_severity: "medium",
    text: "A foreign key column whose type differs from the column it references. PostgreSQL accepts some pairs (integer → bigint, varchar(50) → text) but the referencing column cannot hold every key and every join needs a cast; it refuses others (text → uuid), and then the CREATE fails (reported as high, next to the migration-error).\n\nBad:\n  CREATE TABLE orders (id bigint PRIMARY KEY, customer_id integer REFERENCES customers(id));  -- customers.id is bigint\nGood:\n  CREATE TABLE orders (id bigint PRIMARY KEY, customer_id bigint REFERENCES customers(id));",
};

pub(super) const DOC_MISSING_PK: RuleDoc = RuleDoc {
    id: "missing-primary-key",
    default_severity: "medium",
    text: "A table without a primary key. Rows cannot be addressed reliably: logical replication (Supabase Realtime) cannot send its UPDATEs and DELETEs, ORMs and PostgREST upserts need a key, and duplicates creep in.\n\nBad:\n  CREATE TABLE page_views (path text, viewed_at timestamptz);\nGood:\n  CREATE TABLE page_views (id bigint GENERATED ALWAYS AS IDENTITY PRIMARY KEY, path text, viewed_at timestamptz);",
};

pub(super) const DOC_MIXED_ID_TYPES: RuleDoc = RuleDoc {
    id: "mixed-id-types",
    default_severity: "info",
    text: "Surrogate primary keys of different types in one schema (uuid here, bigserial there). Foreign keys, ORM models and API clients then have to know which is which, and mistakes become type errors or silent mismatches.\n\nBad:\n  CREATE TABLE users (id uuid PRIMARY KEY DEFAULT gen_random_uuid());\n  CREATE TABLE events (id bigserial PRIMARY KEY);\nGood:\n  CREATE TABLE users (id uuid PRIMARY KEY DEFAULT gen_random_uuid());\n  CREATE TABLE events (id uuid PRIMARY KEY DEFAULT gen_random_uuid());",
};

pub(super) const DOC_MIXED_USER_REFERENCE: RuleDoc = RuleDoc {
    id: "mixed-user-reference",
    default_severity: "low",
    text: "Some tables reference Supabase's `auth.users`, others a `public.users` table: two notions of \"user\" whose ids may not agree, and joins between the two families silently match nothing.\n\nBad:\n  CREATE TABLE sessions (user_id uuid REFERENCES public.users(id));\n  CREATE TABLE privacy_prefs (user_id uuid REFERENCES auth.users(id));\nGood:\n  -- one user table; public.profiles keyed by auth.users.id if you need more columns\n  CREATE TABLE sessions (user_id uuid REFERENCES auth.users(id));\n  CREATE TABLE privacy_prefs (user_id uuid REFERENCES auth.users(id));",
};

/// Whether some index, primary key or unique constraint has exactly these columns first
/// (in any order among the first `cols.len()` keys). Partial indexes do not count.
fn covered(t: &Table, cols: &[String]) -> bool {
    let leads = |keys: Vec<&str>| -> bool {
        keys.len() >= cols.len()
            && cols
                .iter()
                .all(|c| keys[..cols.len()].contains(&c.as_str()))
    };
    t.indexes.iter().any(|i| {
        i.predicate.is_none()
            && leads(
                i.keys
                    .iter()
                    .map(|k| if k.is_expression { "" } else { k.expr.as_str() })
                    .collect(),
            )
    }) || t.constraints.iter().any(|c| match &c.kind {
        ConstraintKind::PrimaryKey { columns } | ConstraintKind::Unique { columns, .. } => {
            leads(columns.iter().map(String::as_str).collect())
        }
        _ => false,
    })
}

pub(super) fn unindexed_foreign_key(catalog: &Catalog, _ctx: &RuleContext) -> Vec<Finding> {
    let mut out = Vec::new();
    if !catalog.knowledge.indexes || !catalog.knowledge.foreign_keys {
        return out;
    }
    for t in user_tables(catalog) {
        // a partitioned parent's indexes are declared on it; foreign tables have none
        if t.kind == TableKind::Foreign {
            continue;
        }
        for c in &t.constraints {
            let ConstraintKind::ForeignKey {
                columns, ref_table, ..
            } = &c.kind
            else {
                continue;
            };
            if columns.is_empty() || covered(t, columns) {
                continue;
            }
            let q = t.qual_name();
            let cols: Vec<String> = columns.iter().map(|c| quote_ident(c)).collect();
            let idx_name =
                crate::catalog::quote_ident(&format!("{}_{}_idx", t.name, columns.join("_")));
            out.push(
                Finding::new(
                    "unindexed-foreign-key",
                    Severity::Low,
                    format!("{q}/{}", c.name),
                    format!(
                        "foreign key {} on {q} ({}) → {ref_table} has no index on its column{}",
                        c.name,
                        columns.join(", "),
                        if columns.len() == 1 { "" } else { "s" }
                    ),
                )
                .at_origin(c.origin.as_ref().or(t.origin.as_ref()))
                .impact("Deletes and updates on the referenced table scan this table; joins on the key are slow.")
                .fix(format!(
                    "CREATE INDEX {idx_name} ON {} ({});",
                    q.to_sql(),
                    cols.join(", ")
                )),
            );
        }
    }
    out
}

/// `character varying(50)` → `character varying`; used to say whether two types are of one
/// family (then only the modifier differs).
fn base_type(t: &str) -> &str {
    t.split('(').next().unwrap_or(t).trim()
}

/// Both integers, or both strings (`text`, `varchar(n)`, `char(n)`, `citext`).
fn same_family(a: &str, b: &str) -> bool {
    let family = |t: &str| match base_type(t) {
        "smallint" | "integer" | "bigint" => Some(1),
        "text" | "character varying" | "character" | "citext" => Some(2),
        _ => None,
    };
    family(a).is_some() && family(a) == family(b)
}

/// Whether values of `b` may not fit in `a` (integer ← bigint, varchar(50) ← text).
fn narrower_than(a: &str, b: &str) -> bool {
    let rank = |t: &str| match t {
        "smallint" => Some(1),
        "integer" => Some(2),
        "bigint" => Some(3),
        "numeric" => Some(4),
        _ => None,
    };
    if let (Some(x), Some(y)) = (rank(base_type(a)), rank(base_type(b))) {
        return x < y;
    }
    let len = |t: &str| -> Option<u32> {
        let inner = t.split_once('(')?.1.trim_end_matches(')');
        inner.split(',').next()?.trim().parse().ok()
    };
    let stringy = |t: &str| {
        matches!(
            base_type(t),
            "text" | "character varying" | "character" | "citext"
        )
    };
    if stringy(a) && stringy(b) {
        return match (len(a), len(b)) {
            (Some(x), Some(y)) => x < y,
            (Some(_), None) => true,
            _ => false,
        };
    }
    false
}

pub(super) fn foreign_key_type_mismatch(catalog: &Catalog, _ctx: &RuleContext) -> Vec<Finding> {
    let mut out = Vec::new();
    if !catalog.knowledge.foreign_keys || !catalog.knowledge.exact_types {
        return out;
    }
    for t in user_tables(catalog) {
        for c in &t.constraints {
            let ConstraintKind::ForeignKey {
                columns,
                ref_table,
                ref_columns,
                ..
            } = &c.kind
            else {
                continue;
            };
            let Some(target) = catalog.table(ref_table) else {
                continue;
            };
            for (a, b) in columns.iter().zip(ref_columns.iter()) {
                let (Some(ca), Some(cb)) = (t.column(a), target.column(b)) else {
                    continue;
                };
                if ca.data_type == cb.data_type {
                    continue;
                }
                let narrower = narrower_than(&ca.data_type, &cb.data_type);
                // a wider integer or string referencing a narrower one holds every key and
                // compares with it through the same operators and indexes: nothing to fix
                if !narrower && same_family(&ca.data_type, &cb.data_type) {
                    continue;
                }
                let q = t.qual_name();
                let detail = match (
                    base_type(&ca.data_type) == base_type(&cb.data_type),
                    narrower,
                ) {
                    (_, true) => {
                        "PostgreSQL accepts it, but not every key fits in the referencing column"
                    }
                    (true, false) => "only the type modifier differs",
                    (false, false) => "PostgreSQL accepts it with an implicit cast",
                };
                out.push(
                    Finding::new(
                        "foreign-key-type-mismatch",
                        Severity::Medium,
                        col_name(t, a),
                        format!(
                            "{} is {} but references {}.{b}, which is {} ({detail}); joins and lookups compare across types",
                            col_name(t, a),
                            ca.data_type,
                            ref_table,
                            cb.data_type
                        ),
                    )
                    .expected("referenced column", cb.data_type.clone())
                    .actual("referencing column", ca.data_type.clone())
                    .at_origin(ca.origin.as_ref().or(c.origin.as_ref()).or(t.origin.as_ref()))
                    .impact("Keys outside the narrower type cannot be referenced; comparisons need casts and may skip indexes.")
                    .fix(format!(
                        "ALTER TABLE {} ALTER COLUMN {} TYPE {};",
                        q.to_sql(),
                        quote_ident(a),
                        crate::catalog::dump::sql_type(&cb.data_type)
                    )),
                );
            }
        }
    }
    out
}

pub(super) fn missing_primary_key(catalog: &Catalog, ctx: &RuleContext) -> Vec<Finding> {
    let mut out = Vec::new();
    if !catalog.knowledge.unique_constraints {
        return out;
    }
    for t in user_tables(catalog) {
        if t.primary_key().is_some()
            || t.partition_of.is_some()
            || !t.inherits.is_empty()
            || t.kind == TableKind::Foreign
        {
            continue;
        }
        let q = t.qual_name();
        let has_unique_not_null = t.constraints.iter().any(|c| match &c.kind {
            ConstraintKind::Unique { columns, .. } => columns
                .iter()
                .all(|col| t.column(col).is_some_and(|x| x.not_null)),
            _ => false,
        }) || t.indexes.iter().any(|i| {
            i.unique
                && i.predicate.is_none()
                && i.keys
                    .iter()
                    .all(|k| !k.is_expression && t.column(&k.expr).is_some_and(|x| x.not_null))
        });
        // a NOT NULL unique key already addresses each row; Supabase's own linter (splinter)
        // grades a missing primary key as info
        let severity = if has_unique_not_null || ctx.supabase {
            Severity::Low
        } else {
            Severity::Medium
        };
        let mut f = Finding::new(
            "missing-primary-key",
            severity,
            q.to_string(),
            format!("{q} has no primary key"),
        )
        .at_origin(t.origin.as_ref())
        .impact("Replication (Realtime) cannot send its updates and deletes; ORMs and upserts cannot address a row.")
        .fix(if t.column("id").is_some() {
            format!("ALTER TABLE {} ADD PRIMARY KEY (id);", q.to_sql())
        } else {
            format!(
                "ALTER TABLE {} ADD COLUMN id bigint GENERATED ALWAYS AS IDENTITY PRIMARY KEY;",
                q.to_sql()
            )
        });
        if has_unique_not_null {
            f = f.evidence(
                "it has a unique key on NOT NULL columns, which could become the primary key",
            );
        }
        out.push(f);
    }
    out
}

/// The type family of a surrogate key, or None for natural keys (a date, a text code …).
fn surrogate_key(catalog: &Catalog, t: &Table) -> Option<(String, String)> {
    let pk = t.primary_key()?;
    let [col] = pk.columns() else {
        return None;
    };
    let c = t.column(col)?;
    let generated = c.identity.is_some()
        || c.default.as_ref().is_some_and(|d| {
            let n = d.normalized.to_ascii_lowercase();
            n.contains("nextval") || n.contains("uuid") || n.contains("gen_random")
        });
    let named_id = col == "id" || *col == format!("{}_id", t.name);
    if !(generated || named_id) {
        return None;
    }
    // a key that is also a foreign key (profiles.id → auth.users.id) follows its target
    let is_fk = t.constraints.iter().any(|k| {
        matches!(&k.kind, ConstraintKind::ForeignKey { columns, .. } if columns == pk.columns())
    });
    if is_fk {
        return None;
    }
    let ty = c.data_type.clone();
    let serial = c
        .default
        .as_ref()
        .is_some_and(|d| d.normalized.contains("nextval"))
        && catalog.knowledge.sequences;
    let shown = match (ty.as_str(), serial) {
        ("bigint", true) => "bigserial".to_string(),
        ("integer", true) => "serial".to_string(),
        _ => ty.clone(),
    };
    Some((ty, shown))
}

pub(super) fn mixed_id_types(catalog: &Catalog, _ctx: &RuleContext) -> Vec<Finding> {
    let mut out = Vec::new();
    // per schema: type → tables
    let mut by_schema: BTreeMap<&str, BTreeMap<String, Vec<&Table>>> = BTreeMap::new();
    for t in user_tables(catalog) {
        if t.partition_of.is_some() {
            continue;
        }
        if let Some((ty, _)) = surrogate_key(catalog, t) {
            by_schema
                .entry(t.schema.as_str())
                .or_default()
                .entry(ty)
                .or_default()
                .push(t);
        }
    }
    for (schema, types) in by_schema {
        if types.len() < 2 {
            continue;
        }
        let mut parts = Vec::new();
        let mut evidence = Vec::new();
        for (ty, tables) in &types {
            let shown = surrogate_key(catalog, tables[0])
                .map(|(_, s)| s)
                .unwrap_or(ty.clone());
            parts.push(format!("{} {shown}", tables.len()));
            let names: Vec<String> = tables.iter().map(|t| t.name.clone()).collect();
            evidence.push(format!("{ty}: {}", names.join(", ")));
        }
        let first = types.values().next().and_then(|v| v.first());
        let mut f = Finding::new(
            "mixed-id-types",
            Severity::Info,
            schema.to_string(),
            format!(
                "primary keys in schema {schema} mix types: {}",
                and_list(&parts)
            ),
        )
        .at_origin(first.and_then(|t| t.origin.as_ref()))
        .impact("Foreign keys and clients must know which kind of id each table uses; mix-ups become type errors.");
        for e in evidence {
            f = f.evidence(e);
        }
        out.push(f);
    }
    out
}

pub(super) fn mixed_user_reference(catalog: &Catalog, _ctx: &RuleContext) -> Vec<Finding> {
    let mut out = Vec::new();
    if !catalog.knowledge.foreign_keys {
        return out;
    }
    let auth_users = QualName::new("auth", "users");
    let mut to_auth = Vec::new();
    let mut to_public: BTreeMap<QualName, Vec<String>> = BTreeMap::new();
    let mut first_public = None;
    for t in user_tables(catalog) {
        for c in &t.constraints {
            let ConstraintKind::ForeignKey {
                columns, ref_table, ..
            } = &c.kind
            else {
                continue;
            };
            let what = format!("{}.{}", t.name, columns.join(", "));
            if *ref_table == auth_users {
                to_auth.push(what);
            } else if ref_table.schema != "auth"
                && matches!(ref_table.name.as_str(), "users" | "user" | "app_users")
            {
                if first_public.is_none() {
                    first_public = c.origin.clone().or(t.origin.clone());
                }
                to_public.entry(ref_table.clone()).or_default().push(what);
            }
        }
    }
    if to_auth.is_empty() || to_public.is_empty() {
        return out;
    }
    for (table, cols) in to_public {
        out.push(
            Finding::new(
                "mixed-user-reference",
                Severity::Low,
                table.to_string(),
                format!(
                    "users are referenced two ways: {} column{} reference auth.users ({}) and {} reference {table} ({})",
                    to_auth.len(),
                    if to_auth.len() == 1 { "" } else { "s" },
                    to_auth.join("; "),
                    cols.len(),
                    cols.join("; ")
                ),
            )
            .at_origin(first_public.as_ref())
            .impact("Two notions of \"user\": ids may not agree and joins across the two families match nothing.")
            .fix(format!(
                "-- pick one user table; e.g. key {table} by auth.users.id and reference auth.users everywhere:\n-- ALTER TABLE {} ADD CONSTRAINT users_id_fkey FOREIGN KEY (id) REFERENCES auth.users(id);",
                table.to_sql()
            )),
        );
    }
    out
}
