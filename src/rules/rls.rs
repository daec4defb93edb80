//! Row level security: `rls-disabled`, `rls-enabled-no-policy`, `policy-always-true`.

use super::RuleContext;
use super::util::user_tables;
use crate::catalog::{Catalog, Policy, PolicyCommand, TableKind};
use crate::findings::{Finding, RuleDoc, Severity};

pub(super) const DOC_RLS_DISABLED: RuleDoc = RuleDoc {
    id: "rls-disabled",
    default_severity: "high",
    text: "A table that the API exposes (a schema PostgREST serves, `public` on Supabase) has row level security disabled: anyone with the anon key can read and change every row. Also reported on any project: a table that has policies while RLS is off (the policies are not enforced).\n\nBad:\n  CREATE TABLE public.spend (id bigserial PRIMARY KEY, amount numeric);\nGood:\n  CREATE TABLE public.spend (id bigserial PRIMARY KEY, amount numeric);\n  ALTER TABLE public.spend ENABLE ROW LEVEL SECURITY;\n  CREATE POLICY \"Team reads spend\" ON public.spend FOR SELECT TO authenticated USING (true);",
};

pub(super) const DOC_RLS_ENABLED_NO_POLICY: RuleDoc = RuleDoc {
    id: "rls-enabled-no-policy",
    default_severity: "low",
    text: "Row level security is enabled on an exposed table but no policy exists: every API request sees no rows and every write fails. Fine for a table only the service role touches; otherwise a feature is broken. (Supabase projects.)\n\nBad:\n  CREATE TABLE public.metrics_log (id bigserial PRIMARY KEY, value float8);\n  ALTER TABLE public.metrics_log ENABLE ROW LEVEL SECURITY;\nGood:\n  ALTER TABLE public.metrics_log ENABLE ROW LEVEL SECURITY;\n  CREATE POLICY \"Members read metrics\" ON public.metrics_log FOR SELECT TO authenticated USING (true);",
};

pub(super) const DOC_POLICY_ALWAYS_TRUE: RuleDoc = RuleDoc {
    id: "policy-always-true",
    default_severity: "high",
    text: "A permissive policy for INSERT, UPDATE, DELETE or ALL whose USING or WITH CHECK is the constant `true`, for `anon`, `authenticated` or `public` (no TO clause): anyone can write any row, which makes RLS pointless for that command. Public read policies (FOR SELECT USING (true)) and policies only for `service_role` are not findings (the service role bypasses RLS anyway). A FOR UPDATE policy with WITH CHECK (true) and no USING updates no row by itself (PostgreSQL picks the rows to update by USING): it is reported, as medium, only when another UPDATE policy picks the rows, because the new row then passes its check whatever it holds.\n\nBad:\n  CREATE POLICY \"Service can insert usage records\" ON ai_usage FOR INSERT WITH CHECK (true);\nGood:\n  -- the service role bypasses RLS: no policy is needed for it; for users:\n  CREATE POLICY \"Users insert own usage\" ON ai_usage FOR INSERT TO authenticated\n    WITH CHECK (auth.uid() = user_id);",
};

pub(super) const DOC_USER_METADATA: RuleDoc = RuleDoc {
    id: "rls-references-user-metadata",
    default_severity: "high",
    text: "A policy decides on `user_metadata` (`auth.jwt() -> 'user_metadata'`, `raw_user_meta_data`), which every signed-in user can change for themselves with `supabase.auth.updateUser({ data })`: a user can grant themselves whatever the policy checks. Use `app_metadata`, which only the service role can write. (Supabase projects; splinter 0015.)\n\nBad:\n  CREATE POLICY \"Admins read all\" ON reports FOR SELECT\n    USING ((auth.jwt() -> 'user_metadata' ->> 'role') = 'admin');\nGood:\n  CREATE POLICY \"Admins read all\" ON reports FOR SELECT\n    USING ((auth.jwt() -> 'app_metadata' ->> 'role') = 'admin');",
};

/// Roles that bypass RLS or only the backend holds.
fn privileged_role(r: &str) -> bool {
    matches!(
        r,
        "service_role" | "postgres" | "supabase_admin" | "supabase_auth_admin" | "dashboard_user"
    )
}

