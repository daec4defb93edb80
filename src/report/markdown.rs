//! The markdown report: what a careful engineer would write after a day of comparing —
//! a summary, the critical issues with their impact, then per table a side-by-side column
//! table (one column per source, a status mark), the tables present on one side only, and
//! the fixes.

use super::Report;
use crate::catalog::{Catalog, Column, QualName, Table};
use crate::findings::{Finding, Severity};
use std::collections::{BTreeMap, BTreeSet};
use std::fmt::Write;

/// Text from a source (a message, a label) in a table cell or a line: every markdown
/// special is escaped, so a name like `<img onerror=…>`, `*x*` or `[a](b)` reads as itself.
/// Code spans the message itself makes (an even number of backticks) stay code spans, whose
/// content markdown shows literally; with an odd number every backtick is escaped too.
fn cell(s: &str) -> String {
    let spans = s.matches('`').count().is_multiple_of(2);
    let mut out = String::with_capacity(s.len());
    let mut in_code = false;
    for c in s.chars() {
        match c {
            '\n' | '\r' => out.push(' '),
            '`' if spans => {
                in_code = !in_code;
                out.push(c);
            }
            '|' => out.push_str("\\|"),
            '\\' | '`' | '*' | '_' | '[' | ']' | '<' | '>' | '#' | '!' | '~' | '&' if !in_code => {
                out.push('\\');
                out.push(c);
            }
            c => out.push(c),
        }
    }
    out
}

/// A name or other source text as a code span: a fence longer than any run of backticks in
/// it, `|` escaped (GitHub reads `\|` inside a code span in a table as `|`), on one line.
fn code(s: &str) -> String {
    let flat = s.replace(['\n', '\r'], " ").replace('|', "\\|");
    let longest = flat.split(|c| c != '`').map(str::len).max().unwrap_or(0);
    let fence = "`".repeat(longest + 1);
    if longest == 0 {
        format!("{fence}{flat}{fence}")
    } else {
        format!("{fence} {flat} {fence}")
    }
}

/// A fenced code block around text from a source: a fence longer than any in it.
fn fence_for(s: &str) -> String {
    let longest = s.split(|c| c != '`').map(str::len).max().unwrap_or(0);
    "`".repeat(longest.max(2) + 1)
}

fn mark(s: Option<Severity>) -> &'static str {
    match s {
        None => "✅",
        Some(Severity::Critical | Severity::High) => "❌",
        Some(_) => "⚠️",
    }
}

fn column_text(c: &Column) -> String {
    // generated types show the TypeScript type they hold, without the `ts:` marker
    let mut s = crate::catalog::types::display_type(&c.data_type).to_string();
    if c.not_null {
        s.push_str(" NOT NULL");
    }
    if let Some(d) = &c.default
        && !d.normalized.is_empty()
    {
        s.push_str(&format!(" DEFAULT {}", d.normalized));
    }
    if c.identity.is_some() {
        s.push_str(" IDENTITY");
    }
    s
}

/// Renames found, expected name → actual name: tables by qualified name, columns by
/// (table, column).
struct Renames {
    tables: BTreeMap<String, String>,
    columns: BTreeMap<(String, String), String>,
}

fn renames(findings: &[Finding]) -> Renames {
    let mut r = Renames {
        tables: BTreeMap::new(),
        columns: BTreeMap::new(),
    };
    for f in findings {
        let (Some(e), Some(a)) = (&f.expected, &f.actual) else {
            continue;
        };
        match f.rule {
            "renamed-table" => {
                r.tables.insert(e.value.clone(), a.value.clone());
            }
            "renamed-column" => {
                if let Some((table, _)) = f.object.rsplit_once('.') {
                    r.columns
                        .insert((table.to_string(), e.value.clone()), a.value.clone());
                }
            }
            _ => {}
        }
    }
    r
}

fn table_in<'a>(c: &'a Catalog, q: &str, r: &Renames) -> Option<&'a Table> {
    let find = |name: &str| {
        let (s, n) = name.split_once('.')?;
        c.table(&QualName::new(s, n))
    };
    find(q).or_else(|| r.tables.get(q).and_then(|a| find(a)))
}

