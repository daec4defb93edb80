//! Inline suppression: `-- schemadrift-ignore: rule-id[, rule-id …]` on the line(s) before a
//! statement silences those rules for findings located in that statement (`all` silences
//! every rule there).
//!
//! ```sql
//! -- schemadrift-ignore: rls-disabled, missing-primary-key
//! CREATE TABLE public.spatial_ref_sys (srid int, srtext text);
//! ```

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

fn markers(text: &str) -> Vec<Marker> {
    if !text.contains("schemadrift-ignore") {
        return Vec::new();
    }
    let Ok(re) = regex::Regex::new(r"--\s*schemadrift-ignore\s*:\s*([A-Za-z0-9_,\s-]+)") else {
        return Vec::new();
    };
    let script = crate::sql::Script::parse(text);
    let mut out = Vec::new();
    let mut offset = 0usize;
    for (i, line) in text.split_inclusive('\n').enumerate() {
        let line_no = i as u32 + 1;
        let line_end = offset + line.len();
        if let Some(c) = re.captures(line) {
            let rules: Vec<String> = c[1]
                .split([',', ' ', '\t', '\r', '\n'])
                .map(str::trim)
                .filter(|s| !s.is_empty())
                .map(str::to_ascii_lowercase)
                .collect();
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
        .map(|f| (f.path, markers(f.text)))
        .filter(|(_, m)| !m.is_empty())
        .collect();
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

/// Drops findings that an inline comment suppresses, reading the SQL files the findings point
/// at (paths relative to `root` when they are relative).
pub fn apply_suppressions(findings: &mut Vec<Finding>, root: Option<&Path>) {
    let mut paths: Vec<String> = findings
        .iter()
        .flat_map(|f| f.locations.iter())
        .filter_map(|l| l.path.clone())
        .filter(|p| p.to_ascii_lowercase().ends_with(".sql"))
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
