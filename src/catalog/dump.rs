//! `dump`: the catalog as canonical SQL — one script that rebuilds it, in a deterministic
//! order with dependencies first. Two sources that describe the same schema dump to the
//! same text, which makes `dump` the simplest visible form of the equality test.

use super::{
    Catalog, ConstraintKind, Function, Identity, Index, Table, TableKind, TypeKind, View,
    quote_ident, quote_literal,
};
use std::collections::BTreeSet;
use std::fmt::Write;

/// A type name as SQL that reads back as that type and nothing else.
///
/// The catalog spells types the way `format_type` does when they come from the database
/// (`public."Role"`, quoted where needed) and as `schema.name` with the name verbatim when
/// they come from a replay (`public.Role`, `public.a"; DROP TABLE x; --`). Text that already
/// tokenizes as one type name is printed as is; anything else is a qualified user name whose
/// parts are quoted, so no name can end the statement or change its meaning.
pub fn sql_type(t: &str) -> String {
    // generated types say only what TypeScript type the generator wrote: no SQL type is
    // invented for them
    if let Some(ts) = super::types::ts_type(t) {
        return format!("/* TypeScript: {} */", ts.replace("*/", "* /"));
    }
    let mut core = t;
    let mut dims = 0;
    while let Some(c) = core.strip_suffix("[]") {
        core = c;
        dims += 1;
    }
    let suffix = "[]".repeat(dims);
    if !core.contains('.') && !core.contains('"') {
        // a built-in type as format_type spells it (`timestamp(3) with time zone`,
        // `character varying(255)`), or an unqualified lower-case name
        let builtin = core
            .chars()
            .all(|c| c.is_ascii_lowercase() || c.is_ascii_digit() || " _(),".contains(c));
        return if builtin && !core.is_empty() {
            t.to_string()
        } else {
            format!("{}{suffix}", quote_ident(core))
        };
    }
    if is_qualified_type(core) {
        return t.to_string();
    }
    // `schema.name` with the name verbatim, and type modifiers `(…)` of digits if any
    let (name, mods) = match core.rfind('(') {
        Some(i)
            if core.ends_with(')')
                && core[i + 1..core.len() - 1]
                    .chars()
                    .all(|c| c.is_ascii_digit() || c == ',' || c == ' ') =>
        {
            (&core[..i], &core[i..])
        }
        _ => (core, ""),
    };
    let quoted = match name.split_once('.') {
        Some((schema, n)) => format!("{}.{}", quote_ident(schema), quote_ident(n)),
        None => quote_ident(name),
    };
    format!("{quoted}{mods}{suffix}")
}

/// `part.part` where each part is a plain lower-case identifier or a well-formed quoted one,
/// then optional modifiers `(…)` of letters, digits, commas and spaces (`geometry(Point,4326)`).
fn is_qualified_type(t: &str) -> bool {
    let b = t.as_bytes();
    let mut i = 0;
    let mut parts = 0;
    loop {
        if b.get(i) == Some(&b'"') {
            i += 1;
            loop {
                match b.get(i) {
                    None => return false,
                    Some(b'"') if b.get(i + 1) == Some(&b'"') => i += 2,
                    Some(b'"') => {
                        i += 1;
                        break;
                    }
                    Some(_) => i += 1,
                }
            }
            if i == 2 {
                return false;
            }
        } else {
            let start = i;
            while b.get(i).is_some_and(|c| {
                c.is_ascii_lowercase() || c.is_ascii_digit() || *c == b'_' || *c == b'$'
            }) {
                i += 1;
            }
            if i == start || b[start].is_ascii_digit() {
                return false;
            }
        }
        parts += 1;
        match b.get(i) {
            Some(b'.') => i += 1,
            Some(b'(') => {
                let rest = &t[i + 1..];
                return parts >= 2
                    && rest.ends_with(')')
                    && rest[..rest.len() - 1]
                        .chars()
                        .all(|c| c.is_ascii_alphanumeric() || c == ',' || c == ' ' || c == '_');
            }
            None => return parts >= 2,
            Some(_) => return false,
        }
    }
}

