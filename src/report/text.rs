//! The text report, for a person at a terminal: what was read, then one line per finding
//! (wrapped to the terminal's width, its file:line once), grouped by severity; within a
//! severity in migration order, so that a cause stands before what it causes. `--verbose`
//! adds the source line, the two sides of a drift, the impact and the fix SQL;
//! `--statistics` the count per rule; `--quiet` only the summary.

use super::Report;
use crate::findings::{Finding, Location, Severity};
use anstyle::{AnsiColor, Style};
use std::fmt::Write;

/// How to write the text report.
#[derive(Clone, Debug, Default)]
pub struct TextOptions {
    /// ANSI colours (the caller decides: `--color`, NO_COLOR, CLICOLOR_FORCE, a terminal).
    pub color: bool,
    /// Wrap to this many columns; `None`: one line per finding, never wrapped.
    pub width: Option<usize>,
    pub verbose: bool,
    pub quiet: bool,
    pub statistics: bool,
}

fn style(s: Severity) -> Style {
    match s {
        Severity::Critical => AnsiColor::Red.on_default().bold(),
        Severity::High => AnsiColor::Red.on_default(),
        Severity::Medium => AnsiColor::Yellow.on_default(),
        Severity::Low => AnsiColor::Cyan.on_default(),
        Severity::Info => Style::new().dimmed(),
    }
}

struct Painter {
    color: bool,
}

impl Painter {
    fn paint(&self, st: Style, t: &str) -> String {
        if self.color {
            format!("{st}{t}{st:#}")
        } else {
            t.to_string()
        }
    }
    fn dim(&self, t: &str) -> String {
        self.paint(Style::new().dimmed(), t)
    }
    fn bold(&self, t: &str) -> String {
        self.paint(Style::new().bold(), t)
    }
}

/// Text from sources (identifiers, file names, SQL) without control characters: an escape
/// sequence in a quoted identifier never reaches the terminal.
pub fn printable(s: &str) -> String {
    s.chars()
        .map(|c| {
            if c == '\t' {
                ' '
            } else if c.is_control() {
                '\u{fffd}'
            } else {
                c
            }
        })
        .collect()
}

/// The message without the file:line it starts with (or names as "at file:line") when that is
/// the finding's first location: the report prints it once, in front.
fn without_location(msg: &str, loc: Option<&Location>) -> String {
    let Some(l) = loc else {
        return msg.to_string();
    };
    let (Some(path), Some(line)) = (l.path.as_deref(), l.line) else {
        return msg.to_string();
    };
    let mut forms = Vec::new();
    if let Some(c) = l.column {
        forms.push(format!("{path}:{line}:{c}"));
    }
    forms.push(format!("{path}:{line}"));
    let mut m = msg.to_string();
    for f in &forms {
        if let Some(rest) = m.strip_prefix(&format!("{f}: ")) {
            m = rest.to_string();
            break;
        }
    }
    // the statement's own first line, when the location is a line inside it
    if let Some(rest) = m.strip_prefix(&format!("{path}:"))
        && let Some((n, tail)) = rest.split_once(": ")
        && !n.is_empty()
        && n.chars().all(|c| c.is_ascii_digit())
    {
        m = format!("(statement at line {n}) {tail}");
    }
    for f in &forms {
        let infix = format!(" at {f}");
        if m.contains(&infix) {
            m = m.replacen(&infix, "", 1);
            break;
        }
    }
    m
}

/// Where a finding is shown: its first file location, else its first source.
fn place(f: &Finding) -> String {
    f.locations
        .iter()
        .find(|l| l.path.is_some())
        .or(f.locations.first())
        .map(Location::display)
        .unwrap_or_default()
}

/// The order of findings within a severity: files in order (migrations are named by their
/// version), lines in order, what has no file last.
fn order_key(f: &Finding) -> (u8, String, u32, String) {
    match f.locations.iter().find(|l| l.path.is_some()) {
        Some(l) => {
            let rank = match l.source.as_str() {
                "migrations" | "schema-file" => 0,
                "code" => 2,
                _ => 1,
            };
            (
                rank,
                l.path.clone().unwrap_or_default(),
                l.line.unwrap_or(0),
                f.object.clone(),
            )
        }
        None => (3, String::new(), 0, f.object.clone()),
    }
}

/// Wraps at spaces only (a path or an identifier is never cut), the first line indented by
/// `first`, the others by `rest`.
fn wrap(text: &str, width: Option<usize>, first: usize, rest: usize) -> String {
    match width {
        Some(w) if w > rest + 20 => {
            let (a, b) = (" ".repeat(first), " ".repeat(rest));
            let opts = textwrap::Options::new(w)
                .initial_indent(&a)
                .subsequent_indent(&b)
                .word_separator(textwrap::WordSeparator::AsciiSpace)
                .word_splitter(textwrap::WordSplitter::NoHyphenation)
                .break_words(false);
            textwrap::fill(text, opts)
        }
        _ => format!("{}{text}", " ".repeat(first)),
    }
}

