//! Privileges: `security-definer-search-path`, `security-definer-view`.

use super::RuleContext;
use super::util::{is_platform, is_user_schema};
use crate::catalog::{Catalog, QualName};
use crate::findings::{Finding, RuleDoc, Severity};
use std::collections::BTreeSet;

pub(super) const DOC_DEFINER_SEARCH_PATH: RuleDoc = RuleDoc {
    id: "security-definer-search-path",
    default_severity: "medium",
    text: "A SECURITY DEFINER function without `SET search_path`: it runs with its owner's rights but resolves unqualified names through the caller's search_path, so a caller who can create objects in a schema on that path can make it run their own function or table instead of yours.\n\nBad:\n  CREATE FUNCTION is_org_member(org uuid) RETURNS boolean LANGUAGE sql SECURITY DEFINER\n    AS $$ SELECT EXISTS (SELECT 1 FROM org_members WHERE org_id = org AND user_id = auth.uid()) $$;\nGood:\n  CREATE FUNCTION is_org_member(org uuid) RETURNS boolean LANGUAGE sql SECURITY DEFINER\n    SET search_path = ''\n    AS $$ SELECT EXISTS (SELECT 1 FROM public.org_members WHERE org_id = org AND user_id = auth.uid()) $$;",
};

pub(super) const DOC_DEFINER_VIEW: RuleDoc = RuleDoc {
    id: "security-definer-view",
    default_severity: "high",
    text: "A view in an API-exposed schema without `security_invoker = true` that reads tables protected by row level security. A view runs with its owner's rights (the owner usually bypasses RLS), so everyone who can select from the view sees every row of those tables. (Supabase projects; PostgreSQL 15+ supports security_invoker.)\n\nBad:\n  CREATE VIEW public.project_feed AS SELECT p.title, u.username FROM projects p JOIN user_profiles u ON u.id = p.user_id;\nGood:\n  CREATE VIEW public.project_feed WITH (security_invoker = true) AS\n    SELECT p.title, u.username FROM projects p JOIN user_profiles u ON u.id = p.user_id;",
};

pub(super) fn definer_search_path(catalog: &Catalog, _ctx: &RuleContext) -> Vec<Finding> {
    let mut out = Vec::new();
    for f in catalog.functions() {
        if !f.security_definer
            || f.search_path().is_some()
            || !is_user_schema(catalog, &f.schema)
            || is_platform(f.origin.as_ref())
        {
            continue;
        }
        let name = f.display_name();
        // a plpgsql body whose relations and functions are all schema-qualified (built-ins
        // aside) leaves a caller only operators and built-ins to shadow, by putting a schema
        // of theirs before pg_catalog: low (Supabase's linter still lists it)
        let all_qualified = f.language == "plpgsql" && {
            let (refs, _) = crate::replay::resolve::plpgsql_references(&f.body);
            refs.tables.iter().all(|t| !t.schema.is_empty())
                && refs.functions.iter().all(|c| {
                    !c.schema.is_empty()
                        || crate::catalog::extension_objects::is_builtin_function(&c.name)
                })
        };
        let (severity, what) = if all_qualified {
            (
                Severity::Low,
                "every relation and function its body names is schema-qualified, but operators and built-ins still resolve through the caller's search_path",
            )
        } else {
            (
                Severity::Medium,
                "it runs with its owner's rights but resolves unqualified names through the caller's search_path",
            )
        };
        out.push(
            Finding::new(
                "security-definer-search-path",
                severity,
                name.clone(),
                format!("SECURITY DEFINER function {name} does not set search_path: {what}"),
            )
            .at_origin(f.origin.as_ref())
            .impact("A caller who can create objects on the search path can hijack the function and run code with the owner's rights.")
            .fix(format!(
                "ALTER FUNCTION {}.{}({}) SET search_path = '';\n-- and qualify the names in its body (public.t, auth.uid())",
                crate::catalog::quote_ident(&f.schema),
                crate::catalog::quote_ident(&f.name),
                f.identity_args().join(", ")
            )),
        );
    }
    out
}

/// RLS-protected tables a view reads, directly or through other views.
fn protected_tables(catalog: &Catalog, view: &QualName) -> BTreeSet<QualName> {
    let mut out = BTreeSet::new();
    let mut seen = BTreeSet::new();
    let mut stack = vec![view.clone()];
    while let Some(v) = stack.pop() {
        if !seen.insert(v.clone()) {
            continue;
        }
        let Some(view) = catalog.view(&v) else {
            continue;
        };
        for r in &view.references.tables {
            if let Some(t) = catalog.table(r) {
                if t.rls_enabled {
                    out.insert(r.clone());
                }
            } else if catalog.view(r).is_some() {
                stack.push(r.clone());
            }
        }
    }
    out
}

pub(super) fn definer_view(catalog: &Catalog, ctx: &RuleContext) -> Vec<Finding> {
    let mut out = Vec::new();
    if !catalog.knowledge.views || !catalog.knowledge.rls {
        return out;
    }
    for v in catalog.views() {
        if v.security_invoker
            || v.materialized
            || !ctx.is_exposed(&v.schema)
            || is_platform(v.origin.as_ref())
        {
            continue;
        }
        let q = v.qual_name();
        let tables = protected_tables(catalog, &q);
        if tables.is_empty() {
            continue;
        }
        let names: Vec<String> = tables.iter().map(|t| t.to_string()).collect();
        out.push(
            Finding::new(
                "security-definer-view",
                Severity::High,
                q.to_string(),
                format!(
                    "view {q} runs with its owner's rights (no security_invoker = true) and reads {}, which row level security protects: whoever can select from the view bypasses their policies",
                    super::util::and_list(&names)
                ),
            )
            .at_origin(v.origin.as_ref())
            .impact("Rows that the policies hide are readable through the API via the view.")
            .fix(format!("ALTER VIEW {} SET (security_invoker = true);", q.to_sql())),
        );
    }
    out
}