/// A function's result type: `SETOF t`, `TABLE(…)` (printed by PostgreSQL itself) or a type.
fn sql_returns(r: &str) -> String {
    if let Some(t) = r.strip_prefix("SETOF ") {
        format!("SETOF {}", sql_type(t))
    } else if r.starts_with("TABLE(") {
        r.to_string()
    } else {
        sql_type(r)
    }
}

/// Text inside a `--` comment: on one line.
fn one_line(s: &str) -> String {
    s.replace(['\n', '\r'], " ")
}

/// Schemas a Supabase project must not create objects in.
pub fn is_reserved_schema(s: &str) -> bool {
    matches!(
        s,
        "auth"
            | "storage"
            | "realtime"
            | "graphql"
            | "graphql_public"
            | "vault"
            | "pgsodium"
            | "pgsodium_masks"
            | "supabase_functions"
            | "supabase_migrations"
            | "pgbouncer"
            | "_realtime"
            | "_analytics"
    ) || s.starts_with("supabase_")
}

/// Schemas that belong to the platform and are never dumped: the reserved ones, plus the
/// ones extensions and the catalog live in.
/// The publication a Supabase project has from the start (Realtime's).
pub fn is_platform_publication(name: &str) -> bool {
    name == "supabase_realtime"
}

pub fn is_platform_schema(s: &str) -> bool {
    is_reserved_schema(s)
        || matches!(
            s,
            "pg_catalog" | "information_schema" | "extensions" | "net" | "cron" | "pgtle"
        )
        || s.starts_with("pg_toast")
        || s.starts_with("pg_temp")
}

fn q(schema: &str, name: &str) -> String {
    format!("{}.{}", quote_ident(schema), quote_ident(name))
}

fn cols(c: &[String]) -> String {
    c.iter()
        .map(|x| quote_ident(x))
        .collect::<Vec<_>>()
        .join(", ")
}

pub fn index_sql(schema: &str, table: &str, i: &Index) -> String {
    let keys: Vec<String> = i
        .keys
        .iter()
        .map(|k| {
            let mut s = if k.is_expression {
                format!("({})", k.expr)
            } else {
                quote_ident(&k.expr)
            };
            if let Some(c) = &k.collation {
                let _ = write!(s, " COLLATE {}", quote_ident(c));
            }
            if let Some(o) = &k.opclass {
                let _ = write!(s, " {o}");
            }
            if k.descending {
                s.push_str(" DESC");
            }
            match k.nulls_first {
                Some(true) => s.push_str(" NULLS FIRST"),
                Some(false) => s.push_str(" NULLS LAST"),
                None => {}
            }
            s
        })
        .collect();
    let mut s = format!(
        "CREATE {}INDEX {} ON {} USING {} ({})",
        if i.unique { "UNIQUE " } else { "" },
        quote_ident(&i.name),
        q(schema, table),
        i.method,
        keys.join(", ")
    );
    if !i.include.is_empty() {
        let _ = write!(s, " INCLUDE ({})", cols(&i.include));
    }
    if i.nulls_not_distinct {
        s.push_str(" NULLS NOT DISTINCT");
    }
    if let Some(p) = &i.predicate {
        let _ = write!(s, " WHERE {}", p.normalized);
    }
    s.push(';');
    s
}

