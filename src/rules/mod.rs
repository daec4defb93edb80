//! Schema health rules: checks that read one catalog (a replayed migration history, a schema
//! file, a live database) and report what is unsafe, broken or inconsistent in it.
//!
//! Every rule has a stable id (public interface), a default severity, an `explain` text with a
//! bad and a good example ([`RULE_DOCS`]) and a check function ([`RULES`]). [`run`] runs the
//! enabled ones; [`RulesConfig`] (the `[rules]` section of `schemadrift.toml`) ignores rules,
//! re-grades them and ignores objects by glob; [`apply_suppressions`] honours
//! `-- schemadrift-ignore: rule-id` comments in SQL files.

mod config;
mod dangling;
mod extensions;
mod keys;
mod naming;
mod refused;
mod rls;
mod security;
mod suppress;
mod unused;
mod updated_at;
mod util;

pub use config::{ConfigSources, RuleOverride, RulesConfig, load_config, load_config_file};
pub use dangling::suggest_for_replay;
pub use refused::{SqlText, check_refused, read_sql_texts};
pub use suppress::{apply_suppressions, apply_suppressions_in};
pub use util::did_you_mean;

use crate::catalog::{Catalog, QualName};
use crate::findings::{Finding, RuleDoc, Severity};
use std::collections::HashSet;
use std::path::Path;

/// Tables and functions that something outside the catalog uses: application code
/// (`supabase.from('orgs')`, `.rpc('fn')`, raw SQL) and ORM models. Names are folded and
/// schema-qualified where known; an empty schema matches any schema.
#[derive(Clone, Debug, Default)]
pub struct UsedObjects {
    pub tables: HashSet<QualName>,
    pub functions: HashSet<QualName>,
}

impl UsedObjects {
    pub fn uses_table(&self, q: &QualName) -> bool {
        self.tables.contains(q) || self.tables.contains(&QualName::new("", &q.name))
    }
    pub fn uses_function(&self, q: &QualName) -> bool {
        self.functions.contains(q) || self.functions.contains(&QualName::new("", &q.name))
    }
    pub fn is_empty(&self) -> bool {
        self.tables.is_empty() && self.functions.is_empty()
    }
}

/// What the rules know besides the catalog.
pub struct RuleContext<'a> {
    /// The project is a Supabase project: Supabase-specific rules run (API exposure, roles).
    pub supabase: bool,
    /// Objects used by code or an ORM; `None` = unknown (then `unused-object` stays quiet).
    pub used: Option<&'a UsedObjects>,
    pub config: &'a RulesConfig,
}

impl<'a> RuleContext<'a> {
    pub fn new(supabase: bool, config: &'a RulesConfig) -> Self {
        RuleContext {
            supabase: supabase || config.supabase == Some(true),
            used: None,
            config,
        }
    }

    pub fn with_used(mut self, used: &'a UsedObjects) -> Self {
        self.used = Some(used);
        self
    }

    /// Schemas PostgREST serves (Supabase: `public` and `graphql_public` unless configured).
    pub fn exposed_schemas(&self) -> Vec<String> {
        if self.config.exposed_schemas.is_empty() {
            vec!["public".into(), "graphql_public".into()]
        } else {
            self.config.exposed_schemas.clone()
        }
    }

    pub fn is_exposed(&self, schema: &str) -> bool {
        self.exposed_schemas().iter().any(|s| s == schema)
    }
}

/// A rule: id, default severity, whether it only applies to Supabase projects, the check.
pub struct Rule {
    pub id: &'static str,
    pub severity: Severity,
    pub supabase_only: bool,
    pub check: fn(&Catalog, &RuleContext) -> Vec<Finding>,
}

/// Every health rule, in the order they run.
pub const RULES: &[Rule] = &[
    Rule {
        id: "rls-disabled",
        severity: Severity::High,
        supabase_only: false,
        check: rls::rls_disabled,
    },
    Rule {
        id: "rls-enabled-no-policy",
        severity: Severity::Low,
        supabase_only: true,
        check: rls::rls_enabled_no_policy,
    },
    Rule {
        id: "policy-always-true",
        severity: Severity::High,
        supabase_only: false,
        check: rls::policy_always_true,
    },
    Rule {
        id: "rls-references-user-metadata",
        severity: Severity::High,
        supabase_only: true,
        check: rls::rls_references_user_metadata,
    },
    Rule {
        id: "dangling-reference",
        severity: Severity::High,
        supabase_only: false,
        check: dangling::dangling_reference,
    },
    Rule {
        id: "security-definer-search-path",
        severity: Severity::Medium,
        supabase_only: false,
        check: security::definer_search_path,
    },
    Rule {
        id: "security-definer-view",
        severity: Severity::High,
        supabase_only: true,
        check: security::definer_view,
    },
    Rule {
        id: "unindexed-foreign-key",
        severity: Severity::Low,
        supabase_only: false,
        check: keys::unindexed_foreign_key,
    },
    Rule {
        id: "foreign-key-type-mismatch",
        severity: Severity::Medium,
        supabase_only: false,
        check: keys::foreign_key_type_mismatch,
    },
    Rule {
        id: "missing-primary-key",
        severity: Severity::Medium,
        supabase_only: false,
        check: keys::missing_primary_key,
    },
    Rule {
        id: "missing-extension",
        severity: Severity::High,
        supabase_only: false,
        check: extensions::missing_extension,
    },
    Rule {
        id: "updated-at-no-trigger",
        severity: Severity::Info,
        supabase_only: false,
        check: updated_at::updated_at_no_trigger,
    },
    Rule {
        id: "near-duplicate-table",
        severity: Severity::Low,
        supabase_only: false,
        check: naming::near_duplicate_table,
    },
    Rule {
        id: "mixed-naming-convention",
        severity: Severity::Info,
        supabase_only: false,
        check: naming::mixed_naming_convention,
    },
    Rule {
        id: "mixed-id-types",
        severity: Severity::Info,
        supabase_only: false,
        check: keys::mixed_id_types,
    },
    Rule {
        id: "mixed-user-reference",
        severity: Severity::Low,
        supabase_only: false,
        check: keys::mixed_user_reference,
    },
    Rule {
        id: "unused-object",
        severity: Severity::Info,
        supabase_only: false,
        check: unused::unused_object,
    },
];

