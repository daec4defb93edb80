//! Migration folders and schema files: which files a runner would run, in which order, how
//! it wraps them in transactions, and replaying them so.
//!
//! One file per runner (`supabase.rs`, `prisma.rs` …); what each runner does, with the source
//! it was read from, is written down in `docs/runners.md`.

mod dbmate;
mod diesel;
mod drizzle;
mod flyway;
mod golang_migrate;
mod goose;
mod plain;
mod prisma;
mod sqitch;
mod supabase;

use crate::findings::{Finding, Location, Severity};
use crate::replay::Replay;
pub use crate::replay::{FileMode, Sending, Transaction};
use crate::sql::{Parsed, Script};
use std::path::{Path, PathBuf};

#[derive(Clone, Copy, Debug, PartialEq, Eq, serde::Serialize)]
#[serde(rename_all = "kebab-case")]
pub enum Convention {
    /// `supabase/migrations`: `<version>_<name>.sql`, sorted by name.
    Supabase,
    /// `prisma/migrations/<name>/migration.sql`, folders sorted by name.
    Prisma,
    /// Any other folder: `.sql` files in natural order, each run with psql.
    Plain,
    /// `migrations/<version>_<name>/up.sql` (Diesel).
    Diesel,
    /// `<version>_<title>.up.sql` (golang-migrate).
    GolangMigrate,
    /// `<version>_<name>.sql` with `-- migrate:up` / `-- migrate:down` sections (dbmate).
    Dbmate,
    /// `<version>_<name>.sql` with `-- +goose Up` / `-- +goose Down` sections (goose).
    Goose,
    /// `V<version>__<description>.sql` and `R__<description>.sql` (Flyway).
    Flyway,
    /// `sqitch.plan` and `deploy/<change>.sql` (Sqitch).
    Sqitch,
    /// `meta/_journal.json` and `<tag>.sql` (Drizzle Kit).
    Drizzle,
    /// `db/structure.sql`, loaded by `psql -v ON_ERROR_STOP=1 -f` (Rails).
    Rails,
}

impl Convention {
    pub fn as_str(self) -> &'static str {
        match self {
            Convention::Supabase => "supabase",
            Convention::Prisma => "prisma",
            Convention::Plain => "plain",
            Convention::Diesel => "diesel",
            Convention::GolangMigrate => "golang-migrate",
            Convention::Dbmate => "dbmate",
            Convention::Goose => "goose",
            Convention::Flyway => "flyway",
            Convention::Sqitch => "sqitch",
            Convention::Drizzle => "drizzle",
            Convention::Rails => "rails",
        }
    }

    /// The runner's name as shown in findings.
    pub fn runner(self) -> &'static str {
        match self {
            Convention::Supabase => "the Supabase CLI",
            Convention::Prisma => "Prisma Migrate",
            Convention::Plain | Convention::Rails => "psql",
            Convention::Diesel => "Diesel",
            Convention::GolangMigrate => "golang-migrate",
            Convention::Dbmate => "dbmate",
            Convention::Goose => "goose",
            Convention::Flyway => "Flyway",
            Convention::Sqitch => "Sqitch",
            Convention::Drizzle => "the drizzle-orm migrator",
        }
    }
}