/// A constraint as it follows `CONSTRAINT name` (`PRIMARY KEY (id)`, `CHECK (…)` …).
pub fn constraint_body(c: &super::Constraint) -> String {
    let mut s = match &c.kind {
        ConstraintKind::PrimaryKey { columns } => format!("PRIMARY KEY ({})", cols(columns)),
        ConstraintKind::Unique {
            columns,
            nulls_not_distinct,
        } => format!(
            "UNIQUE{} ({})",
            if *nulls_not_distinct {
                " NULLS NOT DISTINCT"
            } else {
                ""
            },
            cols(columns)
        ),
        ConstraintKind::Check { expr, no_inherit } => format!(
            "CHECK ({}){}",
            expr.normalized,
            if *no_inherit { " NO INHERIT" } else { "" }
        ),
        ConstraintKind::ForeignKey {
            columns,
            ref_table,
            ref_columns,
            on_delete,
            on_update,
            match_full,
        } => {
            let mut s = format!(
                "FOREIGN KEY ({}) REFERENCES {} ({})",
                cols(columns),
                // a target whose schema the source does not say (OpenAPI) stays unqualified
                if ref_table.schema.is_empty() {
                    quote_ident(&ref_table.name)
                } else {
                    q(&ref_table.schema, &ref_table.name)
                },
                cols(ref_columns)
            );
            if *match_full {
                s.push_str(" MATCH FULL");
            }
            if *on_update != super::FkAction::NoAction {
                let _ = write!(s, " ON UPDATE {}", on_update.sql());
            }
            if *on_delete != super::FkAction::NoAction {
                let _ = write!(s, " ON DELETE {}", on_delete.sql());
            }
            s
        }
        ConstraintKind::Exclusion { definition } => definition.clone(),
    };
    if c.deferrable {
        s.push_str(" DEFERRABLE");
        if c.initially_deferred {
            s.push_str(" INITIALLY DEFERRED");
        }
    }
    if c.not_valid {
        s.push_str(" NOT VALID");
    }
    s
}

/// `CREATE TABLE …;` of one table (foreign keys apart).
pub fn create_table_sql(t: &Table) -> String {
    let mut out = String::new();
    table_sql(t, &mut out);
    out
}

fn table_sql(t: &Table, out: &mut String) {
    let name = q(&t.schema, &t.name);
    if let Some((parent, bound)) = &t.partition_of {
        let _ = writeln!(
            out,
            "CREATE TABLE {name} PARTITION OF {} {};",
            q(&parent.schema, &parent.name),
            bound
        );
        return;
    }
    let mut lines = Vec::new();
    for c in &t.columns {
        let mut l = format!("    {} {}", quote_ident(&c.name), sql_type(&c.data_type));
        if let Some(coll) = &c.collation {
            let _ = write!(l, " COLLATE {}", quote_ident(coll));
        }
        if let Some(g) = &c.generated {
            let _ = write!(l, " GENERATED ALWAYS AS ({}) STORED", g.normalized);
        }
        if let Some(d) = &c.default {
            if d.normalized.is_empty() {
                // a source that knows a default exists, not what it is (generated types)
                l.push_str(" DEFAULT /* unknown */");
            } else {
                let _ = write!(l, " DEFAULT {}", d.normalized);
            }
        }
        if c.not_null {
            l.push_str(" NOT NULL");
        }
        match c.identity {
            Some(Identity::Always) => l.push_str(" GENERATED ALWAYS AS IDENTITY"),
            Some(Identity::ByDefault) => l.push_str(" GENERATED BY DEFAULT AS IDENTITY"),
            None => {}
        }
        lines.push(l);
    }
    let mut cons: Vec<&super::Constraint> = t
        .constraints
        .iter()
        .filter(|c| !matches!(c.kind, ConstraintKind::ForeignKey { .. }))
        .collect();
    cons.sort_by(|a, b| a.name.cmp(&b.name));
    for c in cons {
        lines.push(format!(
            "    CONSTRAINT {} {}",
            quote_ident(&c.name),
            constraint_body(c)
        ));
    }
    let _ = write!(
        out,
        "CREATE {}TABLE {name} (\n{}\n)",
        if t.unlogged { "UNLOGGED " } else { "" },
        lines.join(",\n")
    );
    if !t.inherits.is_empty() {
        let _ = write!(
            out,
            " INHERITS ({})",
            t.inherits
                .iter()
                .map(|p| q(&p.schema, &p.name))
                .collect::<Vec<_>>()
                .join(", ")
        );
    }
    if t.kind == TableKind::Partitioned
        && let Some(pb) = &t.partition_by
    {
        let _ = write!(out, " PARTITION BY {pb}");
    }
    out.push_str(";\n");
}

