//! Inline suppression, in SQL and in code files:
//!
//! ```sql
//! -- schemadrift-ignore: rls-disabled, missing-primary-key
//! CREATE TABLE public.spatial_ref_sys (srid int, srtext text);
//! -- schemadrift-ignore-file: non-idempotent-statement
//! ```
//!
//! ```ts
//! // schemadrift-ignore: code-missing-table
//! await supabase.from('legacy_view').select('*')
//! // schemadrift-ignore-file: code-missing-column
//! ```
//!
//! `schemadrift-ignore: rule[, rule …]` silences those rules (`all`: every rule) for findings
//! located in the statement that follows the comment (in SQL) or on the comment's line and the
//! next line of code with the lines that continue it (in code files: `//`, `#`, `--` or `/*`
//! comments). `schemadrift-ignore-file:`
//! silences them anywhere in the file.

use super::refused::{SqlText, read_sql_texts};
use crate::findings::Finding;
use std::path::Path;

/// One suppression: rules, and the lines of the statement it covers.
#[derive(Debug)]
struct Marker {
    rules: Vec<String>,
    first: u32,
    last: u32,
}

fn rule_list(s: &str) -> Vec<String> {
    s.split([',', ' ', '\t', '\r', '\n'])
        .map(str::trim)
        .filter(|s| !s.is_empty())
        .map(str::to_ascii_lowercase)
        .collect()
}

/// `schemadrift-ignore-file:` comments (`comment` is the comment opener's pattern).
fn file_markers(text: &str, comment: &str) -> Vec<Marker> {
    let Ok(re) = regex::Regex::new(&format!(
        r"(?m)(?:{comment})\s*schemadrift-ignore-file\s*:\s*([A-Za-z0-9_, \t-]+)"
    )) else {
        return Vec::new();
    };
    re.captures_iter(text)
        .map(|c| Marker {
            rules: rule_list(&c[1]),
            first: 0,
            last: u32::MAX,
        })
        .collect()
}

/// Suppressions in a code file: `// schemadrift-ignore: rule` covers its own line (a comment
/// after code) and the next line of code with its continuation lines.
fn code_markers(text: &str) -> Vec<Marker> {
    if !text.contains("schemadrift-ignore") {
        return Vec::new();
    }
    let mut out = file_markers(text, "//|#|--|/\\*");
    let Ok(re) =
        regex::Regex::new(r"(?://|#|--|/\*)\s*schemadrift-ignore\s*:\s*([A-Za-z0-9_, \t-]+)")
    else {
        return out;
    };
    let lines: Vec<&str> = text.lines().collect();
    let indent = |l: &str| l.len() - l.trim_start().len();
    for (i, line) in lines.iter().enumerate() {
        if let Some(c) = re.captures(line) {
            // the next line of code, and the lines that continue it (indented deeper, or a
            // chained `.call()`), so a comment above a multi-line call covers all of it
            let mut last = i as u32 + 1;
            if let Some(first) = (i + 1..lines.len()).find(|&j| !lines[j].trim().is_empty()) {
                last = first as u32 + 1;
                let base = indent(lines[first]);
                for (j, l) in lines.iter().enumerate().skip(first + 1) {
                    let t = l.trim_start();
                    if t.is_empty() || !(indent(l) > base || t.starts_with('.')) {
                        break;
                    }
                    last = j as u32 + 1;
                }
            }
            out.push(Marker {
                rules: rule_list(&c[1]),
                first: i as u32 + 1,
                last,
            });
        }
    }
    out
}

fn markers(text: &str) -> Vec<Marker> {
    if !text.contains("schemadrift-ignore") {
        return Vec::new();
    }
    let Ok(re) = regex::Regex::new(r"--\s*schemadrift-ignore\s*:\s*([A-Za-z0-9_,\s-]+)") else {
        return Vec::new();
    };
    let script = crate::sql::Script::parse(text);
    let mut out = file_markers(text, "--");
    let mut offset = 0usize;
    for (i, line) in text.split_inclusive('\n').enumerate() {
        let line_no = i as u32 + 1;
        let line_end = offset + line.len();
        if let Some(c) = re.captures(line) {
            let rules = rule_list(&c[1]);
            // the statement that follows (or contains) the comment
            if let Some(st) = script.statements.iter().find(|s| s.end > line_end) {
                let (last, _) = script.position(st.end.saturating_sub(1).max(st.start));
                out.push(Marker {
                    rules,
                    first: line_no + 1,
                    last: last.max(line_no + 1),
                });
            }
        }
        offset = line_end;
    }
    out
}

/// Drops findings that an inline comment suppresses; the SQL texts are given.
pub fn apply_suppressions_in(findings: &mut Vec<Finding>, files: &[SqlText]) {
    let marks: Vec<(&str, Vec<Marker>)> = files
        .iter()
        .map(|f| {
            let m = if is_sql(f.path) {
                markers(f.text)
            } else {
                code_markers(f.text)
            };
            (f.path, m)
        })
        .filter(|(_, m)| !m.is_empty())
        .collect();
    drop_marked(findings, &marks);
}

fn is_sql(path: &str) -> bool {
    path.to_ascii_lowercase().ends_with(".sql")
}

fn drop_marked(findings: &mut Vec<Finding>, marks: &[(&str, Vec<Marker>)]) {
    if marks.is_empty() {
        return;
    }
    findings.retain(|f| {
        !f.locations.iter().any(|loc| {
            let (Some(path), Some(line)) = (loc.path.as_deref(), loc.line) else {
                return false;
            };
            marks.iter().any(|(p, ms)| {
                *p == path
                    && ms.iter().any(|m| {
                        line >= m.first
                            && line <= m.last
                            && m.rules.iter().any(|r| r == f.rule || r == "all")
                    })
            })
        })
    });
}

/// Drops findings that an inline comment suppresses, reading the SQL and code files the
/// findings point at (paths relative to `root` when they are relative).
pub fn apply_suppressions(findings: &mut Vec<Finding>, root: Option<&Path>) {
    let mut paths: Vec<String> = findings
        .iter()
        .flat_map(|f| f.locations.iter())
        .filter_map(|l| l.path.clone())
        .collect();
    paths.sort();
    paths.dedup();
    let texts = read_sql_texts(&paths, root);
    let files: Vec<SqlText> = texts
        .iter()
        .map(|(p, t)| SqlText { path: p, text: t })
        .collect();
    apply_suppressions_in(findings, &files);
}
