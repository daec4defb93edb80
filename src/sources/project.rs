//! Loading a SQL source named on the command line (a migration folder or a .sql file), and
//! finding the SQL sources of a project folder.

use super::migrations::{self, Convention, MigrationSet};
use crate::catalog::Catalog;
use crate::findings::Finding;
use crate::replay::{FileVerdict, Replay, ReplayOptions};
use crate::report::SourceInfo;
use std::path::{Path, PathBuf};

/// A replayed SQL source.
pub struct SqlSource {
    pub catalog: Catalog,
    pub findings: Vec<Finding>,
    pub verdicts: Vec<FileVerdict>,
    pub info: SourceInfo,
}

/// What to replay: folders (in order) and single files, with an optional baseline file.
pub struct SqlInputs {
    pub folders: Vec<PathBuf>,
    pub files: Vec<PathBuf>,
}

/// Replays folders then files into one catalog. Errors only when nothing can be read.
pub fn replay_inputs(
    inputs: &SqlInputs,
    root: Option<&Path>,
    source_id: &str,
    supabase_hint: bool,
) -> Result<SqlSource, String> {
    let mut sets: Vec<MigrationSet> = Vec::new();
    let mut errors = Vec::new();
    // schema files first: they are the baseline the migrations apply on
    for f in &inputs.files {
        let display = match root {
            Some(r) => f
                .strip_prefix(r)
                .unwrap_or(f)
                .to_string_lossy()
                .replace('\\', "/"),
            None => f.to_string_lossy().replace('\\', "/"),
        };
        match std::fs::metadata(f) {
            Ok(m) if m.is_file() => sets.push(migrations::schema_file_set(f, display)),
            Ok(_) => errors.push(format!("{} is not a file", f.display())),
            Err(e) => errors.push(format!("cannot read {}: {e}", f.display())),
        }
    }
    for f in &inputs.folders {
        match migrations::load_folder(f, None, root, source_id) {
            Ok(s) => sets.push(s),
            Err(e) => errors.push(e),
        }
    }
    let readable = sets
        .iter()
        .flat_map(|s| s.files.iter())
        .any(|f| f.text.is_ok());
    if !readable {
        let why = if errors.is_empty() {
            let names: Vec<String> = inputs
                .folders
                .iter()
                .chain(inputs.files.iter())
                .map(|p| p.display().to_string())
                .collect();
            match sets
                .iter()
                .flat_map(|s| s.files.iter())
                .find_map(|f| f.text.as_ref().err())
            {
                Some(e) => e.clone(),
                None => format!("no SQL files found in {}", names.join(", ")),
            }
        } else {
            errors.join("; ")
        };
        return Err(why);
    }
    let supabase = supabase_hint
        || inputs
            .folders
            .iter()
            .any(|f| f.to_string_lossy().contains("supabase"))
        || {
            // what the migrations say: `auth.uid()`, `TO authenticated` … unless they build
            // their own `auth` schema (a stand-in for the platform, not the platform)
            let texts = || {
                sets.iter()
                    .flat_map(|s| s.files.iter())
                    .filter_map(|f| f.text.as_ref().ok())
            };
            texts().any(|t| migrations::looks_like_supabase(t))
                && !texts().any(|t| migrations::creates_auth_schema(t))
        };
    let mut replay = Replay::new(ReplayOptions {
        source_id: source_id.to_string(),
        supabase,
    });
    migrations::replay_sets(&mut replay, &sets);
    let location = inputs
        .folders
        .iter()
        .chain(inputs.files.iter())
        .map(|p| match root {
            Some(r) => p.strip_prefix(r).unwrap_or(p).to_string_lossy().to_string(),
            None => p.to_string_lossy().to_string(),
        })
        .collect::<Vec<_>>()
        .join(", ");
    // the migrations' runner names the source (the schema files before them are plain SQL)
    let convention = sets
        .get(inputs.files.len())
        .or(sets.first())
        .map(|s| s.convention.as_str().to_string());
    let (catalog, findings, verdicts) = replay.finish();
    let info = SourceInfo {
        id: source_id.to_string(),
        kind: if inputs.folders.is_empty() {
            "schema-file".into()
        } else {
            "migrations".into()
        },
        location,
        convention,
        objects: catalog.object_count(),
        also_found: Vec::new(),
    };
    let mut all = findings;
    for e in errors {
        all.push(Finding::new(
            "unparsed-statement",
            crate::findings::Severity::High,
            "input",
            e,
        ));
    }
    Ok(SqlSource {
        catalog,
        findings: all,
        verdicts,
        info,
    })
}

