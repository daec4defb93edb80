//! The JSON report (PRODUCT.md §6): `schemadrift`, `sources`, `findings`, `summary`.

use super::Report;
use crate::findings::Severity;

pub fn render(report: &Report) -> String {
    let mut summary = serde_json::Map::new();
    for s in Severity::ALL {
        summary.insert(
            s.as_str().to_string(),
            serde_json::Value::from(report.count(s)),
        );
    }
    // each finding carries its baseline fingerprint (a field added to the §6 contract)
    let findings: Vec<serde_json::Value> = report
        .findings
        .iter()
        .map(|f| {
            let mut v = serde_json::to_value(f).unwrap_or_default();
            if let Some(o) = v.as_object_mut() {
                o.insert(
                    "fingerprint".into(),
                    serde_json::Value::from(crate::findings::fingerprint(f)),
                );
            }
            v
        })
        .collect();
    let mut doc = serde_json::json!({
        "schemadrift": "1",
        "sources": report.sources,
        "findings": findings,
        "summary": summary,
    });
    if let (Some(b), Some(o)) = (&report.baseline, doc.as_object_mut()) {
        o.insert(
            "baseline".into(),
            serde_json::to_value(b).unwrap_or_default(),
        );
    }
    let mut out =
        serde_json::to_string_pretty(&doc).unwrap_or_else(|e| format!("{{\"error\": \"{e}\"}}"));
    out.push('\n');
    out
}
