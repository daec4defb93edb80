//! Migration folders and schema files: which files a runner would run, in which order, and
//! replaying them.

use crate::findings::{Finding, Location, Severity};
use crate::replay::Replay;
use crate::sql::{Parsed, Script};
use std::path::{Path, PathBuf};

#[derive(Clone, Copy, Debug, PartialEq, Eq, serde::Serialize)]
#[serde(rename_all = "lowercase")]
pub enum Convention {
    /// `supabase/migrations`: `<version>_<name>.sql`, sorted by name.
    Supabase,
    /// `prisma/migrations/<name>/migration.sql`, folders sorted by name.
    Prisma,
    /// Any other folder: `.sql` files in natural order.
    Plain,
}

impl Convention {
    pub fn as_str(self) -> &'static str {
        match self {
            Convention::Supabase => "supabase",
            Convention::Prisma => "prisma",
            Convention::Plain => "plain",
        }
    }
}

/// A file the runner would run, with the text read (or why it could not be).
pub struct MigrationFile {
    pub path: PathBuf,
    /// As shown in findings.
    pub display: String,
    pub text: Result<String, String>,
}

/// The result of reading a migration folder: files in run order, and findings about the
/// folder itself (skipped files, duplicate versions, unreadable files).
pub struct MigrationSet {
    pub convention: Convention,
    /// A folder of scripts run by hand: no runner records which ones ran.
    pub hand_run: bool,
    pub files: Vec<MigrationFile>,
    pub findings: Vec<Finding>,
}

/// Guesses the convention from the folder's path and content.
pub fn detect_convention(dir: &Path) -> Convention {
    let s = dir.to_string_lossy().replace('\\', "/");
    if s.ends_with("supabase/migrations") || s.contains("supabase/migrations/") {
        return Convention::Supabase;
    }
    if let Ok(rd) = std::fs::read_dir(dir) {
        let mut has_sub_migration = false;
        for e in rd.flatten() {
            if e.path().join("migration.sql").is_file() {
                has_sub_migration = true;
            }
        }
        if has_sub_migration {
            return Convention::Prisma;
        }
    }
    Convention::Plain
}

/// Reads a file as UTF-8 text, refusing binary content with a clear reason.
pub fn read_text(path: &Path) -> Result<String, String> {
    const MAX: u64 = 512 * 1024 * 1024;
    let meta =
        std::fs::metadata(path).map_err(|e| format!("cannot read {}: {}", path.display(), e))?;
    if meta.is_dir() {
        return Err(format!("{} is a directory", path.display()));
    }
    if meta.len() > MAX {
        return Err(format!("{} is larger than 512 MB", path.display()));
    }
    let bytes =
        std::fs::read(path).map_err(|e| format!("cannot read {}: {}", path.display(), e))?;
    if bytes.iter().take(8192).any(|b| *b == 0) {
        return Err(format!("{} is a binary file, not SQL", path.display()));
    }
    match String::from_utf8(bytes) {
        Ok(s) => Ok(s
            .strip_prefix('\u{feff}')
            .map(|x| x.to_string())
            .unwrap_or(s)),
        Err(e) => {
            let valid = e.utf8_error().valid_up_to();
            let prefix = &e.as_bytes()[..valid];
            let line = prefix.iter().filter(|b| **b == b'\n').count() + 1;
            Err(format!(
                "{} is not valid UTF-8 (line {line})",
                path.display()
            ))
        }
    }
}

/// Natural order: digit runs compare as numbers (`2_x` before `10_x`).
pub fn natural_cmp(a: &str, b: &str) -> std::cmp::Ordering {
    let (mut ai, mut bi) = (a.chars().peekable(), b.chars().peekable());
    loop {
        match (ai.peek().copied(), bi.peek().copied()) {
            (None, None) => return std::cmp::Ordering::Equal,
            (None, _) => return std::cmp::Ordering::Less,
            (_, None) => return std::cmp::Ordering::Greater,
            (Some(x), Some(y)) if x.is_ascii_digit() && y.is_ascii_digit() => {
                let mut na = String::new();
                while let Some(c) = ai.peek().copied().filter(|c| c.is_ascii_digit()) {
                    na.push(c);
                    ai.next();
                }
                let mut nb = String::new();
                while let Some(c) = bi.peek().copied().filter(|c| c.is_ascii_digit()) {
                    nb.push(c);
                    bi.next();
                }
                let (ta, tb) = (na.trim_start_matches('0'), nb.trim_start_matches('0'));
                let o = ta
                    .len()
                    .cmp(&tb.len())
                    .then(ta.cmp(tb))
                    .then(na.len().cmp(&nb.len()));
                if o != std::cmp::Ordering::Equal {
                    return o;
                }
            }
            (Some(x), Some(y)) => {
                if x != y {
                    return x.cmp(&y);
                }
                ai.next();
                bi.next();
            }
        }
    }
}

