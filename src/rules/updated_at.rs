//! `updated-at-no-trigger`: a last-modified column nothing keeps current.

use super::RuleContext;
use super::util::{FunctionIndex, user_tables};
use crate::catalog::{Catalog, Table, Trigger, quote_ident};
use crate::findings::{Finding, RuleDoc, Severity};
use regex::Regex;
use std::sync::LazyLock;

pub(super) const DOC_UPDATED_AT: RuleDoc = RuleDoc {
    id: "updated-at-no-trigger",
    default_severity: "info",
    text: "A table has an `updated_at` (`updatedAt`, `modified_at`, `last_modified` …) column but no BEFORE UPDATE trigger sets it, so it keeps its insert-time default unless every writer remembers to set it. A trigger on `moddatetime(updated_at)` counts, and so does a trigger function that assigns NEW.updated_at.\n\nBad:\n  CREATE TABLE users (id uuid PRIMARY KEY, \"updatedAt\" timestamptz NOT NULL DEFAULT now());\nGood:\n  CREATE EXTENSION IF NOT EXISTS moddatetime SCHEMA extensions;\n  CREATE TRIGGER users_updated_at BEFORE UPDATE ON users\n    FOR EACH ROW EXECUTE FUNCTION extensions.moddatetime(\"updatedAt\");",
};

fn is_updated_at(name: &str) -> bool {
    let n = super::util::normalize(name);
    matches!(
        n.as_str(),
        "updated_at"
            | "modified_at"
            | "updated_on"
            | "modified_on"
            | "last_modified"
            | "last_modified_at"
            | "last_updated"
            | "last_updated_at"
            | "date_updated"
            | "date_modified"
    )
}

/// Whether the trigger keeps `col` current on UPDATE.
fn sets_column(catalog: &Catalog, fns: &FunctionIndex, trig: &Trigger, col: &str) -> bool {
    if trig.timing != "BEFORE" || !trig.for_each_row {
        return false;
    }
    let on_update = trig.events.iter().any(|e| {
        e == "UPDATE" || e.strip_prefix("UPDATE OF ").is_some() // any column list: the row is updated
    });
    if !on_update {
        return false;
    }
    if trig.function.name == "moddatetime" {
        return trig.arguments.iter().any(|a| a == col) || trig.arguments.is_empty();
    }
    let bodies: Vec<&str> = fns
        .named(&trig.function)
        .iter()
        .map(|f| f.body.as_str())
        .collect();
    if bodies.is_empty() && !catalog.knowledge.functions {
        return true; // cannot know: give it the benefit of the doubt
    }
    // a generic setter gets the column name as a trigger argument
    bodies.iter().any(|b| {
        assigned_columns(b).iter().any(|c| c == col)
            || (b.to_ascii_lowercase().contains("tg_argv")
                && trig.arguments.iter().any(|a| a == col))
    })
}

static ASSIGNMENT: LazyLock<Option<Regex>> = LazyLock::new(|| {
    Regex::new(r#"(?i)\bnew\s*\.\s*("(?:[^"]|"")+"|[a-z_][a-z0-9_$]*)\s*:?="#).ok()
});

/// Columns a trigger body assigns: `NEW.updated_at := now()`, `NEW."updatedAt" = now()`.
fn assigned_columns(body: &str) -> Vec<String> {
    ASSIGNMENT
        .as_ref()
        .map(|re| {
            re.captures_iter(body)
                .map(|c| crate::catalog::fold_ident(&c[1]))
                .collect()
        })
        .unwrap_or_default()
}

pub(super) fn updated_at_no_trigger(catalog: &Catalog, _ctx: &RuleContext) -> Vec<Finding> {
    let mut out = Vec::new();
    if !catalog.knowledge.triggers {
        return out;
    }
    let fns = FunctionIndex::new(catalog);
    for t in user_tables(catalog) {
        for c in t.columns.iter().filter(|c| is_updated_at(&c.name)) {
            if c.generated.is_some() || has_setter(catalog, &fns, t, &c.name) {
                continue;
            }
            let q = t.qual_name();
            let col = quote_ident(&c.name);
            out.push(
                Finding::new(
                    "updated-at-no-trigger",
                    Severity::Info,
                    format!("{q}.{}", c.name),
                    format!(
                        "{q} has {col} but no BEFORE UPDATE trigger sets it: it keeps its insert-time value unless every writer sets it"
                    ),
                )
                .at_origin(c.origin.as_ref().or(t.origin.as_ref()))
                .impact("Sync, caching and \"recently changed\" features read a stale timestamp.")
                .fix(format!(
                    "CREATE EXTENSION IF NOT EXISTS moddatetime SCHEMA extensions;\nCREATE TRIGGER {} BEFORE UPDATE ON {} FOR EACH ROW EXECUTE FUNCTION extensions.moddatetime({col});",
                    quote_ident(&format!("{}_{}", t.name, super::util::normalize(&c.name))),
                    q.to_sql()
                )),
            );
        }
    }
    out
}

fn has_setter(catalog: &Catalog, fns: &FunctionIndex, t: &Table, col: &str) -> bool {
    t.triggers
        .iter()
        .any(|tr| tr.enabled && sets_column(catalog, fns, tr, col))
}