/// `CREATE OR REPLACE FUNCTION …;` of one function.
pub fn function_sql(f: &Function) -> String {
    let args: Vec<String> = f
        .args
        .iter()
        .map(|a| {
            let mode = match a.mode {
                super::ArgMode::In => "",
                super::ArgMode::Out => "OUT ",
                super::ArgMode::InOut => "INOUT ",
                super::ArgMode::Variadic => "VARIADIC ",
                super::ArgMode::Table => "",
            };
            let mut s = format!(
                "{mode}{}{}",
                a.name
                    .as_ref()
                    .map(|n| format!("{} ", quote_ident(n)))
                    .unwrap_or_default(),
                sql_type(&a.data_type)
            );
            if let Some(d) = &a.default {
                let _ = write!(s, " DEFAULT {}", unknown_if_empty(&d.normalized));
            }
            s
        })
        .filter(|_| true)
        .collect();
    let kind = if f.is_procedure {
        "PROCEDURE"
    } else {
        "FUNCTION"
    };
    let mut s = format!(
        "CREATE {kind} {}({})",
        q(&f.schema, &f.name),
        args.join(", ")
    );
    if !f.is_procedure {
        let _ = write!(s, " RETURNS {}", sql_returns(&f.returns));
    }
    if f.language.is_empty() {
        // a source that lists functions without their definition (generated types)
        s.push_str(" LANGUAGE /* unknown */");
    } else {
        let _ = write!(s, " LANGUAGE {}", quote_ident(&f.language));
    }
    if !f.is_procedure {
        s.push_str(match f.volatility {
            super::Volatility::Immutable => " IMMUTABLE",
            super::Volatility::Stable => " STABLE",
            super::Volatility::Volatile => " VOLATILE",
        });
        if f.strict {
            s.push_str(" STRICT");
        }
        if f.leakproof {
            s.push_str(" LEAKPROOF");
        }
    }
    if f.security_definer {
        s.push_str(" SECURITY DEFINER");
    }
    for (k, v) in &f.config {
        let vals: Vec<String> = v
            .split(',')
            .map(|x| x.trim())
            .filter(|x| !x.is_empty())
            .map(|x| {
                if x.chars().all(|c| c.is_ascii_alphanumeric() || c == '_') {
                    x.to_string()
                } else {
                    quote_literal(x)
                }
            })
            .collect();
        let _ = write!(
            s,
            " SET {k} = {}",
            if vals.is_empty() {
                "''".to_string()
            } else {
                vals.join(", ")
            }
        );
    }
    let mut tag = "$function$".to_string();
    while f.body.contains(&tag) {
        tag = format!("$f{}$", tag.len());
    }
    let _ = write!(s, " AS {tag}{}{tag};", f.body);
    s
}

/// `CREATE VIEW …;` of one view.
pub fn view_sql(v: &View) -> String {
    let mut opts = Vec::new();
    if v.security_invoker {
        opts.push("security_invoker = true");
    }
    if v.security_barrier {
        opts.push("security_barrier = true");
    }
    let with = if opts.is_empty() {
        String::new()
    } else {
        format!(" WITH ({})", opts.join(", "))
    };
    format!(
        "CREATE {}VIEW {}{} AS {};",
        if v.materialized { "MATERIALIZED " } else { "" },
        q(&v.schema, &v.name),
        with,
        unknown_if_empty(&v.definition.normalized)
    )
}

