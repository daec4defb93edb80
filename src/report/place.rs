//! Where a finding is shown in a repository (SARIF, GitHub annotations): every finding gets
//! a file, relative to the repository root.
//!
//! A location with a file that exists is used as it is. A finding known only from a source
//! without files (the live database) or placed in a file that is not in the project (the
//! platform's description) is placed at the line of the migration or schema file that
//! creates its object (or its table, or its function), else at the place another finding
//! gives for the same object, else at the project's migrations folder.

use super::Report;
use crate::catalog::{Catalog, Origin, QualName};
use crate::findings::Finding;
use std::collections::HashMap;
use std::path::{Path, PathBuf};

/// A physical location, relative to the repository root, with `/` separators.
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct Placed {
    pub uri: String,
    pub line: Option<u32>,
    pub column: Option<u32>,
}

/// The nearest folder at or above `dir` that has a `.git` (a folder, or a file in a
/// worktree): what `git rev-parse --show-toplevel` prints.
pub fn git_top(dir: &Path) -> Option<PathBuf> {
    let mut d = Some(dir);
    while let Some(p) = d {
        if p.join(".git").exists() {
            return Some(p.to_path_buf());
        }
        d = p.parent();
    }
    None
}

/// The table (or function) part of an object name: `public.t.col` → `public.t`,
/// `public.t/policy` → `public.t`, `public.f(uuid)` → `public.f`.
fn parts(object: &str) -> Vec<&str> {
    let head = object.split('/').next().unwrap_or(object);
    let head = head.split('(').next().unwrap_or(head);
    head.split('.').collect()
}

fn table_key(object: &str) -> String {
    parts(object)
        .iter()
        .take(2)
        .copied()
        .collect::<Vec<_>>()
        .join(".")
}

pub struct Placer<'a> {
    report: &'a Report,
    /// The project folder (relative paths of findings start there).
    base: PathBuf,
    /// The repository root, absolute.
    top: PathBuf,
    exists: std::cell::RefCell<HashMap<String, bool>>,
    /// The SQL catalogs first (they have the CREATE lines), then the others with files.
    catalogs: Vec<&'a Catalog>,
    /// The first file location of a finding, by object and by table.
    by_object: HashMap<String, (String, Option<u32>, Option<u32>)>,
    by_table: HashMap<String, (String, Option<u32>, Option<u32>)>,
    /// The migrations folder (or the first file source), relative to the project.
    fallback: String,
}

