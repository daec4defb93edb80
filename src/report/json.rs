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
    let doc = serde_json::json!({
        "schemadrift": "1",
        "sources": report.sources,
        "findings": report.findings,
        "summary": summary,
    });
    let mut out =
        serde_json::to_string_pretty(&doc).unwrap_or_else(|e| format!("{{\"error\": \"{e}\"}}"));
    out.push('\n');
    out
}
