//! From a manifest entry to the history its runner runs: the files, in order, and how the runner
//! wraps each one in transactions. The layout is read with schemadrift's own runner conventions
//! (the same code `audit` uses), so that both sides of the comparison run the same files.

use crate::manifest::Project;
use schemadrift::sources::migrations::{self, Convention, FileMode, MigrationSet};
use std::path::{Path, PathBuf};
use std::process::Command;

pub struct PlannedFile {
    pub display: String,
    pub text: String,
    /// How the runner wraps and sends the file, as schemadrift's runner conventions say.
    pub mode: FileMode,
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
    let convention = match p.runner.as_str() {
        "rails" | "schema-file" => None,
        "supabase" => Some(Convention::Supabase),
        "prisma" => Some(Convention::Prisma),
        "plain" => Some(Convention::Plain),
        "diesel" => Some(Convention::Diesel),
        "golang-migrate" => Some(Convention::GolangMigrate),
        "dbmate" => Some(Convention::Dbmate),
        "goose" => Some(Convention::Goose),
        "flyway" => Some(Convention::Flyway),
        "sqitch" => Some(Convention::Sqitch),
        "drizzle" => Some(Convention::Drizzle),
        other => return Err(format!("unknown runner {other}")),
    };
    let set = match convention {
        None => migrations::schema_file_set(&target, p.migrations.clone()),
        Some(c) => migrations::load_folder(&target, Some(c), Some(root), "migrations")?,
    };
    let mut files = Vec::new();
    for f in &set.files {
        match &f.text {
            Ok(t) => files.push(PlannedFile {
                display: f.display.clone(),
                text: t.clone(),
                mode: f.mode.clone(),
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
