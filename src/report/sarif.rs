//! SARIF 2.1.0, in the shape GitHub code scanning accepts: one run; every rule that fired
//! with its `explain` text as help (plain and markdown), a short description, and
//! `security-severity` with a `security` tag on the row-level-security and SECURITY DEFINER
//! rules; one result per finding with at least one physical location (see
//! [`super::place`]), URIs relative to the repository root under `%SRCROOT%`, and
//! `partialFingerprints` from the baseline fingerprint so an alert keeps its identity when
//! lines move.

use super::Report;
use super::place::Placer;
use crate::findings::{RuleDoc, Severity, all_rules, fingerprint};
use serde_json::{Value, json};
use std::collections::BTreeSet;

/// The base id of every artifact URI.
pub const SRCROOT: &str = "%SRCROOT%";

/// The key of schemadrift's fingerprint in `partialFingerprints`.
pub const FINGERPRINT_KEY: &str = "schemadriftFingerprint/v1";

pub fn level(s: Severity) -> &'static str {
    match s {
        Severity::Critical | Severity::High => "error",
        Severity::Medium => "warning",
        Severity::Low | Severity::Info => "note",
    }
}

/// GitHub's `security-severity` (0–10: 9+ critical, 7+ high, 4+ medium) for the rules about
/// who may read or change rows, and about code that runs with its owner's rights.
pub fn security_severity(rule: &str) -> Option<&'static str> {
    Some(match rule {
        "rls-disabled" | "policy-always-true" | "security-definer-view" => "8.5",
        "rls-mismatch" | "rls-references-user-metadata" => "7.5",
        "security-definer-search-path" => "6.5",
        "policy-mismatch" => "5.0",
        "rls-enabled-no-policy" => "3.0",
        _ => return None,
    })
}

/// A description short enough for a list: the first sentence, cut at a word near 100
/// characters.
pub fn short_description(doc: &RuleDoc) -> String {
    let s = crate::findings::summary(doc).trim();
    if s.chars().count() <= 100 {
        return s.to_string();
    }
    let cut: String = s.chars().take(100).collect();
    let at = cut.rfind(' ').unwrap_or(cut.len());
    format!("{}…", cut[..at].trim_end_matches([',', ';', ':']))
}

/// The explain text as markdown: its prose, then the Bad and Good examples as SQL blocks.
pub fn help_markdown(doc: &RuleDoc) -> String {
    let mut out = format!(
        "**{}** (default severity: {})\n\n",
        doc.id, doc.default_severity
    );
    let mut in_code = false;
    for line in doc.text.lines() {
        let example = line.starts_with("  ") || line.starts_with('\t');
        if in_code && !example {
            out.push_str("```\n\n");
            in_code = false;
        }
        if example {
            if !in_code {
                out.push_str("```sql\n");
                in_code = true;
            }
            out.push_str(line.strip_prefix("  ").unwrap_or(line));
            out.push('\n');
        } else if matches!(line.trim(), "Bad:" | "Good:") {
            out.push_str(&format!("**{}**\n\n", line.trim()));
        } else {
            out.push_str(line);
            out.push('\n');
        }
    }
    if in_code {
        out.push_str("```\n");
    }
    out
}

/// `helpUri`: the rule's section of docs/rules.md in the repository the package names
/// (`repository` in Cargo.toml); none when it names none.
pub fn help_uri(id: &str) -> Option<String> {
    let repo = option_env!("CARGO_PKG_REPOSITORY").unwrap_or("");
    if repo.is_empty() {
        return None;
    }
    Some(format!(
        "{}/blob/main/docs/rules.md#{id}",
        repo.trim_end_matches('/')
    ))
}

