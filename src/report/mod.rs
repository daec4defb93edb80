//! Reports: the findings of a run, in the formats of PRODUCT.md §5–§6.

pub mod html;
pub mod json;
pub mod markdown;
pub mod sarif;
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
#[derive(Default)]
pub struct Report {
    pub sources: Vec<SourceInfo>,
    pub findings: Vec<Finding>,
    /// The catalogs compared, by label, for side-by-side tables (markdown, html).
    pub catalogs: Vec<(String, crate::catalog::Catalog)>,
    /// The folder that relative locations are relative to (to quote source lines).
    pub root: Option<std::path::PathBuf>,
}

impl Report {
    pub fn count(&self, s: Severity) -> usize {
        self.findings.iter().filter(|f| f.severity == s).count()
    }

    /// The source line a location points at, if the file can be read.
    pub fn source_line(&self, loc: &crate::findings::Location) -> Option<String> {
        let (path, line) = (loc.path.as_ref()?, loc.line?);
        let p = std::path::Path::new(path);
        let full = match &self.root {
            Some(r) if p.is_relative() => r.join(p),
            _ => p.to_path_buf(),
        };
        let text = crate::sources::fsread::read_optional(&full)?;
        let l = text.lines().nth(line.checked_sub(1)? as usize)?;
        Some(l.trim_end().to_string())
    }

    /// Whether anything at or above the threshold was found (exit status 1).
    pub fn fails(&self, threshold: Severity) -> bool {
        self.findings.iter().any(|f| f.severity >= threshold)
    }
}
