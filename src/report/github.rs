//! `--format github`: GitHub Actions workflow commands, one annotation per finding
//! (`::error file=…,line=…,col=…,title=…::message`), placed like SARIF results (every
//! finding has a file, relative to the repository root). Then the summary as a notice.

use super::Report;
use super::place::Placer;
use crate::findings::Severity;

fn command(s: Severity) -> &'static str {
    match s {
        Severity::Critical | Severity::High => "error",
        Severity::Medium => "warning",
        Severity::Low | Severity::Info => "notice",
    }
}

/// The escaping of a workflow command's message.
fn data(s: &str) -> String {
    s.replace('%', "%25")
        .replace('\r', "%0D")
        .replace('\n', "%0A")
}

/// The escaping of a property value (`file=`, `title=`), which also ends at `,` and `:`.
fn property(s: &str) -> String {
    data(s).replace(':', "%3A").replace(',', "%2C")
}

/// No control character (an escape sequence from an identifier) reaches the log.
fn printable(s: &str) -> String {
    s.chars()
        .map(|c| if c.is_control() && c != '\n' { ' ' } else { c })
        .collect()
}

pub fn render(report: &Report) -> String {
    let placer = Placer::new(report);
    let mut out = String::new();
    for f in &report.findings {
        let at = placer.place(f).into_iter().next();
        let mut props = Vec::new();
        if let Some(p) = &at {
            // the annotation wants the path as it is in the repository, not URI-encoded
            let file = percent_decode(&p.uri);
            props.push(format!("file={}", property(&file)));
            if let Some(l) = p.line {
                props.push(format!("line={l}"));
                if let Some(c) = p.column {
                    props.push(format!("col={c}"));
                }
            }
        }
        props.push(format!(
            "title={}",
            property(&printable(&format!(
                "{} {} ({})",
                f.severity, f.rule, f.object
            )))
        ));
        let mut msg = f.message.clone();
        if let Some(fix) = &f.fix {
            msg.push_str(&format!("\nfix:\n{fix}"));
        }
        out.push_str(&format!(
            "::{} {}::{}\n",
            command(f.severity),
            props.join(","),
            data(&printable(&msg))
        ));
    }
    let mut summary = format!(
        "schemadrift: {} findings: {} critical, {} high, {} medium, {} low, {} info",
        report.findings.len(),
        report.count(Severity::Critical),
        report.count(Severity::High),
        report.count(Severity::Medium),
        report.count(Severity::Low),
        report.count(Severity::Info)
    );
    if let Some(b) = report.baseline_summary() {
        summary.push_str(&format!("; {b}"));
    }
    out.push_str(&format!(
        "::notice title=schemadrift::{}\n",
        data(&printable(&summary))
    ));
    out
}

fn percent_decode(s: &str) -> String {
    let bytes = s.as_bytes();
    let mut out = Vec::with_capacity(bytes.len());
    let mut i = 0;
    while i < bytes.len() {
        if bytes[i] == b'%'
            && i + 2 < bytes.len() + 1
            && let Some(h) = s
                .get(i + 1..i + 3)
                .and_then(|h| u8::from_str_radix(h, 16).ok())
        {
            out.push(h);
            i += 3;
            continue;
        }
        out.push(bytes[i]);
        i += 1;
    }
    String::from_utf8_lossy(&out).to_string()
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn escapes_what_github_reads_as_syntax() {
        assert_eq!(data("50%\nnext"), "50%25%0Anext");
        assert_eq!(property("a,b:c"), "a%2Cb%3Ac");
        assert_eq!(percent_decode("a%20b/%C3%A9.sql"), "a b/é.sql");
        assert_eq!(printable("x\u{1b}[31m"), "x [31m");
    }
}
