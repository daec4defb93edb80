//! Sources the user named on the command line. A source the user asked for and that cannot
//! be read stops the run with one line (exit 2): a finding would let CI go green without
//! anyone reading it. Sources found by discovery stay findings when they cannot be read.

use std::path::{Path, PathBuf};

/// What a file of this extension is, when it is certainly not SQL.
fn non_sql_kind(path: &Path) -> Option<&'static str> {
    let ext = path.extension()?.to_string_lossy().to_ascii_lowercase();
    Some(match ext.as_str() {
        "md" | "markdown" | "rst" | "adoc" => "a documentation file",
        "prisma" => "a Prisma schema",
        "json" => "a JSON file",
        "ts" | "tsx" | "js" | "jsx" | "mjs" | "cjs" => "a JavaScript/TypeScript file",
        "py" | "rb" | "go" | "rs" | "java" | "kt" | "php" | "cs" => "a source code file",
        "toml" | "yaml" | "yml" | "ini" | "env" => "a configuration file",
        "html" | "htm" | "css" | "svg" => "a web page",
        "png" | "jpg" | "jpeg" | "gif" | "webp" | "ico" | "bmp" | "tiff" | "pdf" => {
            "an image or document"
        }
        "zip" | "gz" | "tgz" | "tar" | "xz" | "bz2" | "7z" | "zst" => "an archive",
        "exe" | "dll" | "so" | "dylib" | "o" | "a" | "wasm" | "bin" => "a binary file",
        _ => return None,
    })
}

/// Refuses a file named as SQL that is plainly something else (by its extension): a
/// README, a Prisma schema, a picture. Folders and unknown extensions pass; their content is
/// judged by the replay (a binary or non-UTF-8 file is refused there).
pub fn check_sql_file(path: &Path, what: &str) -> Result<(), String> {
    let meta = std::fs::metadata(path)
        .map_err(|e| format!("{what}: cannot read {}: {}", path.display(), plain(&e)))?;
    if meta.is_dir() {
        return Ok(());
    }
    if !meta.is_file() {
        let kind = crate::sources::fsread::special_kind(path).unwrap_or("not a regular file");
        return Err(format!("{what}: {} is {kind}, not a file", path.display()));
    }
    if let Some(kind) = non_sql_kind(path) {
        return Err(format!(
            "{what}: {} is {kind}, not SQL (name a .sql file, a migration folder or a postgres:// URL)",
            path.display()
        ));
    }
    Ok(())
}

/// A file named with `--types`, `--openapi` or `--prisma` must exist (a folder only for
/// Prisma, which reads a folder of .prisma files).
pub fn check_file(path: &Path, flag: &str, folder_ok: bool) -> Result<(), String> {
    match std::fs::metadata(path) {
        Err(e) => Err(format!(
            "{flag}: cannot read {}: {}",
            path.display(),
            plain(&e)
        )),
        Ok(m) if m.is_dir() && !folder_ok => Err(format!(
            "{flag}: {} is a folder, not a file",
            path.display()
        )),
        Ok(m) if !m.is_dir() && !m.is_file() => {
            let kind = crate::sources::fsread::special_kind(path).unwrap_or("not a regular file");
            Err(format!("{flag}: {} is {kind}, not a file", path.display()))
        }
        Ok(_) => Ok(()),
    }
}

/// A folder named with `--code` or `--migrations` must be a folder.
pub fn check_folder(path: &Path, flag: &str) -> Result<(), String> {
    match std::fs::metadata(path) {
        Err(e) => Err(format!(
            "{flag}: cannot read {}: {}",
            path.display(),
            plain(&e)
        )),
        Ok(m) if !m.is_dir() => Err(format!("{flag}: {} is not a folder", path.display())),
        Ok(_) => Ok(()),
    }
}

/// An I/O error without the "(os error 2)" tail.
fn plain(e: &std::io::Error) -> String {
    match e.kind() {
        std::io::ErrorKind::NotFound => "no such file or folder".into(),
        std::io::ErrorKind::PermissionDenied => "permission denied".into(),
        _ => e.to_string(),
    }
}

/// When `dir` is itself a migration folder (its `.sql` files, or a runner's layout, are
/// inside it rather than in a `migrations` folder below it), the folder a user most likely
/// meant as the project root: above `supabase/migrations`, `prisma/migrations`,
/// `db/migrations`, else the parent.
pub fn migrations_folder_root(dir: &Path) -> Option<PathBuf> {
    use crate::sources::migrations::detect_by_content;
    let has_sql = std::fs::read_dir(dir).ok()?.flatten().any(|e| {
        let p = e.path();
        p.extension().is_some_and(|x| x.eq_ignore_ascii_case("sql"))
            || p.join("migration.sql").is_file()
            || p.join("up.sql").is_file()
    });
    let named = dir.file_name().is_some_and(|n| n == "migrations");
    if !(has_sql && (named || detect_by_content(dir).is_some())) {
        return None;
    }
    let abs = std::fs::canonicalize(dir).unwrap_or_else(|_| dir.to_path_buf());
    let parent = abs.parent()?;
    let up = match parent.file_name().and_then(|n| n.to_str()) {
        Some("supabase" | "prisma" | "db") => parent.parent().unwrap_or(parent),
        _ => parent,
    };
    // say it the way the user wrote it: relative to the current folder when inside it
    let shown = std::env::current_dir()
        .ok()
        .and_then(|cwd| up.strip_prefix(cwd).ok().map(Path::to_path_buf))
        .map(|p| {
            if p.as_os_str().is_empty() {
                PathBuf::from(".")
            } else {
                p
            }
        })
        .unwrap_or_else(|| up.to_path_buf());
    Some(shown)
}

/// A Prisma source that declares nothing and has errors is not a Prisma schema at all
/// (a README renamed, a file of another language): the run stops instead of reporting its
/// every line as a syntax error.
pub fn check_prisma(l: &crate::sources::load::Loaded, arg: &str) -> Result<(), String> {
    let declares =
        l.catalog.object_count() > 0 || l.prisma.as_ref().is_some_and(|p| !p.models.is_empty());
    if declares || l.findings.is_empty() {
        return Ok(());
    }
    let first = l
        .findings
        .first()
        .map(|f| f.message.as_str())
        .unwrap_or_default();
    Err(format!(
        "{arg} is not a Prisma schema (no model, enum or view could be read; {first})"
    ))
}