impl<'a> Placer<'a> {
    pub fn new(report: &'a Report) -> Placer<'a> {
        let cwd = std::env::current_dir().unwrap_or_default();
        let base = report.root.clone().unwrap_or_else(|| cwd.clone());
        let base = std::fs::canonicalize(&base).unwrap_or(base);
        let top = git_top(&base).unwrap_or_else(|| base.clone());
        let mut catalogs: Vec<(usize, &Catalog)> = report
            .catalogs
            .iter()
            .filter(|(id, _)| id != "database")
            .map(|(id, c)| {
                let rank = match id.as_str() {
                    "migrations" => 0,
                    "schema-file" => 1,
                    _ => 2,
                };
                (rank, c)
            })
            .collect();
        catalogs.sort_by_key(|(r, _)| *r);
        let mut p = Placer {
            report,
            base,
            top,
            exists: Default::default(),
            catalogs: catalogs.into_iter().map(|(_, c)| c).collect(),
            by_object: HashMap::new(),
            by_table: HashMap::new(),
            fallback: String::new(),
        };
        let mut by_object = HashMap::new();
        let mut by_table = HashMap::new();
        for f in &report.findings {
            if let Some(l) = f
                .locations
                .iter()
                .find(|l| l.path.as_deref().is_some_and(|x| p.is_file(x)))
            {
                let v = (l.path.clone().unwrap_or_default(), l.line, l.column);
                by_object.entry(f.object.clone()).or_insert(v.clone());
                by_table.entry(table_key(&f.object)).or_insert(v);
            }
        }
        p.by_object = by_object;
        p.by_table = by_table;
        let sources = &report.sources;
        p.fallback = sources
            .iter()
            .filter(|s| s.kind == "migrations")
            .chain(sources.iter().filter(|s| s.kind != "database"))
            .flat_map(|s| s.location.split(", "))
            .find(|loc| !loc.is_empty() && p.full(loc).exists())
            .unwrap_or(".")
            .to_string();
        p
    }

    /// A report path on disk: relative to the project, or (a source named on the command line
    /// with a relative path) to the current folder.
    fn full(&self, path: &str) -> PathBuf {
        let p = Path::new(path);
        if p.is_absolute() {
            return p.to_path_buf();
        }
        let in_project = self.base.join(p);
        if !in_project.exists() && p.exists() {
            return std::env::current_dir().unwrap_or_default().join(p);
        }
        in_project
    }

    fn is_file(&self, path: &str) -> bool {
        if let Some(v) = self.exists.borrow().get(path) {
            return *v;
        }
        let v = self.full(path).is_file();
        self.exists.borrow_mut().insert(path.to_string(), v);
        v
    }

    /// A path of the report as a URI relative to the repository root.
    pub fn uri(&self, path: &str) -> String {
        let full = self.full(path);
        let full = std::fs::canonicalize(&full).unwrap_or(full);
        let rel = full
            .strip_prefix(&self.top)
            .map(Path::to_path_buf)
            .unwrap_or_else(|_| PathBuf::from(path));
        let s = rel.to_string_lossy().replace('\\', "/");
        let s = if s.is_empty() { ".".to_string() } else { s };
        encode_uri_path(&s)
    }

    /// The repository root as a `file://` URI ending in `/` (SARIF's `originalUriBaseIds`).
    pub fn top_uri(&self) -> String {
        let mut s = self.top.to_string_lossy().replace('\\', "/");
        if !s.starts_with('/') {
            s.insert(0, '/');
        }
        if !s.ends_with('/') {
            s.push('/');
        }
        format!("file://{}", encode_uri_path(&s))
    }

    fn origin_of(&self, object: &str) -> Option<Origin> {
        let ps = parts(object);
        let (schema, name) = match ps.as_slice() {
            [s, n, ..] => (*s, *n),
            [n] => ("", *n),
            [] => return None,
        };
        let q = QualName::new(schema, name);
        for c in &self.catalogs {
            let found = if let Some(t) = c.table(&q) {
                let col = ps
                    .get(2)
                    .and_then(|col| t.column(col))
                    .and_then(|c| c.origin.as_ref());
                col.or(t.origin.as_ref())
            } else if let Some(v) = c.view(&q) {
                v.origin.as_ref()
            } else if let Some(f) = c.functions_named(&q).find(|f| f.origin.is_some()) {
                f.origin.as_ref()
            } else if let Some(t) = c.schema(schema).and_then(|s| s.types.get(name)) {
                t.origin.as_ref()
            } else if ps.len() == 1 {
                c.schema(name).and_then(|s| s.origin.as_ref())
            } else {
                None
            };
            if let Some(o) = found.filter(|o| o.file.as_deref().is_some_and(|f| self.is_file(f))) {
                return Some(o.clone());
            }
        }
        None
    }

    /// Every physical location of a finding; never empty.
    pub fn place(&self, f: &Finding) -> Vec<Placed> {
        let mut out: Vec<Placed> = f
            .locations
            .iter()
            .filter_map(|l| {
                let path = l.path.as_deref()?;
                self.is_file(path).then(|| Placed {
                    uri: self.uri(path),
                    line: l.line.filter(|n| *n > 0),
                    column: l.column.filter(|n| *n > 0),
                })
            })
            .collect();
        out.dedup();
        if !out.is_empty() {
            return out;
        }
        let guess = self
            .origin_of(&f.object)
            .map(|o| {
                (
                    o.file.as_deref().unwrap_or_default().to_string(),
                    Some(o.line),
                    Some(o.column),
                )
            })
            .or_else(|| self.by_object.get(&f.object).cloned())
            .or_else(|| self.by_table.get(&table_key(&f.object)).cloned());
        let (path, line, column) = guess.unwrap_or((self.fallback.clone(), None, None));
        vec![Placed {
            uri: self.uri(&path),
            line: line.filter(|n| *n > 0),
            column: column.filter(|n| *n > 0),
        }]
    }

    pub fn report(&self) -> &Report {
        self.report
    }
}

/// Percent-encodes what a URI path may not hold (spaces, `%`, `#`, `?`, non-ASCII).
fn encode_uri_path(s: &str) -> String {
    let mut out = String::with_capacity(s.len());
    for b in s.bytes() {
        match b {
            b'A'..=b'Z'
            | b'a'..=b'z'
            | b'0'..=b'9'
            | b'-'
            | b'.'
            | b'_'
            | b'~'
            | b'/'
            | b'!'
            | b'$'
            | b'&'
            | b'\''
            | b'('
            | b')'
            | b'*'
            | b'+'
            | b','
            | b';'
            | b'='
            | b':'
            | b'@' => out.push(b as char),
            _ => out.push_str(&format!("%{b:02X}")),
        }
    }
    out
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn object_parts_and_uri_encoding() {
        assert_eq!(table_key("public.t.col"), "public.t");
        assert_eq!(table_key("public.t/my policy"), "public.t");
        assert_eq!(parts("public.f(uuid, text)"), ["public", "f"]);
        assert_eq!(encode_uri_path("a b/c#d%.sql"), "a%20b/c%23d%25.sql");
        assert_eq!(encode_uri_path("é.sql"), "%C3%A9.sql");
    }
}
