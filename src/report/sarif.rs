//! SARIF 2.1.0 (for code scanning): one run, every rule that fired with its explain text,
//! one result per finding pointing at the migration or code lines.

use super::Report;
use crate::findings::{Severity, all_rules};
use serde_json::{Value, json};
use std::collections::BTreeSet;

fn level(s: Severity) -> &'static str {
    match s {
        Severity::Critical | Severity::High => "error",
        Severity::Medium => "warning",
        Severity::Low | Severity::Info => "note",
    }
}

pub fn render(report: &Report) -> String {
    let fired: BTreeSet<&str> = report.findings.iter().map(|f| f.rule).collect();
    let rules: Vec<&str> = fired.iter().copied().collect();
    let descriptors: Vec<Value> = rules
        .iter()
        .map(|id| {
            let doc = all_rules().find(|r| r.id == *id);
            let text = doc.map(|d| d.text).unwrap_or("");
            let short = text.split(". ").next().unwrap_or(id);
            let sev = doc
                .and_then(|d| Severity::parse(d.default_severity))
                .unwrap_or(Severity::Medium);
            json!({
                "id": id,
                "name": id,
                "shortDescription": {"text": short},
                "fullDescription": {"text": text},
                "help": {"text": text},
                "defaultConfiguration": {"level": level(sev)},
            })
        })
        .collect();
    let results: Vec<Value> = report
        .findings
        .iter()
        .map(|f| {
            let locations: Vec<Value> = f
                .locations
                .iter()
                .filter_map(|l| {
                    let path = l.path.as_ref()?;
                    let mut region = serde_json::Map::new();
                    if let Some(line) = l.line {
                        region.insert("startLine".into(), json!(line.max(1)));
                        if let Some(col) = l.column {
                            region.insert("startColumn".into(), json!(col.max(1)));
                        }
                    }
                    let mut phys = serde_json::Map::new();
                    phys.insert(
                        "artifactLocation".into(),
                        json!({"uri": path.replace('\\', "/")}),
                    );
                    if !region.is_empty() {
                        phys.insert("region".into(), Value::Object(region));
                    }
                    Some(json!({"physicalLocation": phys}))
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
            let mut text = f.message.clone();
            if let Some(i) = &f.impact {
                text.push_str(&format!(" Impact: {i}"));
            }
            json!({
                "ruleId": f.rule,
                "ruleIndex": rules.iter().position(|r| *r == f.rule).unwrap_or(0),
                "level": level(f.severity),
                "message": {"text": text},
                "locations": locations,
                "properties": props,
            })
        })
        .collect();
    let doc = json!({
        "$schema": "https://json.schemastore.org/sarif-2.1.0.json",
        "version": "2.1.0",
        "runs": [{
            "tool": {"driver": {
                "name": "schemadrift",
                "version": env!("CARGO_PKG_VERSION"),
                "rules": descriptors,
            }},
            "results": results,
        }],
    });
    let mut out = serde_json::to_string_pretty(&doc).unwrap_or_default();
    out.push('\n');
    out
}
