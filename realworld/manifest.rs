//! `realworld/manifest.toml`: which public projects, at which commit, which tree is deployed
//! and which runner deploys it.

use serde::Deserialize;
use std::path::Path;

#[derive(Debug, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct Manifest {
    pub project: Vec<Project>,
}

#[derive(Debug, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct Project {
    /// Short unique name (also the database name suffix).
    pub name: String,
    /// `owner/name` on GitHub.
    pub repo: String,
    /// The commit read (40 hex digits).
    pub commit: String,
    /// The runner that deploys the history: supabase, prisma, plain, rails, diesel,
    /// golang-migrate, dbmate, goose, flyway, sqitch, drizzle.
    pub runner: String,
    /// The migration folder (or, for rails, the structure.sql file) inside the repository.
    pub migrations: String,
    /// The platform the history is deployed on: `supabase` or `postgres` (default).
    #[serde(default)]
    pub platform: Option<String>,
    /// What kind of project this is, for the results page (e.g. "AI-builder", "pg_dump").
    #[serde(default)]
    pub tags: Vec<String>,
    #[serde(default)]
    pub note: Option<String>,
    /// The folder a user would run `schemadrift audit` in for the precision corpus
    /// (realworld/precision.rs); default the repository root.
    #[serde(default)]
    #[allow(dead_code)] // read by the precision corpus, not by the harness
    pub audit: Option<String>,
}

impl Project {
    pub fn is_supabase(&self) -> bool {
        self.platform.as_deref() == Some("supabase")
    }

    /// `<owner>+<name>`, the folder the session's `fetch` gives the repository.
    pub fn mirror_name(&self) -> String {
        self.repo.replace('/', "+")
    }
}

impl Manifest {
    pub fn read(path: &Path) -> Result<Manifest, String> {
        let text = std::fs::read_to_string(path)
            .map_err(|e| format!("cannot read {}: {e}", path.display()))?;
        let m: Manifest = toml::from_str(&text).map_err(|e| format!("{}: {e}", path.display()))?;
        let mut seen = std::collections::BTreeSet::new();
        for p in &m.project {
            if !seen.insert(p.name.as_str()) {
                return Err(format!(
                    "{}: project {} listed twice",
                    path.display(),
                    p.name
                ));
            }
            if p.commit.len() != 40 || !p.commit.bytes().all(|b| b.is_ascii_hexdigit()) {
                return Err(format!(
                    "{}: {} has no full commit id",
                    path.display(),
                    p.name
                ));
            }
        }
        Ok(m)
    }
}
