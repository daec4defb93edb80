//! Findings: what schemadrift reports. The JSON shape of a finding is public interface
//! (PRODUCT.md §6): fields may be added, never change meaning.

use serde::Serialize;
use std::fmt;

#[derive(Clone, Copy, Debug, PartialEq, Eq, PartialOrd, Ord, Hash, Serialize)]
#[serde(rename_all = "lowercase")]
pub enum Severity {
    Info,
    Low,
    Medium,
    High,
    Critical,
}

impl Severity {
    pub const ALL: [Severity; 5] = [
        Severity::Critical,
        Severity::High,
        Severity::Medium,
        Severity::Low,
        Severity::Info,
    ];

    pub fn as_str(self) -> &'static str {
        match self {
            Severity::Info => "info",
            Severity::Low => "low",
            Severity::Medium => "medium",
            Severity::High => "high",
            Severity::Critical => "critical",
        }
    }

    pub fn parse(s: &str) -> Option<Severity> {
        Severity::ALL
            .into_iter()
            .find(|v| v.as_str() == s.to_ascii_lowercase())
    }
}

impl fmt::Display for Severity {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.write_str(self.as_str())
    }
}

/// A place in a source: a file position, or a whole source (a database) with no file.
#[derive(Clone, Debug, PartialEq, Eq, Serialize)]
pub struct Location {
    pub source: String,
    #[serde(skip_serializing_if = "Option::is_none")]
    pub path: Option<String>,
    #[serde(skip_serializing_if = "Option::is_none")]
    pub line: Option<u32>,
    #[serde(skip_serializing_if = "Option::is_none")]
    pub column: Option<u32>,
}

impl Location {
    pub fn file(source: &str, path: &str, line: u32, column: u32) -> Self {
        Location {
            source: source.to_string(),
            path: Some(path.to_string()),
            line: Some(line),
            column: Some(column),
        }
    }

    pub fn source_only(source: &str) -> Self {
        Location {
            source: source.to_string(),
            path: None,
            line: None,
            column: None,
        }
    }

    pub fn from_origin(origin: &crate::catalog::Origin) -> Self {
        match &origin.file {
            Some(f) => Location::file(&origin.source, f, origin.line, origin.column),
            None => Location::source_only(&origin.source),
        }
    }

    pub fn display(&self) -> String {
        match (&self.path, self.line, self.column) {
            (Some(p), Some(l), Some(c)) => format!("{p}:{l}:{c}"),
            (Some(p), Some(l), None) => format!("{p}:{l}"),
            (Some(p), None, _) => p.clone(),
            _ => self.source.clone(),
        }
    }
}

/// One side of a drift finding: which source, and what it says.
#[derive(Clone, Debug, PartialEq, Eq, Serialize)]
pub struct Side {
    pub source: String,
    pub value: String,
}

#[derive(Clone, Debug, Serialize)]
pub struct Finding {
    pub rule: &'static str,
    pub severity: Severity,
    pub object: String,
    pub message: String,
    #[serde(skip_serializing_if = "Option::is_none")]
    pub expected: Option<Side>,
    #[serde(skip_serializing_if = "Option::is_none")]
    pub actual: Option<Side>,
    pub locations: Vec<Location>,
    #[serde(skip_serializing_if = "Option::is_none")]
    pub fix: Option<String>,
    /// One sentence on why it matters.
    #[serde(skip_serializing_if = "Option::is_none")]
    pub impact: Option<String>,
    /// For inferred findings (renames, pending migrations): how sure, 0..1.
    #[serde(skip_serializing_if = "Option::is_none")]
    pub confidence: Option<f32>,
    /// For inferred findings: the facts the inference rests on.
    #[serde(skip_serializing_if = "Vec::is_empty")]
    pub evidence: Vec<String>,
    /// PostgreSQL's SQLSTATE, for findings that stand for a PostgreSQL error.
    #[serde(skip_serializing_if = "Option::is_none")]
    pub sqlstate: Option<String>,
}

impl Finding {
    pub fn new(
        rule: &'static str,
        severity: Severity,
        object: impl Into<String>,
        message: impl Into<String>,
    ) -> Self {
        Finding {
            rule,
            severity,
            object: object.into(),
            message: message.into(),
            expected: None,
            actual: None,
            locations: Vec::new(),
            fix: None,
            impact: None,
            confidence: None,
            evidence: Vec::new(),
            sqlstate: None,
        }
    }

    pub fn at(mut self, loc: Location) -> Self {
        self.locations.push(loc);
        self
    }

    pub fn at_origin(mut self, origin: Option<&crate::catalog::Origin>) -> Self {
        if let Some(o) = origin {
            self.locations.push(Location::from_origin(o));
        }
        self
    }

    pub fn expected(mut self, source: &str, value: impl Into<String>) -> Self {
        self.expected = Some(Side {
            source: source.to_string(),
            value: value.into(),
        });
        self
    }

    pub fn actual(mut self, source: &str, value: impl Into<String>) -> Self {
        self.actual = Some(Side {
            source: source.to_string(),
            value: value.into(),
        });
        self
    }

    pub fn fix(mut self, sql: impl Into<String>) -> Self {
        self.fix = Some(sql.into());
        self
    }

    pub fn impact(mut self, text: impl Into<String>) -> Self {
        self.impact = Some(text.into());
        self
    }

    pub fn sqlstate(mut self, code: &str) -> Self {
        self.sqlstate = Some(code.to_string());
        self
    }

    pub fn evidence(mut self, e: impl Into<String>) -> Self {
        self.evidence.push(e.into());
        self
    }
}

/// Sorts findings the way every report shows them: severity (worst first), then object,
/// then rule, then first location.
pub fn sort_findings(findings: &mut [Finding]) {
    findings.sort_by(|a, b| {
        b.severity
            .cmp(&a.severity)
            .then_with(|| a.object.cmp(&b.object))
            .then_with(|| a.rule.cmp(b.rule))
            .then_with(|| {
                let la = a.locations.first().map(|l| (l.path.clone(), l.line));
                let lb = b.locations.first().map(|l| (l.path.clone(), l.line));
                la.cmp(&lb)
            })
            .then_with(|| a.message.cmp(&b.message))
    });
}

pub mod baseline;
mod explain;
pub use baseline::fingerprint;
pub use explain::{
    RuleDoc, all_rules, closest_rule, explain, family, rule_list, rules_markdown, summary,
    unknown_rule,
};
