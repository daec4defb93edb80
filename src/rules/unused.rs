//! `unused-object`: a table, view or function that nothing uses — no other object (foreign
//! keys, views, policies, triggers, function bodies, defaults), no ORM model and no code.
//! Only with a known set of code/ORM uses ([`super::RuleContext::used`]); without it, the
//! rule cannot tell and stays quiet.

use super::RuleContext;
use super::util::{is_platform, is_user_schema};
use crate::catalog::{Catalog, ConstraintKind, QualName};
use crate::findings::{Finding, RuleDoc, Severity};
use crate::replay::resolve::plpgsql_references;
use std::collections::HashSet;

pub(super) const DOC_UNUSED: RuleDoc = RuleDoc {
    id: "unused-object",
    default_severity: "info",
    text: "A table, view or function that no other object uses (no foreign key, view, policy, trigger, default or function body names it), that no ORM model maps and that the application code never queries or calls. Reported only when the code was scanned. Often a leftover of a feature that moved; sometimes the code calls it under another name.\n\nBad:\n  CREATE FUNCTION upsert_spend(_rows jsonb) RETURNS void LANGUAGE sql AS $$ … $$;   -- nothing calls it\nGood:\n  DROP FUNCTION upsert_spend(jsonb);   -- or call it: supabase.rpc('upsert_spend', { _rows })",
};

/// Everything the catalog's own objects use, by qualified name and by bare name (for
/// unqualified references whose schema is unknown).
struct Uses {
    tables: HashSet<QualName>,
    functions: HashSet<QualName>,
    bare_functions: HashSet<String>,
    bare_tables: HashSet<String>,
}

impl Uses {
    fn table(&self, q: &QualName) -> bool {
        self.tables.contains(q) || self.bare_tables.contains(&q.name)
    }
    fn function(&self, q: &QualName) -> bool {
        self.functions.contains(q) || self.bare_functions.contains(&q.name)
    }
}

fn add(refs: &crate::catalog::References, own: Option<&QualName>, u: &mut Uses) {
    for t in &refs.tables {
        if Some(t) == own {
            continue;
        }
        if t.schema.is_empty() {
            u.bare_tables.insert(t.name.clone());
        } else {
            u.tables.insert(t.clone());
        }
    }
    for f in &refs.functions {
        if f.schema.is_empty() {
            u.bare_functions.insert(f.name.clone());
        } else {
            u.functions.insert(f.clone());
        }
    }
}

fn collect(catalog: &Catalog) -> Uses {
    let mut u = Uses {
        tables: HashSet::new(),
        functions: HashSet::new(),
        bare_functions: HashSet::new(),
        bare_tables: HashSet::new(),
    };
    let call = regex::Regex::new(r#"(?i)([a-z_][a-z0-9_]*)\s*\("#).ok();
    let calls_in = |text: &str, u: &mut Uses| {
        if let Some(re) = &call {
            for c in re.captures_iter(text) {
                u.bare_functions.insert(c[1].to_ascii_lowercase());
            }
        }
    };
    for t in catalog.tables() {
        let q = t.qual_name();
        for p in &t.policies {
            add(&p.references, Some(&q), &mut u);
            for e in p.using.iter().chain(p.with_check.iter()) {
                calls_in(&e.sql, &mut u);
            }
        }
        for c in &t.constraints {
            match &c.kind {
                ConstraintKind::ForeignKey { ref_table, .. } if *ref_table != q => {
                    u.tables.insert(ref_table.clone());
                }
                ConstraintKind::Check { expr, .. } => calls_in(&expr.sql, &mut u),
                _ => {}
            }
        }
        for col in &t.columns {
            for e in col.default.iter().chain(col.generated.iter()) {
                calls_in(&e.sql, &mut u);
            }
        }
        for tr in &t.triggers {
            u.functions.insert(tr.function.clone());
        }
        for i in &t.indexes {
            for k in i.keys.iter().filter(|k| k.is_expression) {
                calls_in(&k.expr, &mut u);
            }
        }
        if let Some((parent, _)) = &t.partition_of {
            u.tables.insert(parent.clone());
        }
        for p in &t.inherits {
            u.tables.insert(p.clone());
        }
    }
    for v in catalog.views() {
        add(&v.references, Some(&v.qual_name()), &mut u);
        calls_in(&v.definition.sql, &mut u);
    }
    for f in catalog.functions() {
        let mut refs = if f.language == "plpgsql" {
            plpgsql_references(&f.body).0
        } else {
            f.references.clone()
        };
        // a function calling itself does not make it used
        refs.functions
            .retain(|g| g.name != f.name || !(g.schema.is_empty() || g.schema == f.schema));
        add(&refs, None, &mut u);
    }
    u
}

pub(super) fn unused_object(catalog: &Catalog, ctx: &RuleContext) -> Vec<Finding> {
    let mut out = Vec::new();
    let Some(used) = ctx.used else {
        return out;
    };
    // no code references at all: the scan found no code, which says nothing about use
    if used.is_empty() {
        return out;
    }
    let uses = collect(catalog);
    let hint = "no foreign key, view, policy, trigger or function uses it, no ORM model maps it, and the code never names it";
    for t in catalog.tables() {
        let q = t.qual_name();
        if !is_user_schema(catalog, &t.schema)
            || is_platform(t.origin.as_ref())
            || t.partition_of.is_some()
            || uses.table(&q)
            || used.uses_table(&q)
        {
            continue;
        }
        // a table that references others is part of the model; still unused if nothing reads it
        out.push(
            Finding::new(
                "unused-object",
                Severity::Info,
                q.to_string(),
                format!("table {q} looks unused: {hint}"),
            )
            .at_origin(t.origin.as_ref())
            .impact("Dead schema: it costs migrations, policies and attention.")
            .fix(format!(
                "-- if it is really unused:\n-- DROP TABLE {};",
                q.to_sql()
            )),
        );
    }
    for v in catalog.views() {
        let q = v.qual_name();
        if !is_user_schema(catalog, &v.schema)
            || is_platform(v.origin.as_ref())
            || uses.table(&q)
            || used.uses_table(&q)
        {
            continue;
        }
        out.push(
            Finding::new(
                "unused-object",
                Severity::Info,
                q.to_string(),
                format!("view {q} looks unused: {hint}"),
            )
            .at_origin(v.origin.as_ref())
            .fix(format!(
                "-- if it is really unused:\n-- DROP VIEW {};",
                q.to_sql()
            )),
        );
    }
    for f in catalog.functions() {
        let q = QualName::new(&f.schema, &f.name);
        if !is_user_schema(catalog, &f.schema)
            || is_platform(f.origin.as_ref())
            || uses.function(&q)
            || used.uses_function(&q)
        {
            continue;
        }
        let name = f.display_name();
        out.push(
            Finding::new(
                "unused-object",
                Severity::Info,
                name.clone(),
                format!("function {name} looks unused: {hint}"),
            )
            .at_origin(f.origin.as_ref())
            .fix(format!(
                "-- if it is really unused:\n-- DROP FUNCTION {}({});",
                q.to_sql(),
                f.identity_args().join(", ")
            )),
        );
    }
    out
}