/// The markdown report; no control character from a source (an escape sequence in a quoted
/// identifier) is kept.
pub fn render(report: &Report) -> String {
    render_raw(report)
        .chars()
        .map(|c| {
            if c.is_control() && c != '\n' {
                '\u{fffd}'
            } else {
                c
            }
        })
        .collect()
}

fn render_raw(report: &Report) -> String {
    let mut out = String::new();
    let _ = writeln!(out, "# Schema drift report\n");
    let _ = writeln!(
        out,
        "| Source | Kind | Location | Objects |\n|---|---|---|---|"
    );
    for s in &report.sources {
        let _ = writeln!(
            out,
            "| {} | {} | {} | {} |",
            cell(&s.id),
            cell(&s.kind),
            code(&s.location),
            s.objects
        );
    }
    let _ = writeln!(
        out,
        "\n**{} findings**: {} critical, {} high, {} medium, {} low, {} info.\n",
        report.findings.len(),
        report.count(Severity::Critical),
        report.count(Severity::High),
        report.count(Severity::Medium),
        report.count(Severity::Low),
        report.count(Severity::Info)
    );
    if let Some(line) = report.baseline_summary() {
        let _ = writeln!(out, "{}\n", cell(&line));
        for e in report.baseline.iter().flat_map(|b| &b.gone) {
            let _ = writeln!(
                out,
                "- gone: `{}` {}",
                cell(e.rule.as_str()),
                cell(&e.object)
            );
        }
        if report.baseline.as_ref().is_some_and(|b| !b.gone.is_empty()) {
            out.push('\n');
        }
    }

    let serious: Vec<&Finding> = report
        .findings
        .iter()
        .filter(|f| f.severity >= Severity::High)
        .collect();
    if !serious.is_empty() {
        let _ = writeln!(out, "## Critical issues\n");
        let _ = writeln!(out, "| | Object | Problem | Impact |\n|---|---|---|---|");
        for f in &serious {
            let _ = writeln!(
                out,
                "| {} {} | {} | {} | {} |",
                mark(Some(f.severity)),
                f.severity,
                code(&f.object),
                cell(&f.message),
                cell(f.impact.as_deref().unwrap_or(""))
            );
        }
        out.push('\n');
    }

    side_by_side(report, &mut out);

    let fixes: Vec<&Finding> = report
        .findings
        .iter()
        .filter(|f| f.severity >= Severity::Medium && f.fix.is_some())
        .collect();
    if !fixes.is_empty() {
        let _ = writeln!(out, "## Required fixes\n");
        for f in fixes {
            let fix = f.fix.as_deref().unwrap_or("");
            let fence = fence_for(fix);
            let _ = writeln!(
                out,
                "- **{}** {} ({})\n\n  {fence}sql\n{}\n  {fence}\n",
                f.rule,
                code(&f.object),
                f.severity,
                fix.lines()
                    .map(|l| format!("  {l}"))
                    .collect::<Vec<_>>()
                    .join("\n")
            );
        }
    }

    let _ = writeln!(out, "## All findings\n");
    for s in Severity::ALL {
        let group: Vec<&Finding> = report.findings.iter().filter(|f| f.severity == s).collect();
        if group.is_empty() {
            continue;
        }
        let _ = writeln!(out, "### {} ({})\n", s.as_str().to_uppercase(), group.len());
        for f in group {
            let at = f
                .locations
                .first()
                .map(|l| format!(" — {}", code(&l.display())))
                .unwrap_or_default();
            let _ = writeln!(
                out,
                "- `{}` **{}**: {}{at}",
                f.rule,
                cell(&f.object),
                cell(&f.message)
            );
        }
        out.push('\n');
    }
    out
}