pub(super) fn rls_disabled(catalog: &Catalog, ctx: &RuleContext) -> Vec<Finding> {
    let mut out = Vec::new();
    if !catalog.knowledge.rls {
        return out;
    }
    for t in user_tables(catalog) {
        if t.rls_enabled || t.kind == TableKind::Foreign {
            continue;
        }
        let q = t.qual_name();
        let fix = format!("ALTER TABLE {} ENABLE ROW LEVEL SECURITY;", q.to_sql());
        if !t.policies.is_empty() {
            let names: Vec<String> = t
                .policies
                .iter()
                .map(|p| format!("\"{}\"", p.name))
                .collect();
            out.push(
                Finding::new(
                    "rls-disabled",
                    Severity::High,
                    q.to_string(),
                    format!(
                        "{q} has {} polic{} ({}) but row level security is disabled: the policies are not enforced",
                        t.policies.len(),
                        if t.policies.len() == 1 { "y" } else { "ies" },
                        names.join(", ")
                    ),
                )
                .at_origin(t.origin.as_ref())
                .impact("Every role with table privileges reads and writes every row, whatever the policies say.")
                .fix(fix),
            );
            continue;
        }
        // a partition is reached through its parent, whose RLS applies
        if ctx.supabase && ctx.is_exposed(&t.schema) && t.partition_of.is_none() {
            out.push(
                Finding::new(
                    "rls-disabled",
                    Severity::High,
                    q.to_string(),
                    format!(
                        "{q} is in the API-exposed schema `{}` and row level security is not enabled: anyone with the anon key can read, change and delete every row through the API",
                        t.schema
                    ),
                )
                .at_origin(t.origin.as_ref())
                .impact("Data exposed to the public API without access control.")
                .fix(format!("{fix}\n-- then add policies for the roles that need access")),
            );
        }
    }
    out
}

pub(super) fn rls_enabled_no_policy(catalog: &Catalog, ctx: &RuleContext) -> Vec<Finding> {
    let mut out = Vec::new();
    if !catalog.knowledge.rls || !catalog.knowledge.policies {
        return out;
    }
    for t in user_tables(catalog) {
        if !t.rls_enabled || !t.policies.is_empty() || !ctx.is_exposed(&t.schema) {
            continue;
        }
        let q = t.qual_name();
        out.push(
            Finding::new(
                "rls-enabled-no-policy",
                Severity::Low,
                q.to_string(),
                format!(
                    "{q} has row level security enabled and no policy: through the API it is empty and every write is refused (only the service role can use it)"
                ),
            )
            .at_origin(t.origin.as_ref())
            .impact("If the app reads or writes this table as a user, that feature silently returns nothing or fails.")
            .fix(format!(
                "-- if users need access, e.g.:\nCREATE POLICY \"Authenticated users read\" ON {} FOR SELECT TO authenticated USING (true);",
                q.to_sql()
            )),
        );
    }
    out
}

/// A constant-true condition: `true`, `(true)`, `1 = 1`, `'t'::boolean`.
fn always_true(e: &crate::catalog::Expr) -> bool {
    if e.is_true() {
        return true;
    }
    let squeezed: String = e
        .normalized
        .to_ascii_lowercase()
        .chars()
        .filter(|c| !c.is_whitespace() && *c != '(' && *c != ')')
        .collect();
    matches!(
        squeezed.as_str(),
        "true" | "1=1" | "'t'::boolean" | "'true'::boolean" | "true::boolean" | "notfalse"
    )
}

/// The open expression of a write policy, if any: (`USING` or `WITH CHECK`).
fn open_clause(p: &Policy) -> Option<&'static str> {
    let using_true = p.using.as_ref().is_some_and(always_true);
    // WITH CHECK defaults to USING for ALL and UPDATE
    let check_true = match &p.with_check {
        Some(e) => always_true(e),
        None => matches!(p.command, PolicyCommand::All | PolicyCommand::Update) && using_true,
    };
    match p.command {
        PolicyCommand::Select => None,
        PolicyCommand::Insert => check_true.then_some("WITH CHECK (true)"),
        PolicyCommand::Delete => using_true.then_some("USING (true)"),
        PolicyCommand::Update | PolicyCommand::All => {
            if using_true && check_true {
                Some("USING (true) and WITH CHECK (true)")
            } else if using_true {
                Some("USING (true)")
            } else if check_true {
                Some("WITH CHECK (true)")
            } else {
                None
            }
        }
    }
}