fn header(report: &Report, p: &Painter, width: Option<usize>, out: &mut String) {
    if report.sources.is_empty() {
        return;
    }
    let _ = writeln!(out, "{}", p.bold("Read"));
    let kind_w = report
        .sources
        .iter()
        .map(|s| s.kind.len())
        .max()
        .unwrap_or(0);
    for s in &report.sources {
        let conv = s
            .convention
            .as_ref()
            .map(|c| format!(" ({c})"))
            .unwrap_or_default();
        let line = format!(
            "{:kind_w$}  {}{}, {} objects",
            printable(&s.kind),
            printable(&s.location),
            printable(&conv),
            s.objects
        );
        let _ = writeln!(out, "{}", wrap(&line, width, 2, kind_w + 4));
        if !s.also_found.is_empty() {
            let line = format!(
                "{:kind_w$}  also found, not compared: {}",
                "",
                printable(&s.also_found.join(", "))
            );
            let _ = writeln!(out, "{}", p.dim(&wrap(&line, width, 2, kind_w + 4)));
        }
    }
    if !report.not_found.is_empty() {
        let line = format!("not found: {}", printable(&report.not_found.join(", ")));
        let _ = writeln!(out, "{}", p.dim(&wrap(&line, width, 2, 4)));
    }
    out.push('\n');
}

pub fn render(report: &Report, opts: &TextOptions) -> String {
    let p = Painter { color: opts.color };
    let mut out = String::new();
    if !opts.quiet {
        header(report, &p, opts.width, &mut out);
        // each quoted file is read once per report, not once per finding
        let mut cache = super::SourceCache::default();
        for s in Severity::ALL {
            let mut group: Vec<&Finding> =
                report.findings.iter().filter(|f| f.severity == s).collect();
            if group.is_empty() {
                continue;
            }
            group.sort_by_key(|f| order_key(f));
            let _ = writeln!(
                out,
                "{}",
                p.paint(
                    style(s),
                    &format!("{} ({})", s.as_str().to_uppercase(), group.len())
                )
            );
            for f in group {
                finding(report, f, opts, &p, &mut cache, &mut out);
            }
            out.push('\n');
        }
        if opts.statistics {
            statistics(report, &p, &mut out);
        }
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
        let _ = writeln!(out, "{}", printable(&line));
        for e in report.baseline.iter().flat_map(|b| &b.gone) {
            let _ = writeln!(
                out,
                "  gone: [{}] {}",
                printable(&e.rule),
                printable(&e.object)
            );
        }
    }
    out
}

fn finding(
    report: &Report,
    f: &Finding,
    opts: &TextOptions,
    p: &Painter,
    cache: &mut super::SourceCache,
    out: &mut String,
) {
    let first = f.locations.iter().find(|l| l.path.is_some());
    let msg = printable(&without_location(&f.message, first));
    let object = printable(&f.object);
    let subject = if msg.contains(&object) {
        String::new()
    } else {
        format!("{object}: ")
    };
    // the pieces are wrapped as plain text, then the rule and place are painted
    let at = printable(&place(f));
    let plain = format!("{at}  [{}] {subject}{msg}", f.rule);
    let wrapped = wrap(&plain, opts.width, 2, 4);
    let mut lines = wrapped.lines();
    if let Some(head) = lines.next() {
        let head = head.replacen(&at, &p.bold(&at), 1).replacen(
            &format!("[{}]", f.rule),
            &p.paint(style(f.severity), &format!("[{}]", f.rule)),
            1,
        );
        let _ = writeln!(out, "{head}");
    }
    for l in lines {
        let _ = writeln!(out, "{l}");
    }
    if !opts.verbose {
        return;
    }
    for l in &f.locations {
        let shown = l.display();
        if shown != place(f) {
            let _ = writeln!(
                out,
                "      {}",
                p.dim(&format!("also at {}", printable(&shown)))
            );
        }
        if let Some(line) = report.source_line_cached(l, cache) {
            let _ = writeln!(out, "      {} {}", p.dim("|"), printable(line.trim()));
        }
    }
    if let (Some(e), Some(a)) = (&f.expected, &f.actual) {
        let _ = writeln!(
            out,
            "      expected ({}): {}\n      actual   ({}): {}",
            printable(&e.source),
            printable(&e.value),
            printable(&a.source),
            printable(&a.value)
        );
    }
    if let Some(i) = &f.impact {
        let _ = writeln!(
            out,
            "{}",
            wrap(&format!("impact: {}", printable(i)), opts.width, 6, 8)
        );
    }
    if let Some(fix) = &f.fix {
        let _ = writeln!(out, "      {}", p.dim("fix:"));
        for line in fix.lines() {
            let _ = writeln!(out, "        {}", printable(line));
        }
    }
}

fn statistics(report: &Report, p: &Painter, out: &mut String) {
    let mut counts: std::collections::BTreeMap<(Severity, &str), usize> = Default::default();
    for f in &report.findings {
        *counts.entry((f.severity, f.rule)).or_default() += 1;
    }
    if counts.is_empty() {
        return;
    }
    let mut rows: Vec<((Severity, &str), usize)> = counts.into_iter().collect();
    rows.sort_by(|a, b| b.0.0.cmp(&a.0.0).then(b.1.cmp(&a.1)).then(a.0.1.cmp(b.0.1)));
    let _ = writeln!(out, "{}", p.bold("Findings per rule"));
    for ((sev, rule), n) in rows {
        let _ = writeln!(
            out,
            "  {n:>5}  {}  {rule}",
            p.paint(style(sev), &format!("{:8}", sev.as_str()))
        );
    }
    out.push('\n');
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn the_location_is_said_once() {
        let l = Location::file("migrations", "m/1.sql", 3, 7);
        assert_eq!(
            without_location("m/1.sql:3: `X` fails: nope", Some(&l)),
            "`X` fails: nope"
        );
        assert_eq!(
            without_location(
                "the code uses t at m/1.sql:3:7; the database lacks it",
                Some(&l)
            ),
            "the code uses t; the database lacks it"
        );
        assert_eq!(
            without_location("m/2.sql:3: other", Some(&l)),
            "m/2.sql:3: other"
        );
        assert_eq!(printable("a\u{1b}[2Jb"), "a\u{fffd}[2Jb");
    }
}
