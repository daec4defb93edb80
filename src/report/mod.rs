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
    /// Other files of the same kind that discovery found and did not compare (the evidence
    /// favoured this one).
    #[serde(skip_serializing_if = "Vec::is_empty")]
    pub also_found: Vec<String>,
}

/// The longest source line quoted under a finding, in characters.
pub const MAX_SNIPPET_CHARS: usize = 200;

/// Source files read for quoting lines, by path (None: could not be read).
#[derive(Default)]
pub struct SourceCache {
    files: std::collections::HashMap<std::path::PathBuf, Option<(String, Vec<usize>)>>,
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
        self.source_line_cached(loc, &mut SourceCache::default())
    }

    /// [`Report::source_line`] with the files read once per report (each file is read and
    /// indexed by line the first time, not once per finding), cut to [`MAX_SNIPPET_CHARS`]:
    /// a report on a long single-line file stays the size of its findings.
    pub fn source_line_cached(
        &self,
        loc: &crate::findings::Location,
        cache: &mut SourceCache,
    ) -> Option<String> {
        let (path, line) = (loc.path.as_ref()?, loc.line?);
        let p = std::path::Path::new(path);
        let full = match &self.root {
            Some(r) if p.is_relative() && r.join(p).exists() => r.join(p),
            _ => p.to_path_buf(),
        };
        let file = cache.files.entry(full.clone()).or_insert_with(|| {
            crate::sources::fsread::read_optional(&full).map(|text| {
                let mut starts = vec![0];
                starts.extend(memchr::memchr_iter(b'\n', text.as_bytes()).map(|i| i + 1));
                (text, starts)
            })
        });
        let (text, starts) = file.as_ref()?;
        let i = line.checked_sub(1)? as usize;
        let start = *starts.get(i)?;
        let end = starts.get(i + 1).map_or(text.len(), |e| e - 1);
        let l = text.get(start..end)?.trim_end();
        Some(match l.char_indices().nth(MAX_SNIPPET_CHARS) {
            Some((cut, _)) => format!("{}…", &l[..cut]),
            None => l.to_string(),
        })
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