/// A file the runner would run: its version (where the runner has one), the text it sends
/// (sections it does not run blanked to spaces, so offsets and lines are kept) and how it
/// sends it.
pub struct MigrationFile {
    pub path: PathBuf,
    /// As shown in findings.
    pub display: String,
    pub version: Option<String>,
    pub text: Result<String, String>,
    pub mode: FileMode,
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

/// A directory entry: its name and path.
pub(crate) type Entry = (String, PathBuf);

fn sql_names(dir: &Path) -> Vec<Entry> {
    let mut v: Vec<Entry> = std::fs::read_dir(dir)
        .map(|rd| {
            rd.flatten()
                .map(|e| (e.file_name().to_string_lossy().to_string(), e.path()))
                .collect()
        })
        .unwrap_or_default();
    v.sort();
    v
}

/// The first bytes of a file, for markers.
fn head_of(path: &Path) -> String {
    use std::io::Read;
    let mut buf = vec![0u8; 4096];
    let n = crate::sources::fsread::open_nonblocking(path)
        .and_then(|mut f| f.read(&mut buf))
        .unwrap_or(0);
    String::from_utf8_lossy(&buf[..n]).to_string()
}

/// Guesses the convention from the folder's path and content.
pub fn detect_convention(dir: &Path) -> Convention {
    let s = dir.to_string_lossy().replace('\\', "/");
    if s.ends_with("supabase/migrations") || s.contains("supabase/migrations/") {
        return Convention::Supabase;
    }
    detect_by_content(dir).unwrap_or(Convention::Plain)
}

/// The runner whose layout the folder's content shows, if any.
pub fn detect_by_content(dir: &Path) -> Option<Convention> {
    if dir.join("sqitch.plan").is_file() {
        return Some(Convention::Sqitch);
    }
    if dir.join("meta").join("_journal.json").is_file() {
        return Some(Convention::Drizzle);
    }
    let entries = sql_names(dir);
    let (mut prisma, mut diesel) = (false, false);
    for (_, p) in &entries {
        if p.is_dir() {
            prisma |= p.join("migration.sql").is_file();
            diesel |= p.join("up.sql").is_file();
        }
    }
    if prisma {
        return Some(Convention::Prisma);
    }
    if diesel {
        return Some(Convention::Diesel);
    }
    let sql: Vec<&Entry> = entries
        .iter()
        .filter(|(n, p)| n.ends_with(".sql") && p.is_file())
        .collect();
    if sql.iter().any(|(n, _)| flyway::is_flyway_name(n)) {
        return Some(Convention::Flyway);
    }
    if sql
        .iter()
        .any(|(n, _)| golang_migrate::parse_name(n).is_some())
    {
        return Some(Convention::GolangMigrate);
    }
    for (_, p) in sql.iter().take(8) {
        let head = head_of(p);
        if dbmate::has_marker(&head) {
            return Some(Convention::Dbmate);
        }
        if goose::has_marker(&head) {
            return Some(Convention::Goose);
        }
    }
    None
}

/// Reads a file as UTF-8 text, refusing binary content with a clear reason.
///
/// Only regular files up to [`crate::sources::fsread::MAX_FILE_BYTES`] (64 MiB) are read: a
/// FIFO, socket or device (or a symlink to one) is refused from its metadata, never opened
/// for a read that would block or not end.
pub fn read_text(path: &Path) -> Result<String, String> {
    let bytes = crate::sources::fsread::read(path).map_err(|e| e.message(path))?;
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
    let mut entries: Vec<Entry> = Vec::new();
    let rd = std::fs::read_dir(dir).map_err(|e| format!("cannot read {}: {}", dir.display(), e))?;
    for e in rd.flatten() {
        let name = e.file_name().to_string_lossy().to_string();
        entries.push((name, e.path()));
    }
    let cx = Cx {
        dir,
        root,
        source_id,
        convention,
    };
    let mut findings = Vec::new();
    let files = match convention {
        Convention::Supabase => supabase::load(&cx, entries, &mut findings),
        Convention::Prisma => prisma::load(&cx, entries, &mut findings),
        Convention::Plain | Convention::Rails => plain::load(&cx, entries, &mut findings),
        Convention::Diesel => diesel::load(&cx, entries, &mut findings),
        Convention::GolangMigrate => golang_migrate::load(&cx, entries, &mut findings),
        Convention::Dbmate => dbmate::load(&cx, entries, &mut findings),
        Convention::Goose => goose::load(&cx, entries, &mut findings),
        Convention::Flyway => flyway::load(&cx, &mut findings),
        Convention::Sqitch => sqitch::load(&cx, &mut findings),
        Convention::Drizzle => drizzle::load(&cx, entries, &mut findings),
    };
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

/// A schema file (`schema.sql`, a pg_dump, Rails' `db/structure.sql`): loaded with
/// `psql -f`, each statement in autocommit.
pub fn schema_file_set(path: &Path, display: String) -> MigrationSet {
    let rails = path
        .file_name()
        .is_some_and(|n| n.eq_ignore_ascii_case("structure.sql"));
    MigrationSet {
        hand_run: false,
        convention: if rails {
            Convention::Rails
        } else {
            Convention::Plain
        },
        files: vec![MigrationFile {
            path: path.to_path_buf(),
            display,
            version: None,
            text: read_text(path),
            mode: plain::psql_mode(),
        }],
        findings: Vec::new(),
    }
}

/// What a runner's loader needs to know about the folder.
pub(crate) struct Cx<'a> {
    pub dir: &'a Path,
    pub root: Option<&'a Path>,
    pub source_id: &'a str,
    pub convention: Convention,
}

impl Cx<'_> {
    pub fn display(&self, path: &Path) -> String {
        display_path(path, self.root)
    }

    /// A file the runner runs, read from disk.
    pub fn file(&self, path: &Path, version: Option<String>, mode: FileMode) -> MigrationFile {
        MigrationFile {
            path: path.to_path_buf(),
            display: self.display(path),
            version,
            text: read_text(path),
            mode,
        }
    }

    /// A `.sql` file the runner does not run, although it looks like a migration.
    pub fn skipped(&self, path: &Path, why: &str, fix: String) -> Finding {
        let shown = self.display(path);
        Finding::new(
            "migration-order",
            Severity::Medium,
            shown.clone(),
            format!(
                "{shown} is skipped by {}: {why}, so nothing in it runs",
                self.convention.runner()
            ),
        )
        .at(Location::file(self.source_id, &shown, 1, 1))
        .impact(
            "Whatever this file creates does not exist on a database built from the migrations.",
        )
        .fix(fix)
    }

