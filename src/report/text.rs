//! The text report: grouped by severity, the location under each finding.

use super::Report;
use crate::findings::Severity;
use std::fmt::Write;

pub fn render(report: &Report, color: bool) -> String {
    let mut out = String::new();
    let paint = |s: Severity, t: &str| -> String {
        if !color {
            return t.to_string();
        }
        let code = match s {
            Severity::Critical => "1;31",
            Severity::High => "31",
            Severity::Medium => "33",
            Severity::Low => "36",
            Severity::Info => "2",
        };
        format!("\x1b[{code}m{t}\x1b[0m")
    };
    let mut cache = super::SourceCache::default();
    for s in Severity::ALL {
        let group: Vec<_> = report.findings.iter().filter(|f| f.severity == s).collect();
        if group.is_empty() {
            continue;
        }
        let _ = writeln!(
            out,
            "{}",
            paint(
                s,
                &format!("{} ({})", s.as_str().to_uppercase(), group.len())
            )
        );
        for f in group {
            let _ = writeln!(
                out,
                "  {} {}  {}",
                paint(s, &format!("[{}]", f.rule)),
                plain(&f.object),
                plain(&f.message)
            );
            for l in &f.locations {
                let _ = writeln!(out, "      at {}", plain(&l.display()));
                if let Some(line) = report.source_line_cached(l, &mut cache) {
                    let _ = writeln!(out, "       | {}", plain(line.trim()));
                }
            }
            if let (Some(e), Some(a)) = (&f.expected, &f.actual) {
                let _ = writeln!(
                    out,
                    "      expected ({}): {}\n      actual   ({}): {}",
                    plain(&e.source),
                    plain(&e.value),
                    plain(&a.source),
                    plain(&a.value)
                );
            }
            if let Some(fix) = &f.fix {
                for line in fix.lines() {
                    let _ = writeln!(out, "      fix: {}", plain(line));
                }
            }
        }
        out.push('\n');
    }
    let _ = writeln!(
        out,
        "{} findings: {} critical, {} high, {} medium, {} low, {} info",
        report.findings.len(),
        report.count(Severity::Critical),
        report.count(Severity::High),
        report.count(Severity::Medium),
        report.count(Severity::Low),
        report.count(Severity::Info)
    );
    out
}

/// Text from a source on one line of the report: a newline in a name cannot start a line that
/// looks like another finding, and control characters (a terminal escape in a name) are shown
/// escaped rather than sent to the terminal.
fn plain(s: &str) -> std::borrow::Cow<'_, str> {
    if !s.chars().any(char::is_control) {
        return std::borrow::Cow::Borrowed(s);
    }
    let mut out = String::with_capacity(s.len() + 8);
    for c in s.chars() {
        match c {
            '\n' => out.push_str("\\n"),
            '\r' => out.push_str("\\r"),
            '\t' => out.push_str("\\t"),
            c if c.is_control() => out.push_str(&format!("\\u{{{:x}}}", c as u32)),
            c => out.push(c),
        }
    }
    std::borrow::Cow::Owned(out)
}