/// Rules of this family (`dangling-reference` and `reserved-schema` are documented with the
/// replay's rules, which report them too).
pub const RULE_DOCS: &[RuleDoc] = &[
    rls::DOC_RLS_DISABLED,
    rls::DOC_RLS_ENABLED_NO_POLICY,
    rls::DOC_POLICY_ALWAYS_TRUE,
    rls::DOC_USER_METADATA,
    security::DOC_DEFINER_SEARCH_PATH,
    security::DOC_DEFINER_VIEW,
    keys::DOC_UNINDEXED_FK,
    keys::DOC_FK_TYPE_MISMATCH,
    keys::DOC_MISSING_PK,
    extensions::DOC_MISSING_EXTENSION,
    updated_at::DOC_UPDATED_AT,
    naming::DOC_NEAR_DUPLICATE,
    naming::DOC_MIXED_NAMING,
    keys::DOC_MIXED_ID_TYPES,
    keys::DOC_MIXED_USER_REFERENCE,
    unused::DOC_UNUSED,
];

/// The rule of that id.
pub fn rule(id: &str) -> Option<&'static Rule> {
    RULES.iter().find(|r| r.id == id)
}

/// Runs every enabled rule on the catalog, then applies the configuration (ignored rules and
/// objects, re-graded severities). Supabase-only rules run only when `ctx.supabase`.
pub fn run(catalog: &Catalog, ctx: &RuleContext) -> Vec<Finding> {
    let mut out = Vec::new();
    for r in RULES {
        if r.supabase_only && !ctx.supabase {
            continue;
        }
        if ctx.config.rule_ignored(r.id) {
            continue;
        }
        out.extend((r.check)(catalog, ctx));
    }
    ctx.config.apply(&mut out);
    out
}

/// Health rules for a replayed SQL source: [`run`] on its catalog, plus what only the SQL
/// text can tell (definitions the replay refused: a foreign key between incompatible types,
/// a SECURITY DEFINER function without `search_path` whose body failed). Adds "did you mean"
/// to the replay's missing-relation errors. `root` resolves the relative paths of the
/// replay's findings; inline suppressions are applied to every finding, replay ones included.
pub fn check_sql_source(
    src: &mut crate::sources::project::SqlSource,
    root: Option<&Path>,
    ctx: &RuleContext,
) {
    suggest_for_replay(&mut src.findings, &src.catalog);
    let paths: Vec<String> = src.verdicts.iter().map(|v| v.path.clone()).collect();
    let texts = read_sql_texts(&paths, root);
    let refs: Vec<SqlText> = texts
        .iter()
        .map(|(p, t)| SqlText {
            path: p.as_str(),
            text: t.as_str(),
        })
        .collect();
    let mut extra = run(&src.catalog, ctx);
    let mut refused = check_refused(&refs, &src.findings, &src.catalog, ctx);
    ctx.config.apply(&mut refused);
    extra.append(&mut refused);
    src.findings.append(&mut extra);
    ctx.config.apply(&mut src.findings);
    apply_suppressions_in(&mut src.findings, &refs);
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn every_rule_is_documented_with_its_severity() {
        for r in RULES {
            let doc = crate::findings::all_rules()
                .find(|d| d.id == r.id)
                .unwrap_or_else(|| panic!("no explain text for {}", r.id));
            assert_eq!(
                Severity::parse(doc.default_severity),
                Some(r.severity),
                "{}",
                r.id
            );
            assert!(
                doc.text.contains("Bad:") && doc.text.contains("Good:"),
                "{}",
                r.id
            );
        }
        for d in RULE_DOCS {
            assert!(
                rule(d.id).is_some(),
                "{} documented but not registered",
                d.id
            );
        }
    }
}