    /// The runner refuses to run (a file, or the whole folder).
    pub fn refused(&self, path: &Path, message: String) -> Finding {
        let shown = self.display(path);
        Finding::new("migration-order", Severity::High, shown.clone(), message)
            .at(Location::file(self.source_id, &shown, 1, 1))
            .impact("The deploy stops here: this migration and the ones after it do not run.")
    }

    /// Files that share a version: `(version key, file path)` in run order.
    pub fn duplicates(&self, versions: &[(String, PathBuf)], consequence: &str) -> Vec<Finding> {
        let mut out = Vec::new();
        let mut groups: std::collections::BTreeMap<&str, Vec<&PathBuf>> = Default::default();
        for (v, p) in versions {
            groups.entry(v.as_str()).or_default().push(p);
        }
        for (v, paths) in groups {
            if paths.len() < 2 {
                continue;
            }
            let names: Vec<String> = paths
                .iter()
                .map(|p| {
                    p.file_name()
                        .map(|n| n.to_string_lossy().to_string())
                        .unwrap_or_default()
                })
                .collect();
            let mut f = Finding::new(
                "migration-order",
                Severity::High,
                self.display(paths[0]),
                format!(
                    "{} files share version {v}: {}. {consequence}",
                    paths.len(),
                    names.join(", ")
                ),
            )
            .impact("Deploys fail or skip a migration depending on which file was applied first.")
            .fix("-- give each file its own version".to_string());
            for p in &paths {
                f = f.at(Location::file(self.source_id, &self.display(p), 1, 1));
            }
            out.push(f);
        }
        out
    }
}

/// The text with the byte ranges outside `keep` replaced by spaces (newlines kept), so that
/// offsets and line numbers of what is kept do not move.
pub(crate) fn keep_only(text: &str, keep: &[(usize, usize)]) -> String {
    let mut out = String::with_capacity(text.len());
    for (i, c) in text.char_indices() {
        let kept = keep.iter().any(|(a, b)| i >= *a && i < *b);
        if kept || c == '\n' || c == '\r' {
            out.push(c);
        } else {
            for _ in 0..c.len_utf8() {
                out.push(' ');
            }
        }
    }
    out
}

pub(crate) fn suggest_name(name: &str) -> String {
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
    // (path, text, run by hand, how the runner sends it, last file of its set)
    type Item<'a> = (&'a str, &'a str, bool, &'a FileMode, bool);
    let mut files: Vec<Item> = Vec::new();
    for set in sets {
        replay.findings.extend(set.findings.iter().cloned());
        let readable: Vec<&MigrationFile> = set.files.iter().filter(|f| f.text.is_ok()).collect();
        for (i, f) in readable.iter().enumerate() {
            if let Ok(text) = &f.text {
                files.push((
                    &f.display,
                    text,
                    set.hand_run,
                    &f.mode,
                    i + 1 == readable.len(),
                ));
            }
        }
    }
    // batches of about BATCH_BYTES, at least one file each
    let mut batches: Vec<&[Item]> = Vec::new();
    let (mut start, mut bytes) = (0, 0);
    for (i, (_, text, ..)) in files.iter().enumerate() {
        bytes += text.len();
        if bytes >= BATCH_BYTES {
            batches.push(&files[start..=i]);
            (start, bytes) = (i + 1, 0);
        }
    }
    if start < files.len() {
        batches.push(&files[start..]);
    }
    let parse = |batch: &[Item]| -> Vec<Parsed> {
        batch
            .par_iter()
            .map(|(_, text, ..)| Parsed::new(text))
            .collect()
    };
    let mut next = batches.first().map(|b| parse(b));
    for (i, batch) in batches.iter().enumerate() {
        let current = next.take().unwrap_or_default();
        let ahead = batches.get(i + 1);
        let run = |replay: &mut Replay| {
            for ((path, _, hand_run, mode, last), parsed) in batch.iter().zip(current) {
                replay.set_hand_run(*hand_run);
                replay.run_file_as(path, Script::from_parsed(parsed), mode);
                if *last {
                    replay.end_set();
                }
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

/// Whether a migration creates the `auth` schema itself: a project that stands in for
/// Supabase's platform (e2b's `20000101000000_auth.sql`) is not deployed on it.
pub fn creates_auth_schema(text: &str) -> bool {
    static RE: std::sync::LazyLock<Option<regex::Regex>> = std::sync::LazyLock::new(|| {
        regex::Regex::new(
            r#"(?i)\bcreate\s+schema\s+(?:if\s+not\s+exists\s+)?"?auth"?\s*(?:;|authorization|$)"#,
        )
        .ok()
    });
    RE.as_ref().is_some_and(|re| re.is_match(text))
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

    #[test]
    fn a_history_that_creates_auth_itself() {
        assert!(creates_auth_schema("CREATE SCHEMA IF NOT EXISTS auth;\n"));
        assert!(creates_auth_schema(
            "create schema \"auth\" authorization postgres;"
        ));
        assert!(!creates_auth_schema("CREATE SCHEMA authz;"));
        assert!(!creates_auth_schema("select auth.uid();"));
    }
}