/// Loads one SOURCE argument that is SQL: a folder of migrations or a .sql file.
pub fn load_sql_path(path: &Path) -> Result<SqlSource, String> {
    let id = if path.is_dir() {
        "migrations"
    } else {
        "schema-file"
    };
    load_sql_path_as(path, id)
}

/// [`load_sql_path`] with the source id to use in findings.
pub fn load_sql_path_as(path: &Path, id: &str) -> Result<SqlSource, String> {
    let meta =
        std::fs::metadata(path).map_err(|e| format!("cannot read {}: {e}", path.display()))?;
    let inputs = if meta.is_dir() {
        SqlInputs {
            folders: vec![path.to_path_buf()],
            files: Vec::new(),
        }
    } else {
        SqlInputs {
            folders: Vec::new(),
            files: vec![path.to_path_buf()],
        }
    };
    replay_inputs(&inputs, None, id, false)
}

/// Migration folders of a project (outside node_modules, build output and hidden folders):
/// every `supabase/migrations` and `prisma/migrations`, `migrations` and `db/migrations`
/// folders, and any folder whose content shows a runner's layout: a `sqitch.plan`, a
/// Drizzle `meta/_journal.json`, Flyway `V1__x.sql` names (`src/main/resources/db/migration`,
/// `db/migration`, `sql/`), goose or dbmate annotations, golang-migrate `*.up.sql`, Diesel
/// `<version>_<name>/up.sql` folders.
pub fn discover_migration_folders(project: &Path) -> Vec<PathBuf> {
    let mut found = Vec::new();
    // a Sqitch project keeps sqitch.plan at its top
    if matches!(
        migrations::detect_by_content(project),
        Some(Convention::Sqitch | Convention::Drizzle)
    ) {
        return vec![project.to_path_buf()];
    }
    let mut stack = vec![(project.to_path_buf(), 0)];
    while let Some((dir, depth)) = stack.pop() {
        if depth > 6 {
            continue;
        }
        let Ok(rd) = std::fs::read_dir(&dir) else {
            continue;
        };
        let mut subdirs: Vec<PathBuf> = rd
            .flatten()
            .filter(|e| e.file_type().is_ok_and(|t| t.is_dir()))
            .map(|e| e.path())
            .collect();
        subdirs.sort();
        for d in subdirs {
            let name = d
                .file_name()
                .map(|n| n.to_string_lossy().to_string())
                .unwrap_or_default();
            if name.starts_with('.')
                || matches!(
                    name.as_str(),
                    "node_modules" | "target" | "dist" | "build" | "vendor"
                )
            {
                continue;
            }
            let parent = dir
                .file_name()
                .map(|n| n.to_string_lossy().to_string())
                .unwrap_or_default();
            let by_place = name == "migrations"
                && (parent == "supabase" || parent == "prisma" || parent == "db" || dir == project);
            if by_place || is_runner_folder(&d) {
                found.push(d.clone());
                continue;
            }
            stack.push((d, depth + 1));
        }
    }
    found.sort();
    found
}

