//! From a manifest entry to the history its runner runs: the files, in order, and how the runner
//! wraps each one in transactions. The layout is read with schemadrift's own runner conventions
//! (the same code `audit` uses), so that both sides of the comparison run the same files.

use crate::manifest::Project;
use schemadrift::sources::migrations::{self, Convention, MigrationSet};
use std::path::{Path, PathBuf};
use std::process::Command;

/// How the runner wraps the statements of a file.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub enum Tx {
    /// The file runs in one transaction (Supabase CLI, Prisma Migrate, Diesel …).
    PerFile,
    /// Each statement commits on its own (psql without `-1`).
    Autocommit,
    /// The file is sent as one query string (Prisma Migrate, golang-migrate): PostgreSQL runs
    /// a string of several statements as one implicit transaction block (BEGIN/COMMIT inside
    /// it divide it), a string of one statement outside any block.
    Script,
}

pub struct PlannedFile {
    pub display: String,
    pub text: String,
    pub tx: Tx,
}

pub struct History {
    pub sets: Vec<MigrationSet>,
    pub files: Vec<PlannedFile>,
}

/// Extracts the project's migration tree at its commit from the local git copy into `work`.
pub fn materialize(p: &Project, mirror: &Path, work: &Path) -> Result<PathBuf, String> {
    let git_dir = mirror.join(p.mirror_name()).join("repo");
    if !git_dir.is_dir() {
        return Err(format!(
            "no local copy of {} (expected {})",
            p.repo,
            git_dir.display()
        ));
    }
    let dest = work.join(&p.name);
    if dest.exists() {
        std::fs::remove_dir_all(&dest)
            .map_err(|e| format!("cannot clear {}: {e}", dest.display()))?;
    }
    std::fs::create_dir_all(&dest).map_err(|e| format!("cannot create {}: {e}", dest.display()))?;
    let archive = Command::new("git")
        .arg("--git-dir")
        .arg(&git_dir)
        .args(["archive", "--format=tar", &p.commit, "--", &p.migrations])
        .output()
        .map_err(|e| format!("git archive: {e}"))?;
    if !archive.status.success() {
        return Err(format!(
            "git archive {} {}: {}",
            p.commit,
            p.migrations,
            String::from_utf8_lossy(&archive.stderr).trim()
        ));
    }
    let mut tar = Command::new("tar")
        .args(["-x", "-C"])
        .arg(&dest)
        .stdin(std::process::Stdio::piped())
        .spawn()
        .map_err(|e| format!("tar: {e}"))?;
    {
        use std::io::Write;
        let stdin = tar.stdin.as_mut().ok_or("tar: no stdin")?;
        stdin
            .write_all(&archive.stdout)
            .map_err(|e| format!("tar: {e}"))?;
    }
    let st = tar.wait().map_err(|e| format!("tar: {e}"))?;
    if !st.success() {
        return Err("tar failed".into());
    }
    Ok(dest)
}

/// The history as the runner runs it.
pub fn plan(p: &Project, root: &Path) -> Result<History, String> {
    let target = root.join(&p.migrations);
    let (set, tx) = match p.runner.as_str() {
        "rails" | "schema-file" => {
            let display = p.migrations.clone();
            (
                migrations::schema_file_set(&target, display),
                Tx::Autocommit,
            )
        }
        "supabase" => (
            migrations::load_folder(
                &target,
                Some(Convention::Supabase),
                Some(root),
                "migrations",
            )?,
            Tx::PerFile,
        ),
        "prisma" => (
            migrations::load_folder(&target, Some(Convention::Prisma), Some(root), "migrations")?,
            Tx::Script,
        ),
        "plain" => (
            migrations::load_folder(&target, Some(Convention::Plain), Some(root), "migrations")?,
            Tx::Autocommit,
        ),
        other => {
            return Err(format!(
                "runner {other} is not supported by this harness yet"
            ));
        }
    };
    let mut files = Vec::new();
    for f in &set.files {
        match &f.text {
            Ok(t) => files.push(PlannedFile {
                display: f.display.clone(),
                text: t.clone(),
                tx,
            }),
            Err(e) => return Err(format!("{}: {e}", f.display)),
        }
    }
    if files.is_empty() {
        return Err(format!("no migration files in {}", p.migrations));
    }
    Ok(History {
        sets: vec![set],
        files,
    })
}