fn display_path(path: &Path, root: Option<&Path>) -> String {
    let p = match root {
        Some(r) => path.strip_prefix(r).unwrap_or(path),
        None => path,
    };
    p.to_string_lossy().replace('\\', "/")
}

/// Lists a migration folder the way its runner would.
pub fn load_folder(
    dir: &Path,
    convention: Option<Convention>,
    root: Option<&Path>,
    source_id: &str,
) -> Result<MigrationSet, String> {
    let meta =
        std::fs::metadata(dir).map_err(|e| format!("cannot read {}: {}", dir.display(), e))?;
    if !meta.is_dir() {
        return Err(format!("{} is not a folder", dir.display()));
    }
    let convention = convention.unwrap_or_else(|| detect_convention(dir));
    let mut findings = Vec::new();
    let mut entries: Vec<(String, PathBuf)> = Vec::new();
    let rd = std::fs::read_dir(dir).map_err(|e| format!("cannot read {}: {}", dir.display(), e))?;
    for e in rd.flatten() {
        let name = e.file_name().to_string_lossy().to_string();
        entries.push((name, e.path()));
    }
    let mut files = Vec::new();
    match convention {
        Convention::Supabase => {
            let re = regex::Regex::new(r"^([0-9]+)_(.*)\.sql$").map_err(|e| e.to_string())?;
            entries.sort_by(|a, b| a.0.cmp(&b.0));
            let mut versions: Vec<(String, String)> = Vec::new();
            for (name, path) in &entries {
                if path.is_dir() {
                    continue;
                }
                match re.captures(name) {
                    Some(c) => {
                        versions.push((c[1].to_string(), name.clone()));
                        files.push(MigrationFile {
                            path: path.clone(),
                            display: display_path(path, root),
                            text: read_text(path),
                        });
                    }
                    None if name.ends_with(".sql") => {
                        let shown = display_path(path, root);
                        findings.push(
                            Finding::new(
                                "migration-order",
                                Severity::Medium,
                                shown.clone(),
                                format!("{shown} is skipped by the Supabase CLI: its name does not match <version>_<name>.sql (the version must be digits only), so nothing in it runs"),
                            )
                            .at(Location::file(source_id, &shown, 1, 1))
                            .impact("Whatever this file creates does not exist on a database built from the migrations.")
                            .fix(format!("-- rename it with a numeric version, e.g. {}", suggest_name(name))),
                        );
                    }
                    None => {}
                }
            }
            // duplicate versions
            let mut i = 0;
            while i < versions.len() {
                let mut j = i + 1;
                while j < versions.len() && versions[j].0 == versions[i].0 {
                    j += 1;
                }
                if j - i > 1 {
                    let names: Vec<String> = versions[i..j].iter().map(|v| v.1.clone()).collect();
                    let dir_shown = display_path(dir, root);
                    let mut f = Finding::new(
                        "migration-order",
                        Severity::High,
                        format!("{dir_shown}/{}", names[0]),
                        format!(
                            "{} files share version {}: {}. The Supabase CLI records applied migrations by version, so the second one cannot be recorded (duplicate key in supabase_migrations.schema_migrations) and `supabase db push` stops there",
                            names.len(),
                            versions[i].0,
                            names.join(", ")
                        ),
                    )
                    .impact("Deploys fail or skip a migration depending on which file was applied first.")
                    .fix("-- give each file its own version, e.g. a full timestamp YYYYMMDDHHMMSS".to_string());
                    for n in &names {
                        f = f.at(Location::file(source_id, &format!("{dir_shown}/{n}"), 1, 1));
                    }
                    findings.push(f);
                }
                i = j;
            }
            // mixed version formats
            let lens: std::collections::BTreeSet<usize> =
                versions.iter().map(|v| v.0.len()).collect();
            if lens.len() > 1 {
                let dir_shown = display_path(dir, root);
                let examples: Vec<String> = lens
                    .iter()
                    .filter_map(|l| {
                        versions
                            .iter()
                            .find(|v| v.0.len() == *l)
                            .map(|v| v.1.clone())
                    })
                    .collect();
                findings.push(
                    Finding::new(
                        "migration-order",
                        Severity::Low,
                        dir_shown.clone(),
                        format!("versions have mixed formats ({}): files sort by name, so a short version such as {} runs before or after others by accident", lens.iter().map(|l| format!("{l} digits")).collect::<Vec<_>>().join(", "), examples.first().cloned().unwrap_or_default()),
                    )
                    .evidence(examples.join(", ")),
                );
            }
        }
        Convention::Prisma => {
            entries.sort_by(|a, b| a.0.cmp(&b.0));
            for (_, path) in &entries {
                let m = path.join("migration.sql");
                if path.is_dir() && m.is_file() {
                    files.push(MigrationFile {
                        display: display_path(&m, root),
                        text: read_text(&m),
                        path: m,
                    });
                }
            }
        }
        Convention::Plain => {
            entries.sort_by(|a, b| natural_cmp(&a.0, &b.0));
            for (name, path) in &entries {
                if name.ends_with(".sql") && path.is_file() {
                    files.push(MigrationFile {
                        path: path.clone(),
                        display: display_path(path, root),
                        text: read_text(path),
                    });
                }
            }
        }
    }
    for f in &files {
        if let Err(e) = &f.text {
            findings.push(
                Finding::new(
                    "unparsed-statement",
                    Severity::High,
                    f.display.clone(),
                    format!("{e}: the file was not replayed"),
                )
                .at(Location::file(source_id, &f.display, 1, 1)),
            );
        }
    }
    Ok(MigrationSet {
        hand_run: convention == Convention::Plain,
        convention,
        files,
        findings,
    })
}