/// Per table with drift: one row per column, one column per source.
fn side_by_side(report: &Report, out: &mut String) {
    if report.catalogs.len() < 2 {
        return;
    }
    let r = renames(&report.findings);
    // worst severity of the findings about each object (`schema.table` or `schema.table.col`)
    let mut worst: BTreeMap<String, Severity> = BTreeMap::new();
    for f in &report.findings {
        let key = f.object.split('/').next().unwrap_or(&f.object).to_string();
        let e = worst.entry(key).or_insert(f.severity);
        if f.severity > *e {
            *e = f.severity;
        }
    }
    let first = &report.catalogs[0].1;
    let mut tables: BTreeSet<String> = first
        .tables()
        .filter(|t| !crate::catalog::dump::is_platform_schema(&t.schema))
        .map(|t| t.qual_name().to_string())
        .collect();
    for (_, c) in &report.catalogs[1..] {
        for t in c.tables() {
            let q = t.qual_name().to_string();
            if !crate::catalog::dump::is_platform_schema(&t.schema)
                && !r.tables.values().any(|v| *v == q)
            {
                tables.insert(q);
            }
        }
    }
    let mut one_side = Vec::new();
    let mut wrote_heading = false;
    for q in &tables {
        let present: Vec<Option<&Table>> = report
            .catalogs
            .iter()
            .map(|(_, c)| table_in(c, q, &r))
            .collect();
        if present.iter().filter(|t| t.is_some()).count() < present.len() {
            let have: Vec<&str> = report
                .catalogs
                .iter()
                .zip(&present)
                .filter(|(_, t)| t.is_some())
                .map(|((l, _), _)| l.as_str())
                .collect();
            one_side.push(format!(
                "- {} — only in {}",
                code(q),
                cell(&have.join(", "))
            ));
            continue;
        }
        let has_drift = worst
            .keys()
            .any(|k| k == q || k.starts_with(&format!("{q}.")));
        if !has_drift {
            continue;
        }
        if !wrote_heading {
            let _ = writeln!(
                out,
                "## Tables side by side\n\n✅ same everywhere · ⚠️ differs (low or medium) · ❌ missing or differs (high or critical)\n"
            );
            wrote_heading = true;
        }
        let renamed = r
            .tables
            .get(q)
            .map(|a| format!(" (→ {})", code(a)))
            .unwrap_or_default();
        let _ = writeln!(out, "### {}{renamed}\n", code(q));
        let mut header = String::from("| Column |");
        let mut rule = String::from("|---|");
        for (label, _) in &report.catalogs {
            let _ = write!(header, " {} |", cell(label));
            rule.push_str("---|");
        }
        let _ = writeln!(out, "{header} Status |\n{rule}---|");
        // rows: the first source's columns, then columns only others have
        let base = present[0]
            .map(|t| t.columns.iter().map(|c| c.name.clone()).collect::<Vec<_>>())
            .unwrap_or_default();
        let mut rows: Vec<String> = base.clone();
        for t in present.iter().skip(1).flatten() {
            for c in &t.columns {
                let is_renamed_target =
                    r.columns.iter().any(|((tq, _), a)| tq == q && *a == c.name);
                if !rows.contains(&c.name) && !is_renamed_target {
                    rows.push(c.name.clone());
                }
            }
        }
        for col in rows {
            let target = r.columns.get(&(q.clone(), col.clone())).cloned();
            let mut line = match &target {
                Some(a) => format!("| {} → {} |", code(&col), code(a)),
                None => format!("| {} |", code(&col)),
            };
            for (i, t) in present.iter().enumerate() {
                let name = if i == 0 {
                    col.clone()
                } else {
                    target.clone().unwrap_or(col.clone())
                };
                let text = t
                    .and_then(|t| t.column(&name).or_else(|| t.column(&col)))
                    .map(column_text)
                    .unwrap_or_else(|| "—".into());
                let _ = write!(line, " {} |", cell(&text));
            }
            let status = worst.get(&format!("{q}.{col}")).copied();
            let _ = writeln!(out, "{line} {} |", mark(status));
        }
        out.push('\n');
    }
    if !one_side.is_empty() {
        let _ = writeln!(out, "## Tables on one side only\n");
        for l in one_side {
            let _ = writeln!(out, "{l}");
        }
        out.push('\n');
    }
}
