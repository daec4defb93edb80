//! `schemadrift explain RULE`: what each rule means, with a bad and a good example.

pub struct RuleDoc {
    pub id: &'static str,
    pub default_severity: &'static str,
    pub text: &'static str,
}

/// Rules the replay reports.
pub const REPLAY_RULES: &[RuleDoc] = &[
    RuleDoc {
        id: "migration-error",
        default_severity: "critical",
        text: "A statement that PostgreSQL refuses when the migrations are replayed in order (a missing relation, column, function or type; an object that already exists; a foreign key between incompatible types; an operator class from an extension that is not enabled). On a real deploy the file's transaction rolls back and the migrations after it do not run.\n\nBad:\n  CREATE INDEX ON events (\"userId\");   -- events was created earlier without \"userId\"\nGood:\n  ALTER TABLE events ADD COLUMN \"userId\" uuid;\n  CREATE INDEX ON events (\"userId\");",
    },
    RuleDoc {
        id: "migration-order",
        default_severity: "high",
        text: "The runner would not run the files the way they were meant: a file whose name the Supabase CLI does not accept (it is skipped), two files with the same version, or versions of mixed formats.\n\nBad:\n  supabase/migrations/2025-11-05_audit.sql        -- skipped: the version must be digits\n  supabase/migrations/20251105_a.sql, 20251105_b.sql  -- duplicate version\nGood:\n  supabase/migrations/20251105093000_audit.sql",
    },
    RuleDoc {
        id: "shadowed-definition",
        default_severity: "high",
        text: "CREATE ... IF NOT EXISTS was skipped because an object of that name, with another shape, already existed. PostgreSQL only prints a notice; statements that rely on the skipped definition then fail.\n\nBad:\n  -- 001: CREATE TABLE IF NOT EXISTS events (id bigserial, kind text);\n  -- 002: CREATE TABLE IF NOT EXISTS events (id uuid, \"userId\" uuid);  -- skipped\nGood:\n  -- 002: ALTER TABLE events ADD COLUMN IF NOT EXISTS \"userId\" uuid;",
    },
    RuleDoc {
        id: "non-idempotent-statement",
        default_severity: "info",
        text: "A CREATE without IF NOT EXISTS / OR REPLACE (or a policy or trigger without a DROP ... IF EXISTS before it) in a file that is meant to run more than once: a folder of scripts run by hand, with no runner recording what already ran, or a file whose other statements are guarded. The second run stops at this statement with \"already exists\".\n\nBad:\n  ALTER TABLE profiles ADD COLUMN IF NOT EXISTS role text;\n  CREATE INDEX idx_profiles_role ON profiles (role);\nGood:\n  ALTER TABLE profiles ADD COLUMN IF NOT EXISTS role text;\n  CREATE INDEX IF NOT EXISTS idx_profiles_role ON profiles (role);",
    },
    RuleDoc {
        id: "unparsed-statement",
        default_severity: "high",
        text: "A statement (or a file) schemadrift could not read: a syntax error, a psql variable, a binary or non-UTF-8 file. What it defines is unknown.\n\nBad:\n  CREATE TABLE t (id int;\nGood:\n  CREATE TABLE t (id int);",
    },
    RuleDoc {
        id: "reserved-schema",
        default_severity: "high",
        text: "An object created in a schema that Supabase reserves for the platform (auth, storage, realtime, supabase_*, ...). Hosted projects refuse it (permission denied) or lose it on upgrades.\n\nBad:\n  CREATE FUNCTION auth.org_id() RETURNS uuid ...\nGood:\n  CREATE FUNCTION public.org_id() RETURNS uuid ...",
    },
    RuleDoc {
        id: "dangling-reference",
        default_severity: "high",
        text: "Something names a table, column or function that does not exist: a policy, view, trigger function or foreign key, or statements guarded by IF EXISTS over a table no migration creates (they never run).\n\nBad:\n  DO $$ BEGIN IF EXISTS (SELECT 1 FROM information_schema.tables WHERE table_name = 'organizations') THEN\n    CREATE POLICY ... ON organizations ...;   -- organizations is never created\n  END IF; END $$;\nGood:\n  CREATE TABLE organizations (...);\n  CREATE POLICY ... ON organizations ...;",
    },
];

/// Every rule, family by family.
pub fn all_rules() -> impl Iterator<Item = &'static RuleDoc> {
    REPLAY_RULES
        .iter()
        .chain(crate::compare::RULE_DOCS)
        .chain(crate::rules::RULE_DOCS)
        .chain(crate::sources::prisma::RULE_DOCS)
        .chain(crate::code::RULE_DOCS)
}