/// A folder whose content is a runner's history (not a folder that merely holds SQL).
fn is_runner_folder(dir: &Path) -> bool {
    match migrations::detect_by_content(dir) {
        None => false,
        // a Prisma or Diesel layout counts where a migration folder is expected
        Some(Convention::Prisma | Convention::Diesel) => {
            dir.file_name().is_some_and(|n| n == "migrations")
        }
        Some(_) => true,
    }
}

/// Schema files a project keeps beside its migrations.
pub fn discover_schema_files(project: &Path) -> Vec<PathBuf> {
    let mut out = Vec::new();
    for dir in [
        project.to_path_buf(),
        project.join("supabase"),
        project.join("db"),
        project.join("database"),
    ] {
        let Ok(rd) = std::fs::read_dir(&dir) else {
            continue;
        };
        for e in rd.flatten() {
            let n = e.file_name().to_string_lossy().to_ascii_lowercase();
            if matches!(n.as_str(), "schema.sql" | "structure.sql")
                || (n.starts_with("database-schema") && n.ends_with(".sql"))
            {
                out.push(e.path());
            }
        }
    }
    out.sort();
    out
}

/// The declarative schema files of a Supabase project (`supabase/schemas/`, beside each
/// discovered `supabase/migrations`), in the order `supabase db diff` and `db reset` apply
/// them: the globs of `[db.migrations] schema_paths` in `supabase/config.toml` in their
/// order, else every `.sql` file under `schemas/` in lexicographic order of its path.
pub fn discover_declarative_schemas(migration_folders: &[PathBuf]) -> Vec<PathBuf> {
    let mut out = Vec::new();
    for f in migration_folders {
        let Some(supabase) = f
            .parent()
            .filter(|p| p.file_name().is_some_and(|n| n == "supabase"))
        else {
            continue;
        };
        if f.file_name().is_none_or(|n| n != "migrations") {
            continue;
        }
        let schemas = supabase.join("schemas");
        let mut files = Vec::new();
        collect_sql(&schemas, &mut files, 0, true);
        files.sort();
        let configured: Vec<String> =
            crate::sources::fsread::read_optional(&supabase.join("config.toml"))
                .and_then(|t| t.parse::<toml::Table>().ok())
                .and_then(|t| {
                    let paths = t
                        .get("db")?
                        .get("migrations")?
                        .get("schema_paths")?
                        .as_array()?
                        .clone();
                    Some(
                        paths
                            .iter()
                            .filter_map(|v| v.as_str().map(str::to_string))
                            .collect(),
                    )
                })
                .unwrap_or_default();
        if configured.is_empty() {
            out.extend(files);
            continue;
        }
        // each glob in turn, relative to supabase/ (they may name migration files too); a
        // file matched twice runs once
        let mut all = Vec::new();
        collect_sql(supabase, &mut all, 0, false);
        all.sort();
        for pattern in configured {
            let pattern = pattern.trim_start_matches("./");
            let Ok(glob) = globset::Glob::new(pattern).map(|g| g.compile_matcher()) else {
                continue;
            };
            for p in &all {
                let rel = p.strip_prefix(supabase).unwrap_or(p);
                if glob.is_match(rel) && !out.contains(p) {
                    out.push(p.clone());
                }
            }
        }
    }
    out
}

fn collect_sql(dir: &Path, out: &mut Vec<PathBuf>, depth: usize, skip_migrations: bool) {
    let Ok(rd) = std::fs::read_dir(dir) else {
        return;
    };
    for e in rd.flatten() {
        let p = e.path();
        let Ok(ft) = e.file_type() else { continue };
        if ft.is_dir() {
            let name = e.file_name();
            // the migrations are their own source
            if depth < 6
                && !(skip_migrations && name == "migrations")
                && !name.to_string_lossy().starts_with('.')
            {
                collect_sql(&p, out, depth + 1, skip_migrations);
            }
        } else if ft.is_file() && p.extension().is_some_and(|x| x == "sql") {
            out.push(p);
        }
    }
}