/// An expression a source knows exists without knowing it (generated types, OpenAPI).
fn unknown_if_empty(sql: &str) -> &str {
    if sql.is_empty() { "/* unknown */" } else { sql }
}

/// Orders items so that each comes after the ones it depends on (stable otherwise).
fn topo<T, K: Ord + Clone>(
    items: Vec<T>,
    key: impl Fn(&T) -> K,
    deps: impl Fn(&T) -> Vec<K>,
) -> Vec<T> {
    let keys: BTreeSet<K> = items.iter().map(&key).collect();
    let mut done: BTreeSet<K> = BTreeSet::new();
    let mut rest = items;
    let mut out = Vec::new();
    while !rest.is_empty() {
        let before = rest.len();
        let mut next = Vec::new();
        for it in rest {
            let ready = deps(&it)
                .iter()
                .all(|d| !keys.contains(d) || done.contains(d) || *d == key(&it));
            if ready {
                done.insert(key(&it));
                out.push(it);
            } else {
                next.push(it);
            }
        }
        if next.len() == before {
            out.extend(next);
            break;
        }
        rest = next;
    }
    out
}

/// The catalog as one SQL script.
pub fn dump(catalog: &Catalog) -> String {
    let mut out = String::new();
    let schemas: Vec<&super::Schema> = catalog
        .schemas
        .values()
        .filter(|s| !is_platform_schema(&s.name))
        .collect();
    for s in &schemas {
        if s.name != "public" {
            let _ = writeln!(out, "CREATE SCHEMA {};", quote_ident(&s.name));
        }
    }
    // the platform's schema for extensions exists on Supabase, not on plain PostgreSQL:
    // created only where it is missing, whichever server the dump runs on (the schemas
    // extensions create themselves, cron or net, are left to them)
    let mut ext_schemas: Vec<&str> = catalog
        .extensions
        .values()
        .filter(|e| e.name != "plpgsql")
        .map(|e| e.schema.as_str())
        .filter(|s| *s == "extensions")
        .collect();
    ext_schemas.sort_unstable();
    ext_schemas.dedup();
    for s in ext_schemas {
        let _ = writeln!(out, "CREATE SCHEMA IF NOT EXISTS {};", quote_ident(s));
    }
    for e in catalog.extensions.values().filter(|e| e.name != "plpgsql") {
        let _ = writeln!(
            out,
            "CREATE EXTENSION IF NOT EXISTS {} WITH SCHEMA {};",
            quote_ident(&e.name),
            quote_ident(&e.schema)
        );
    }
    for s in &schemas {
        for t in s.types.values() {
            let name = q(&t.schema, &t.name);
            match &t.kind {
                TypeKind::Enum { labels } => {
                    let _ = writeln!(
                        out,
                        "CREATE TYPE {name} AS ENUM ({});",
                        labels
                            .iter()
                            .map(|l| quote_literal(l))
                            .collect::<Vec<_>>()
                            .join(", ")
                    );
                }
                TypeKind::Composite { attributes } => {
                    let _ = writeln!(
                        out,
                        "CREATE TYPE {name} AS ({});",
                        attributes
                            .iter()
                            .map(|(n, t)| format!("{} {}", quote_ident(n), sql_type(t)))
                            .collect::<Vec<_>>()
                            .join(", ")
                    );
                }
                TypeKind::Domain {
                    base,
                    not_null,
                    default,
                    checks,
                } => {
                    let mut l = format!("CREATE DOMAIN {name} AS {}", sql_type(base));
                    if let Some(d) = default {
                        let _ = write!(l, " DEFAULT {}", d.normalized);
                    }
                    if *not_null {
                        l.push_str(" NOT NULL");
                    }
                    for (cn, e) in checks {
                        let _ = write!(
                            l,
                            " CONSTRAINT {} CHECK ({})",
                            quote_ident(cn),
                            e.normalized
                        );
                    }
                    let _ = writeln!(out, "{l};");
                }
                TypeKind::Other { definition } => {
                    let _ = writeln!(out, "-- type {name}: {}", one_line(definition));
                }
            }
        }
    }
    for s in &schemas {
        for seq in s.sequences.values() {
            let _ = writeln!(
                out,
                "CREATE SEQUENCE {} AS {} INCREMENT BY {} MINVALUE {} MAXVALUE {} START WITH {} CACHE {}{};",
                q(&seq.schema, &seq.name),
                sql_type(&seq.data_type),
                seq.increment,
                seq.min_value,
                seq.max_value,
                seq.start,
                seq.cache,
                if seq.cycle { " CYCLE" } else { "" }
            );
        }
    }
    // tables: parents before partitions
    let tables: Vec<&Table> = schemas.iter().flat_map(|s| s.tables.values()).collect();
    let tables = topo(
        tables,
        |t| t.qual_name(),
        |t| {
            let mut d: Vec<_> = t.partition_of.iter().map(|(p, _)| p.clone()).collect();
            d.extend(t.inherits.iter().cloned());
            d
        },
    );
    for t in &tables {
        table_sql(t, &mut out);
    }
    for t in &tables {
        let mut fks: Vec<&super::Constraint> = t
            .constraints
            .iter()
            .filter(|c| matches!(c.kind, ConstraintKind::ForeignKey { .. }))
            .collect();
        fks.sort_by(|a, b| a.name.cmp(&b.name));
        for c in fks {
            if t.partition_of.as_ref().is_some_and(|(p, _)| {
                tables
                    .iter()
                    .any(|pt| pt.qual_name() == *p && pt.constraint(&c.name).is_some())
            }) {
                continue;
            }
            let _ = writeln!(
                out,
                "ALTER TABLE {} ADD CONSTRAINT {} {};",
                q(&t.schema, &t.name),
                quote_ident(&c.name),
                constraint_body(c)
            );
        }
    }
    for t in &tables {
        let mut idx: Vec<&Index> = t.indexes.iter().collect();
        idx.sort_by(|a, b| a.name.cmp(&b.name));
        for i in idx {
            let _ = writeln!(out, "{}", index_sql(&t.schema, &t.name, i));
        }
    }
    for s in &schemas {
        for seq in s.sequences.values() {
            if let Some((t, c)) = &seq.owned_by {
                let _ = writeln!(
                    out,
                    "ALTER SEQUENCE {} OWNED BY {}.{};",
                    q(&seq.schema, &seq.name),
                    q(&t.schema, &t.name),
                    quote_ident(c)
                );
            }
        }
    }
    let funcs: Vec<&Function> = schemas.iter().flat_map(|s| s.functions.values()).collect();
    let funcs = topo(
        funcs,
        |f| f.display_name(),
        |f| {
            f.references
                .functions
                .iter()
                .flat_map(|r| {
                    catalog
                        .functions_named(r)
                        .map(|g| g.display_name())
                        .collect::<Vec<_>>()
                })
                .collect()
        },
    );
    let views: Vec<&View> = schemas.iter().flat_map(|s| s.views.values()).collect();
    let views = topo(
        views,
        |v| v.qual_name(),
        |v| v.references.tables.iter().cloned().collect(),
    );
    // functions that read views come after them; others before
    let (late, early): (Vec<&Function>, Vec<&Function>) = funcs.into_iter().partition(|f| {
        f.references
            .tables
            .iter()
            .any(|t| catalog.view(t).is_some())
    });
    for f in &early {
        let _ = writeln!(out, "{}", function_sql(f));
    }
    for v in &views {
        let _ = writeln!(out, "{}", view_sql(v));
        let mut idx: Vec<&Index> = v.indexes.iter().collect();
        idx.sort_by(|a, b| a.name.cmp(&b.name));
        for i in idx {
            let _ = writeln!(out, "{}", index_sql(&v.schema, &v.name, i));
        }
    }
    for f in &late {
        let _ = writeln!(out, "{}", function_sql(f));
    }
    for t in &tables {
        let name = q(&t.schema, &t.name);
        let mut trs: Vec<&super::Trigger> = t.triggers.iter().collect();
        trs.sort_by(|a, b| a.name.cmp(&b.name));
        for tr in trs {
            let mut referencing = String::new();
            for (word, t) in [("OLD", &tr.old_table), ("NEW", &tr.new_table)] {
                if let Some(t) = t {
                    let _ = write!(referencing, " {word} TABLE AS {}", quote_ident(t));
                }
            }
            if !referencing.is_empty() {
                referencing.insert_str(0, " REFERENCING");
            }
            let mut l = format!(
                "CREATE TRIGGER {} {} {} ON {}{referencing} FOR EACH {}",
                quote_ident(&tr.name),
                tr.timing,
                tr.events.join(" OR "),
                name,
                if tr.for_each_row { "ROW" } else { "STATEMENT" }
            );
            if let Some(w) = &tr.when {
                let _ = write!(l, " WHEN ({})", w.normalized);
            }
            let _ = write!(
                l,
                " EXECUTE FUNCTION {}({});",
                q(&tr.function.schema, &tr.function.name),
                tr.arguments
                    .iter()
                    .map(|a| quote_literal(a))
                    .collect::<Vec<_>>()
                    .join(", ")
            );
            let _ = writeln!(out, "{l}");
            if !tr.enabled {
                let _ = writeln!(
                    out,
                    "ALTER TABLE {name} DISABLE TRIGGER {};",
                    quote_ident(&tr.name)
                );
            }
        }
        if t.rls_enabled {
            let _ = writeln!(out, "ALTER TABLE {name} ENABLE ROW LEVEL SECURITY;");
        }
        if t.rls_forced {
            let _ = writeln!(out, "ALTER TABLE {name} FORCE ROW LEVEL SECURITY;");
        }
        let mut pols: Vec<&super::Policy> = t.policies.iter().collect();
        pols.sort_by(|a, b| a.name.cmp(&b.name));
        for p in pols {
            let mut l = format!(
                "CREATE POLICY {} ON {name} AS {} FOR {} TO {}",
                quote_ident(&p.name),
                if p.permissive {
                    "PERMISSIVE"
                } else {
                    "RESTRICTIVE"
                },
                p.command.sql(),
                p.roles
                    .iter()
                    .map(|r| if r == "public" {
                        "PUBLIC".to_string()
                    } else {
                        quote_ident(r)
                    })
                    .collect::<Vec<_>>()
                    .join(", ")
            );
            if let Some(u) = &p.using {
                let _ = write!(l, " USING ({})", u.normalized);
            }
            if let Some(c) = &p.with_check {
                let _ = write!(l, " WITH CHECK ({})", c.normalized);
            }
            let _ = writeln!(out, "{l};");
        }
    }
    // comments
    for t in &tables {
        if let Some(c) = &t.comment {
            let _ = writeln!(
                out,
                "COMMENT ON TABLE {} IS {};",
                q(&t.schema, &t.name),
                quote_literal(c)
            );
        }
        for col in &t.columns {
            if let Some(c) = &col.comment {
                let _ = writeln!(
                    out,
                    "COMMENT ON COLUMN {}.{} IS {};",
                    q(&t.schema, &t.name),
                    quote_ident(&col.name),
                    quote_literal(c)
                );
            }
        }
    }
    for v in &views {
        if let Some(c) = &v.comment {
            let _ = writeln!(
                out,
                "COMMENT ON VIEW {} IS {};",
                q(&v.schema, &v.name),
                quote_literal(c)
            );
        }
    }
    for f in early.iter().chain(late.iter()) {
        if let Some(c) = &f.comment {
            let kind = if f.is_procedure {
                "PROCEDURE"
            } else {
                "FUNCTION"
            };
            let _ = writeln!(
                out,
                "COMMENT ON {kind} {}({}) IS {};",
                q(&f.schema, &f.name),
                f.identity_args().join(", "),
                quote_literal(c)
            );
        }
    }
    // grants
    for t in &tables {
        for g in &t.grants {
            let _ = writeln!(
                out,
                "GRANT {} ON TABLE {} TO {}{};",
                g.privilege,
                q(&t.schema, &t.name),
                grantee(&g.grantee),
                if g.with_grant_option {
                    " WITH GRANT OPTION"
                } else {
                    ""
                }
            );
        }
    }
    for v in &views {
        for g in &v.grants {
            let _ = writeln!(
                out,
                "GRANT {} ON TABLE {} TO {};",
                g.privilege,
                q(&v.schema, &v.name),
                grantee(&g.grantee)
            );
        }
    }
    for f in early.iter().chain(late.iter()) {
        for g in &f.grants {
            let kind = if f.is_procedure {
                "PROCEDURE"
            } else {
                "FUNCTION"
            };
            let _ = writeln!(
                out,
                "GRANT {} ON {kind} {}({}) TO {};",
                g.privilege,
                q(&f.schema, &f.name),
                f.identity_args().join(", "),
                grantee(&g.grantee)
            );
        }
    }
    for s in &schemas {
        for g in &s.grants {
            let _ = writeln!(
                out,
                "GRANT {} ON SCHEMA {} TO {};",
                g.privilege,
                quote_ident(&s.name),
                grantee(&g.grantee)
            );
        }
    }
    for p in catalog.publications.values() {
        let tables = p
            .tables
            .iter()
            .map(|t| q(&t.schema, &t.name))
            .collect::<Vec<_>>()
            .join(", ");
        if is_platform_publication(&p.name) {
            // the platform creates it: what a project adds to it is what the dump says
            if !p.tables.is_empty() {
                let _ = writeln!(
                    out,
                    "ALTER PUBLICATION {} ADD TABLE {tables};",
                    quote_ident(&p.name)
                );
            }
        } else if p.all_tables {
            let _ = writeln!(
                out,
                "CREATE PUBLICATION {} FOR ALL TABLES;",
                quote_ident(&p.name)
            );
        } else if p.tables.is_empty() {
            let _ = writeln!(out, "CREATE PUBLICATION {};", quote_ident(&p.name));
        } else {
            let _ = writeln!(
                out,
                "CREATE PUBLICATION {} FOR TABLE {tables};",
                quote_ident(&p.name)
            );
        }
    }
    out
}

