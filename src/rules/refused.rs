//! What only the SQL text can tell: definitions the replay refused. A refused statement is a
//! `migration-error` and leaves no object in the catalog, so the catalog rules cannot see
//! it; but the reason, or a second problem in the same definition, is worth its own rule:
//! - a foreign key PostgreSQL refuses because the column types are incompatible is also a
//!   `foreign-key-type-mismatch` (high);
//! - a refused `CREATE FUNCTION … SECURITY DEFINER` without `SET search_path` is still a
//!   `security-definer-search-path`: fixing the first error would deploy the second.

use super::RuleContext;
use crate::catalog::Catalog;
use crate::findings::{Finding, Severity};
use crate::sql::{self, Kind};
use std::path::Path;

/// A SQL file as the findings name it, and its text.
#[derive(Clone, Copy, Debug)]
pub struct SqlText<'a> {
    pub path: &'a str,
    pub text: &'a str,
}

/// Reads the files behind findings' paths: as given when absolute or when `root` is None,
/// else relative to `root`. Unreadable files are skipped.
pub fn read_sql_texts(paths: &[String], root: Option<&Path>) -> Vec<(String, String)> {
    let mut out = Vec::new();
    for p in paths {
        let path = Path::new(p);
        // relative to the project; a source named with a relative path is relative to the
        // current folder
        let full = match root {
            Some(r) if path.is_relative() && (r.join(path).exists() || !path.exists()) => {
                r.join(path)
            }
            _ => path.to_path_buf(),
        };
        if let Ok(text) = crate::sources::migrations::read_text(&full) {
            out.push((p.clone(), text));
        }
    }
    out
}

fn errors_in<'a>(findings: &'a [Finding], path: &str) -> Vec<(&'a Finding, u32)> {
    findings
        .iter()
        .filter(|f| f.rule == "migration-error")
        .filter_map(|f| {
            f.locations
                .iter()
                .find(|l| l.path.as_deref() == Some(path))
                .and_then(|l| l.line)
                .map(|line| (f, line))
        })
        .collect()
}

pub fn check_refused(
    files: &[SqlText],
    replay_findings: &[Finding],
    catalog: &Catalog,
    _ctx: &RuleContext,
) -> Vec<Finding> {
    let mut out = Vec::new();
    refused_foreign_keys(replay_findings, &mut out);
    for file in files {
        let errors = errors_in(replay_findings, file.path);
        if errors.is_empty() {
            continue;
        }
        let script = sql::Script::parse(file.text);
        for st in &script.statements {
            if st.kind() != Kind::CREATE_FUNCTION {
                continue;
            }
            let (first, _) = script.position(st.start);
            let (last, _) = script.position(st.end.saturating_sub(1).max(st.start));
            let Some((err, _)) = errors
                .iter()
                .find(|(_, line)| *line >= first && *line <= last)
            else {
                continue;
            };
            let definer = sql::find(&st.node, Kind::SECURITY_DEFINER_FUNC_OPTION).is_some()
                || sql::keywords(&st.node).contains("SECURITY DEFINER");
            let sets_path = st
                .node
                .descendants()
                .filter(|n| n.kind() == Kind::SET_FUNC_OPTION)
                .any(|n| {
                    sql::compact_text(&n)
                        .to_ascii_lowercase()
                        .contains("search_path")
                });
            if !definer || sets_path {
                continue;
            }
            let parts = sql::child(&st.node, Kind::FUNCTION_NAME)
                .map(|n| sql::name_parts(&n))
                .unwrap_or_default();
            let Some(name) = parts.last() else { continue };
            // defined again later, successfully: the catalog rules judge that definition
            let later = catalog.functions().any(|f| {
                f.name == *name
                    && f.origin
                        .as_ref()
                        .is_some_and(|o| o.file.as_deref() != Some(file.path) || o.line != first)
            });
            if later {
                continue;
            }
            let object = if err.object.contains('(') {
                err.object.clone()
            } else {
                parts.join(".")
            };
            out.push(
                Finding::new(
                    "security-definer-search-path",
                    Severity::Medium,
                    object.clone(),
                    format!(
                        "SECURITY DEFINER function {object} does not set search_path ({}:{first}); the statement is refused by the replay (see the migration-error), and once that is fixed the function runs with its owner's rights but resolves names through the caller's search_path",
                        file.path
                    ),
                )
                .at(crate::findings::Location::file(
                    &err.locations.first().map(|l| l.source.clone()).unwrap_or_default(),
                    file.path,
                    first,
                    1,
                ))
                .impact("A caller who can create objects on the search path can hijack the function and run code with the owner's rights.")
                .fix("-- add to the CREATE FUNCTION:\nSET search_path = ''\n-- and qualify the names in its body (public.t, auth.uid())".to_string()),
            );
        }
    }
    out
}

/// Foreign keys PostgreSQL refused for incompatible types (SQLSTATE 42804).
fn refused_foreign_keys(findings: &[Finding], out: &mut Vec<Finding>) {
    let Ok(re) = regex::Regex::new(
        r#"Key columns "([^"]+)" and "([^"]+)" are of incompatible types: ([^)]+) and ([^)]+)\)"#,
    ) else {
        return;
    };
    for f in findings {
        if f.rule != "migration-error"
            || f.sqlstate.as_deref() != Some("42804")
            || !f.message.contains("foreign key")
        {
            continue;
        }
        let Some(c) = re.captures(&f.message) else {
            continue;
        };
        let mut g = Finding::new(
            "foreign-key-type-mismatch",
            Severity::High,
            f.object.clone(),
            format!(
                "{}: foreign key column \"{}\" is {} but the referenced column \"{}\" is {}; PostgreSQL refuses the constraint (incompatible types), so the statement fails",
                f.object, &c[1], &c[3], &c[2], &c[4]
            ),
        )
        .expected("referenced column", c[4].to_string())
        .actual("referencing column", c[3].to_string())
        .impact("The table or constraint is not created; everything after it in the migration is rolled back.");
        g.locations = f.locations.clone();
        g.fix = f.fix.clone();
        out.push(g);
    }
}
