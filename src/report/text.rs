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
                f.object,
                f.message
            );
            for l in &f.locations {
                let _ = writeln!(out, "      at {}", l.display());
                if let Some(line) = report.source_line(l) {
                    let _ = writeln!(out, "       | {}", line.trim());
                }
            }
            if let (Some(e), Some(a)) = (&f.expected, &f.actual) {
                let _ = writeln!(
                    out,
                    "      expected ({}): {}\n      actual   ({}): {}",
                    e.source, e.value, a.source, a.value
                );
            }
            if let Some(fix) = &f.fix {
                for line in fix.lines() {
                    let _ = writeln!(out, "      fix: {line}");
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
    if let Some(line) = report.baseline_summary() {
        let _ = writeln!(out, "{line}");
        for e in report.baseline.iter().flat_map(|b| &b.gone) {
            let _ = writeln!(out, "  gone: [{}] {}", e.rule, e.object);
        }
    }
    out
}
