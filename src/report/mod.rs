//! Reports: the findings of a run, in the formats of PRODUCT.md §5–§6.

pub mod github;
pub mod html;
pub mod json;
pub mod markdown;
pub mod place;
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
    /// What the baseline of accepted findings removed, when one was used.
    pub baseline: Option<crate::findings::baseline::Applied>,
    /// Kinds of source an audit looked for and did not find (the text report's header).
    pub not_found: Vec<String>,
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
            Some(r) if p.is_relative() && r.join(p).exists() => r.join(p),
            _ => p.to_path_buf(),
        };
        let text = std::fs::read_to_string(full).ok()?;
        let l = text.lines().nth(line.checked_sub(1)? as usize)?;
        Some(l.trim_end().to_string())
    }

    /// One sentence on the baseline: how many findings it accepted, how many are gone.
    pub fn baseline_summary(&self) -> Option<String> {
        let b = self.baseline.as_ref()?;
        let mut s = format!(
            "{} baselined finding{} not shown (baseline {})",
            b.baselined,
            if b.baselined == 1 { "" } else { "s" },
            b.file
        );
        if !b.gone.is_empty() {
            s.push_str(&format!(
                "; {} baselined finding{} no longer found (fixed? run `schemadrift baseline` to forget {}):",
                b.gone.len(),
                if b.gone.len() == 1 { " is" } else { "s are" },
                if b.gone.len() == 1 { "it" } else { "them" }
            ));
        }
        Some(s)
    }

    /// Whether anything at or above the threshold was found (exit status 1).
    pub fn fails(&self, threshold: Severity) -> bool {
        self.findings.iter().any(|f| f.severity >= threshold)
    }
}
