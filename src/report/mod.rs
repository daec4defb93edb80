//! Reports: the findings of a run, in the formats of PRODUCT.md §5–§6.

pub mod json;
pub mod text;

use crate::findings::{Finding, Severity};
use serde::Serialize;

/// A source that took part in a run, for the report header.
#[derive(Clone, Debug, Serialize)]
pub struct SourceInfo {
    pub id: String,
    pub kind: String,
    pub location: String,
    #[serde(skip_serializing_if = "Option::is_none")]
    pub convention: Option<String>,
    pub objects: usize,
}

/// Everything a report needs.
pub struct Report {
    pub sources: Vec<SourceInfo>,
    pub findings: Vec<Finding>,
}

impl Report {
    pub fn count(&self, s: Severity) -> usize {
        self.findings.iter().filter(|f| f.severity == s).count()
    }

    /// Whether anything at or above the threshold was found (exit status 1).
    pub fn fails(&self, threshold: Severity) -> bool {
        self.findings.iter().any(|f| f.severity >= threshold)
    }
}