fn grantee(g: &str) -> String {
    if g == "public" {
        "PUBLIC".into()
    } else {
        quote_ident(g)
    }
}

#[cfg(test)]
mod sql_type_tests {
    use super::sql_type;

    #[test]
    fn types_print_as_one_type_name() {
        for (t, want) in [
            ("integer", "integer"),
            ("timestamp(3) with time zone", "timestamp(3) with time zone"),
            ("character varying(255)[]", "character varying(255)[]"),
            ("public.mood", "public.mood"),
            ("public.\"Role\"", "public.\"Role\""),
            ("public.Role", "public.\"Role\""),
            ("public.Role[]", "public.\"Role\"[]"),
            ("public.My Type", "public.\"My Type\""),
            (
                "extensions.geometry(Point,4326)",
                "extensions.geometry(Point,4326)",
            ),
            (
                "public.a\"; DROP TABLE x; --",
                "public.\"a\"\"; DROP TABLE x; --\"",
            ),
            (
                "public.\"a\"\"; DROP TABLE x; --\"",
                "public.\"a\"\"; DROP TABLE x; --\"",
            ),
            ("public.x(1); DROP TABLE y", "public.\"x(1); DROP TABLE y\""),
            ("Foo", "\"Foo\""),
        ] {
            assert_eq!(sql_type(t), want, "{t}");
        }
    }
}