fn suggest_name(name: &str) -> String {
    let digits: String = name.chars().filter(|c| c.is_ascii_digit()).collect();
    let rest = name.trim_start_matches(|c: char| c.is_ascii_digit() || c == '-' || c == '_');
    format!("{:0<14}_{}", digits, rest)
}

/// Replays the sets in order into one catalog.
///
/// Parsing is most of the work and each file parses on its own: files are parsed in
/// parallel, a batch ahead of the one being replayed (the replay itself is sequential).
pub fn replay_sets(replay: &mut Replay, sets: &[MigrationSet]) {
    use rayon::prelude::*;
    const BATCH_BYTES: usize = 1 << 20;
    // (path, text, run by hand)
    let mut files: Vec<(&str, &str, bool)> = Vec::new();
    for set in sets {
        replay.findings.extend(set.findings.iter().cloned());
        for f in &set.files {
            if let Ok(text) = &f.text {
                files.push((&f.display, text, set.hand_run));
            }
        }
    }
    // batches of about BATCH_BYTES, at least one file each
    let mut batches: Vec<&[(&str, &str, bool)]> = Vec::new();
    let (mut start, mut bytes) = (0, 0);
    for (i, (_, text, _)) in files.iter().enumerate() {
        bytes += text.len();
        if bytes >= BATCH_BYTES {
            batches.push(&files[start..=i]);
            (start, bytes) = (i + 1, 0);
        }
    }
    if start < files.len() {
        batches.push(&files[start..]);
    }
    let parse = |batch: &[(&str, &str, bool)]| -> Vec<Parsed> {
        batch
            .par_iter()
            .map(|(_, text, _)| Parsed::new(text))
            .collect()
    };
    let mut next = batches.first().map(|b| parse(b));
    for (i, batch) in batches.iter().enumerate() {
        let current = next.take().unwrap_or_default();
        let ahead = batches.get(i + 1);
        let run = |replay: &mut Replay| {
            for ((path, _, hand_run), parsed) in batch.iter().zip(current) {
                replay.set_hand_run(*hand_run);
                replay.run_parsed(path, Script::from_parsed(parsed));
            }
        };
        next = match ahead {
            Some(b) => rayon::join(|| run(replay), || parse(b)).1.into(),
            None => {
                run(replay);
                None
            }
        };
    }
}

/// Whether SQL looks like a Supabase project's (names the platform's objects).
pub fn looks_like_supabase(text: &str) -> bool {
    let l = text.to_ascii_lowercase();
    l.contains("auth.uid()")
        || l.contains("auth.users")
        || l.contains("auth.jwt()")
        || l.contains("auth.role()")
        || l.contains(" to authenticated")
        || l.contains(" to anon")
        || l.contains("service_role")
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn natural_order() {
        let mut v = vec!["10_b.sql", "2_a.sql", "1_x.sql", "001_y.sql"];
        v.sort_by(|a, b| natural_cmp(a, b));
        assert_eq!(v, vec!["1_x.sql", "001_y.sql", "2_a.sql", "10_b.sql"]);
    }
}
