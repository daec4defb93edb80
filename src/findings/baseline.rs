//! The baseline of accepted findings (PRODUCT.md §5): `schemadrift baseline` writes today's
//! findings; `audit` with a baseline reports only the findings that are not in it, counts the
//! ones that are, and lists baselined findings that are gone.
//!
//! A finding is known by its fingerprint: its rule, its object and the sources that disagree
//! (the expected and actual sides, else the sources of its locations). Lines, columns and
//! the wording of the message are not part of it, so a finding whose statement moves in its
//! file keeps its fingerprint. Several findings may share one (two refused statements on one
//! table): each baselined finding accepts one of them, the one at the same place or with the
//! same message first.

use super::Finding;
use serde::{Deserialize, Serialize};
use std::path::Path;

/// The format version of the baseline file.
pub const FORMAT: u32 = 1;

/// FNV-1a, 64 bits: a hash whose value is fixed by its definition (std's hashers may change
/// between Rust releases, and a fingerprint is stored in files and in GitHub).
fn fnv1a(bytes: &[u8]) -> u64 {
    let mut h: u64 = 0xcbf2_9ce4_8422_2325;
    for b in bytes {
        h ^= u64::from(*b);
        h = h.wrapping_mul(0x0000_0100_0000_01b3);
    }
    h
}

/// The sources that disagree: the expected and actual sides, else every location's source.
pub fn disagreeing_sources(f: &Finding) -> Vec<String> {
    let mut out: Vec<String> = [&f.expected, &f.actual]
        .into_iter()
        .flatten()
        .map(|s| s.source.clone())
        .collect();
    if out.is_empty() {
        out = f.locations.iter().map(|l| l.source.clone()).collect();
    }
    out.sort();
    out.dedup();
    out
}

/// The stable fingerprint of a finding: 16 hex digits of rule + object + disagreeing sources.
pub fn fingerprint(f: &Finding) -> String {
    let key = format!(
        "{}\u{1f}{}\u{1f}{}",
        f.rule,
        f.object,
        disagreeing_sources(f).join(",")
    );
    format!("{:016x}", fnv1a(key.as_bytes()))
}

/// One accepted finding, as the baseline file stores it. Only the fingerprint matches; the
/// rest lets a person read the file and lets a report say what is gone.
#[derive(Clone, Debug, Serialize, Deserialize, PartialEq)]
pub struct Entry {
    pub fingerprint: String,
    pub rule: String,
    pub object: String,
    #[serde(default)]
    pub sources: Vec<String>,
    #[serde(default)]
    pub severity: String,
    #[serde(default)]
    pub message: String,
    /// `path:line` of each location when it was accepted (informative; lines may move).
    #[serde(default)]
    pub locations: Vec<String>,
}

impl Entry {
    pub fn of(f: &Finding) -> Entry {
        Entry {
            fingerprint: fingerprint(f),
            rule: f.rule.to_string(),
            object: f.object.clone(),
            sources: disagreeing_sources(f),
            severity: f.severity.as_str().to_string(),
            message: f.message.clone(),
            locations: f.locations.iter().map(|l| l.display()).collect(),
        }
    }

    fn paths(&self) -> Vec<&str> {
        self.locations
            .iter()
            .map(|l| l.split(':').next().unwrap_or(l))
            .collect()
    }
}

#[derive(Clone, Debug, Serialize, Deserialize)]
pub struct BaselineFile {
    pub schemadrift_baseline: u32,
    #[serde(default)]
    pub generated_by: String,
    pub findings: Vec<Entry>,
}

/// The baseline file text for these findings (sorted as reports sort them).
pub fn render(findings: &[Finding]) -> String {
    let mut sorted = findings.to_vec();
    super::sort_findings(&mut sorted);
    let file = BaselineFile {
        schemadrift_baseline: FORMAT,
        generated_by: format!("schemadrift {}", env!("CARGO_PKG_VERSION")),
        findings: sorted.iter().map(Entry::of).collect(),
    };
    let mut out = serde_json::to_string_pretty(&file).unwrap_or_default();
    out.push('\n');
    out
}

/// Reads a baseline file; a file that is not one is an error (the run stops).
pub fn read(path: &Path) -> Result<Vec<Entry>, String> {
    let text = std::fs::read_to_string(path).map_err(|e| {
        if e.kind() == std::io::ErrorKind::NotFound {
            format!(
                "baseline {} does not exist (write it with `schemadrift baseline`)",
                path.display()
            )
        } else {
            format!("cannot read baseline {}: {e}", path.display())
        }
    })?;
    let file: BaselineFile = serde_json::from_str(&text)
        .map_err(|e| format!("{} is not a schemadrift baseline file: {e}", path.display()))?;
    if file.schemadrift_baseline != FORMAT {
        return Err(format!(
            "{}: baseline format {} is not supported (this schemadrift writes {FORMAT})",
            path.display(),
            file.schemadrift_baseline
        ));
    }
    Ok(file.findings)
}