/// The family a rule belongs to, as reports and the precision corpus group them:
/// `migrations` (the replay), `drift` (two sources disagree), `health` (rules over one
/// catalog) or `code` (queries in application code). `None` for an unknown id.
pub fn family(rule: &str) -> Option<&'static str> {
    let in_docs = |docs: &[RuleDoc]| docs.iter().any(|r| r.id == rule);
    // the replay also reports what is wrong with the schema it built, not with the
    // history: names that lead nowhere, objects in the platform's schemas
    if in_docs(crate::rules::RULE_DOCS) || matches!(rule, "dangling-reference" | "reserved-schema")
    {
        Some("health")
    } else if in_docs(REPLAY_RULES) {
        Some("migrations")
    } else if in_docs(crate::compare::RULE_DOCS) || in_docs(crate::sources::prisma::RULE_DOCS) {
        Some("drift")
    } else if in_docs(crate::code::RULE_DOCS) {
        Some("code")
    } else {
        None
    }
}

pub fn explain(rule: &str) -> Option<String> {
    all_rules().find(|r| r.id == rule).map(|r| {
        format!(
            "{} (default severity: {})\n\n{}",
            r.id, r.default_severity, r.text
        )
    })
}

/// The first sentence of a rule's text: what it finds, in a line.
pub fn summary(doc: &RuleDoc) -> &'static str {
    let text = doc.text;
    let first = text.split("\n").next().unwrap_or(text);
    match first.find(". ") {
        Some(i) => &first[..i + 1],
        None => first,
    }
}

/// `schemadrift explain --list`: every rule, its default severity and what it finds.
pub fn rule_list() -> String {
    let mut rules: Vec<&RuleDoc> = all_rules().collect();
    rules.sort_by_key(|r| r.id);
    let width = rules.iter().map(|r| r.id.len()).max().unwrap_or(0);
    let mut out = String::new();
    for r in rules {
        out.push_str(&format!(
            "{:width$}  {:8}  {}\n",
            r.id,
            r.default_severity,
            summary(r)
        ));
    }
    out
}

/// The rule id closest to a misspelt one, when one is close enough to be what was meant.
pub fn closest_rule(id: &str) -> Option<&'static str> {
    let id = id.to_ascii_lowercase();
    all_rules()
        .map(|r| (strsim::jaro_winkler(&id, r.id), r.id))
        .filter(|(s, _)| *s >= 0.8)
        .max_by(|a, b| a.0.total_cmp(&b.0))
        .map(|(_, r)| r)
}

/// The error for a rule id no rule has: with "did you mean" when one is close.
pub fn unknown_rule(id: &str) -> String {
    match closest_rule(id) {
        Some(r) => format!(
            "unknown rule `{id}` (did you mean `{r}`? `schemadrift explain --list` lists every rule)"
        ),
        None => format!("unknown rule `{id}` (`schemadrift explain --list` lists every rule)"),
    }
}

/// docs/rules.md: every rule's explain text, one section per rule id (what SARIF's
/// `helpUri` links to). tests/rules_doc.rs keeps the file equal to this.
pub fn rules_markdown() -> String {
    let mut rules: Vec<&RuleDoc> = all_rules().collect();
    rules.sort_by_key(|r| r.id);
    let mut out = String::from(
        "# Rules\n\nEvery rule schemadrift reports, with its default severity and an example \
         (the text of `schemadrift explain RULE`). Generated from the source: \
         `UPDATE_RULES_DOC=1 cargo test --test rules_doc` rewrites this file.\n\n",
    );
    for r in &rules {
        out.push_str(&format!(
            "- [`{0}`](#{0}) ({1})\n",
            r.id, r.default_severity
        ));
    }
    for r in rules {
        out.push_str(&format!("\n## {}\n\n", r.id));
        out.push_str(&crate::report::sarif::help_markdown(r));
    }
    out
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn every_rule_has_a_family() {
        for r in all_rules() {
            assert!(family(r.id).is_some(), "{} has no family", r.id);
        }
        assert_eq!(family("migration-error"), Some("migrations"));
        assert_eq!(family("dangling-reference"), Some("health"));
        assert_eq!(family("column-type-mismatch"), Some("drift"));
        assert_eq!(family("code-missing-column"), Some("code"));
        assert_eq!(family("no-such-rule"), None);
    }
}