fn descriptor(id: &str) -> Value {
    let doc = all_rules().find(|r| r.id == id);
    let sev = doc
        .and_then(|d| Severity::parse(d.default_severity))
        .unwrap_or(Severity::Medium);
    let (short, full, text, markdown) = match doc {
        Some(d) => (
            short_description(d),
            crate::findings::summary(d).to_string(),
            d.text.to_string(),
            help_markdown(d),
        ),
        None => (
            id.to_string(),
            id.to_string(),
            id.to_string(),
            id.to_string(),
        ),
    };
    let mut tags = vec!["schema"];
    let mut props = serde_json::Map::new();
    if let Some(s) = security_severity(id) {
        tags.push("security");
        props.insert("security-severity".into(), json!(s));
    }
    props.insert("tags".into(), json!(tags));
    let mut d = json!({
        "id": id,
        "name": id,
        "shortDescription": {"text": short},
        "fullDescription": {"text": full},
        "help": {"text": text, "markdown": markdown},
        "defaultConfiguration": {"level": level(sev)},
        "properties": props,
    });
    if let (Some(uri), Some(o)) = (help_uri(id), d.as_object_mut()) {
        o.insert("helpUri".into(), json!(uri));
    }
    d
}

pub fn render(report: &Report) -> String {
    let placer = Placer::new(report);
    let fired: BTreeSet<&str> = report.findings.iter().map(|f| f.rule).collect();
    let rules: Vec<&str> = fired.iter().copied().collect();
    let descriptors: Vec<Value> = rules.iter().map(|id| descriptor(id)).collect();
    let results: Vec<Value> = report
        .findings
        .iter()
        .map(|f| {
            let locations: Vec<Value> = placer
                .place(f)
                .into_iter()
                .map(|p| {
                    let mut phys = serde_json::Map::new();
                    phys.insert(
                        "artifactLocation".into(),
                        json!({"uri": p.uri, "uriBaseId": SRCROOT}),
                    );
                    if let Some(line) = p.line {
                        let mut region = serde_json::Map::new();
                        region.insert("startLine".into(), json!(line));
                        if let Some(col) = p.column {
                            region.insert("startColumn".into(), json!(col));
                        }
                        phys.insert("region".into(), Value::Object(region));
                    }
                    json!({"physicalLocation": phys})
                })
                .collect();
            let mut props = serde_json::Map::new();
            props.insert("severity".into(), json!(f.severity.as_str()));
            props.insert("object".into(), json!(f.object));
            if let Some(c) = f.confidence {
                props.insert("confidence".into(), json!(c));
            }
            if let Some(fix) = &f.fix {
                props.insert("fix".into(), json!(fix));
            }
            if let Some(s) = security_severity(f.rule) {
                props.insert("security-severity".into(), json!(s));
            }
            let mut text = f.message.clone();
            if let (Some(e), Some(a)) = (&f.expected, &f.actual) {
                text.push_str(&format!(
                    " (expected in {}: {}; actual in {}: {})",
                    e.source, e.value, a.source, a.value
                ));
            }
            if let Some(i) = &f.impact {
                text.push_str(&format!(" Impact: {i}"));
            }
            json!({
                "ruleId": f.rule,
                "ruleIndex": rules.iter().position(|r| *r == f.rule).unwrap_or(0),
                "level": level(f.severity),
                "message": {"text": text},
                "locations": locations,
                "partialFingerprints": {FINGERPRINT_KEY: fingerprint(f)},
                "properties": props,
            })
        })
        .collect();
    let mut run = json!({
        "tool": {"driver": {
            "name": "schemadrift",
            "version": env!("CARGO_PKG_VERSION"),
            "semanticVersion": env!("CARGO_PKG_VERSION"),
            "rules": descriptors,
        }},
        "originalUriBaseIds": {SRCROOT: {"uri": placer.top_uri()}},
        "results": results,
    });
    if let Some(b) = &report.baseline {
        run["properties"] = json!({"baselined": b.baselined, "baselineFile": b.file});
    }
    let doc = json!({
        "$schema": "https://json.schemastore.org/sarif-2.1.0.json",
        "version": "2.1.0",
        "runs": [run],
    });
    let mut out = serde_json::to_string_pretty(&doc).unwrap_or_default();
    out.push('\n');
    out
}