/// What a baseline did to a run, for the reports.
#[derive(Clone, Debug, Default, Serialize)]
pub struct Applied {
    /// The baseline file, as named.
    pub file: String,
    /// Findings of this run that the baseline accepts (not reported).
    pub baselined: usize,
    /// Accepted findings that this run no longer finds (fixed, or their object is gone).
    pub gone: Vec<Entry>,
}

/// Removes the findings the baseline accepts; returns how many, and the entries left over.
pub fn apply(findings: &mut Vec<Finding>, entries: &[Entry], file: &str) -> Applied {
    super::sort_findings(findings);
    let mut used = vec![false; entries.len()];
    let mut keep = Vec::with_capacity(findings.len());
    let mut baselined = 0;
    for f in findings.drain(..) {
        let fp = fingerprint(&f);
        let paths: Vec<&str> = f
            .locations
            .iter()
            .filter_map(|l| l.path.as_deref())
            .collect();
        let candidates: Vec<usize> = (0..entries.len())
            .filter(|&i| !used[i] && entries[i].fingerprint == fp)
            .collect();
        let pick = candidates
            .iter()
            .copied()
            .find(|&i| entries[i].message == f.message)
            .or_else(|| {
                candidates
                    .iter()
                    .copied()
                    .find(|&i| !paths.is_empty() && entries[i].paths() == paths)
            })
            .or_else(|| candidates.first().copied());
        match pick {
            Some(i) => {
                used[i] = true;
                baselined += 1;
            }
            None => keep.push(f),
        }
    }
    *findings = keep;
    Applied {
        file: file.to_string(),
        baselined,
        gone: entries
            .iter()
            .zip(&used)
            .filter(|(_, u)| !**u)
            .map(|(e, _)| e.clone())
            .collect(),
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::findings::{Location, Severity};

    fn f(rule: &'static str, object: &str, line: u32) -> Finding {
        Finding::new(rule, Severity::High, object, format!("at line {line}")).at(Location::file(
            "migrations",
            "m/1.sql",
            line,
            1,
        ))
    }

    #[test]
    fn fingerprints_ignore_lines_and_messages_but_not_rule_object_or_sources() {
        let a = f("rls-disabled", "public.a", 3);
        assert_eq!(
            fingerprint(&a),
            fingerprint(&f("rls-disabled", "public.a", 30))
        );
        assert_ne!(
            fingerprint(&a),
            fingerprint(&f("rls-disabled", "public.b", 3))
        );
        assert_ne!(
            fingerprint(&a),
            fingerprint(&f("missing-primary-key", "public.a", 3))
        );
        let drift = f("missing-column", "public.a.x", 3)
            .expected("migrations", "text")
            .actual("database", "—");
        let other = f("missing-column", "public.a.x", 3)
            .expected("migrations", "text")
            .actual("openapi", "—");
        assert_ne!(fingerprint(&drift), fingerprint(&other));
        assert_eq!(fingerprint(&a).len(), 16);
        // fixed by definition: the same value on every platform and release
        assert_eq!(format!("{:016x}", fnv1a(b"")), "cbf29ce484222325");
        assert_eq!(format!("{:016x}", fnv1a(b"a")), "af63dc4c8601ec8c");
    }

    #[test]
    fn apply_accepts_each_entry_once_and_lists_what_is_gone() {
        let today = vec![
            f("rls-disabled", "public.a", 3),
            f("rls-disabled", "public.c", 9),
        ];
        let entries: Vec<Entry> = vec![
            Entry::of(&f("rls-disabled", "public.a", 1)),
            Entry::of(&f("rls-disabled", "public.gone", 1)),
        ];
        let mut now = today.clone();
        now.push(f("rls-disabled", "public.a", 40)); // a second one on public.a
        let applied = apply(&mut now, &entries, "b.json");
        assert_eq!(applied.baselined, 1);
        assert_eq!(applied.gone.len(), 1);
        assert_eq!(applied.gone[0].object, "public.gone");
        let left: Vec<(&str, Option<u32>)> = now
            .iter()
            .map(|f| (f.object.as_str(), f.locations[0].line))
            .collect();
        assert_eq!(left.len(), 2);
        assert!(left.contains(&("public.c", Some(9))));
        assert!(left.iter().any(|(o, _)| *o == "public.a"));
        // a file written and read back accepts everything
        let dir = tempfile_dir();
        let p = dir.join("b.json");
        std::fs::write(&p, render(&today)).unwrap();
        let back = read(&p).unwrap();
        let mut again = today.clone();
        let applied = apply(&mut again, &back, "b.json");
        assert!(again.is_empty());
        assert_eq!(applied.baselined, 2);
        assert!(applied.gone.is_empty());
        std::fs::write(&p, "{\"x\": 1}").unwrap();
        assert!(read(&p).unwrap_err().contains("not a schemadrift baseline"));
        let _ = std::fs::remove_dir_all(&dir);
    }

    fn tempfile_dir() -> std::path::PathBuf {
        let d = std::env::temp_dir().join(format!(
            "schemadrift-baseline-test-{}-{:?}",
            std::process::id(),
            std::thread::current().id()
        ));
        std::fs::create_dir_all(&d).unwrap();
        d
    }
}