pub(super) fn policy_always_true(catalog: &Catalog, _ctx: &RuleContext) -> Vec<Finding> {
    let mut out = Vec::new();
    if !catalog.knowledge.policies {
        return out;
    }
    for t in user_tables(catalog) {
        for p in &t.policies {
            if !p.permissive {
                continue;
            }
            let open_roles: Vec<&str> = p
                .roles
                .iter()
                .map(String::as_str)
                .filter(|r| matches!(*r, "public" | "anon" | "authenticated"))
                .collect();
            if open_roles.is_empty() || p.roles.iter().all(|r| privileged_role(r)) {
                continue;
            }
            let Some(clause) = open_clause(p) else {
                continue;
            };
            // FOR UPDATE with WITH CHECK and no USING: PostgreSQL takes the rows to update
            // from USING only, so by itself the policy lets no row be updated. Another
            // permissive UPDATE policy's USING picks the rows; this one's check is ORed with
            // that policy's, so a row a user may update can be given any values.
            let mut widened: Option<&str> = None;
            if p.command == PolicyCommand::Update && p.using.is_none() {
                match t.policies.iter().find(|o| {
                    o.permissive
                        && o.name != p.name
                        && matches!(o.command, PolicyCommand::Update | PolicyCommand::All)
                        && o.using.is_some()
                }) {
                    Some(o) => widened = Some(o.name.as_str()),
                    None => continue,
                }
            }
            let who = if open_roles.contains(&"public") {
                "every role (no TO clause: PUBLIC, anon included)".to_string()
            } else {
                open_roles.join(", ")
            };
            let q = t.qual_name();
            if let Some(other) = widened {
                let q = t.qual_name();
                out.push(
                    Finding::new(
                        "policy-always-true",
                        Severity::Medium,
                        format!("{q}/{}", p.name),
                        format!(
                            "policy \"{}\" on {q} is FOR UPDATE WITH CHECK (true) and no USING: it selects no rows itself, but PostgreSQL ORs its check with policy \"{other}\", so a row {who} may update can be given any values (another owner, say)",
                            p.name
                        ),
                    )
                    .at_origin(p.origin.as_ref())
                    .impact("The new row of an UPDATE is not checked: a user can hand a row they own to someone else or change what the other policy protects.")
                    .fix(format!(
                        "DROP POLICY \"{}\" ON {};  -- the WITH CHECK of \"{other}\" (or its USING) then checks the new row",
                        p.name,
                        q.to_sql()
                    )),
                );
                continue;
            }
            let sev = if p.command == PolicyCommand::Update
                && p.with_check.as_ref().is_some_and(|e| !always_true(e))
                && open_roles == ["authenticated"]
            {
                // any signed-in user can update any row, but the new row is still checked
                Severity::Medium
            } else {
                Severity::High
            };
            out.push(
                Finding::new(
                    "policy-always-true",
                    sev,
                    format!("{q}/{}", p.name),
                    format!(
                        "policy \"{}\" on {q} is FOR {} {clause} for {who}: anyone can {} any row",
                        p.name,
                        p.command.sql(),
                        match p.command {
                            PolicyCommand::Insert => "insert",
                            PolicyCommand::Update => "update",
                            PolicyCommand::Delete => "delete",
                            _ => "write",
                        }
                    ),
                )
                .at_origin(p.origin.as_ref())
                .impact("Row level security does not protect this command: forged, altered or deleted rows from any API client.")
                .fix(format!(
                    "-- the service role bypasses RLS and needs no policy; limit this one to the row's owner, e.g.\nDROP POLICY \"{}\" ON {};\nCREATE POLICY \"{}\" ON {} FOR {} TO authenticated {}(auth.uid() = user_id);",
                    p.name,
                    q.to_sql(),
                    p.name,
                    q.to_sql(),
                    p.command.sql(),
                    if p.command == PolicyCommand::Insert { "WITH CHECK " } else { "USING " }
                )),
            );
        }
    }
    out
}

pub(super) fn rls_references_user_metadata(catalog: &Catalog, _ctx: &RuleContext) -> Vec<Finding> {
    let mut out = Vec::new();
    if !catalog.knowledge.policies {
        return out;
    }
    for t in user_tables(catalog) {
        for p in &t.policies {
            let uses = p.using.iter().chain(p.with_check.iter()).any(|e| {
                let l = e.sql.to_ascii_lowercase();
                l.contains("user_metadata") || l.contains("raw_user_meta_data")
            });
            if !uses {
                continue;
            }
            let q = t.qual_name();
            out.push(
                Finding::new(
                    "rls-references-user-metadata",
                    Severity::High,
                    format!("{q}/{}", p.name),
                    format!(
                        "policy \"{}\" on {q} decides on user_metadata, which every signed-in user can change for themselves (auth.updateUser): a user can grant themselves this access",
                        p.name
                    ),
                )
                .at_origin(p.origin.as_ref())
                .impact("Privilege escalation: users edit the claim the policy trusts.")
                .fix("-- read the claim from app_metadata (writable only by the service role):\n-- auth.jwt() -> 'app_metadata' ->> 'role'"),
            );
        }
    }
    out
}
