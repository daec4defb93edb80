//! Diesel (`diesel migration run`, `run_pending_migrations`): diesel_migrations in
//! diesel-rs/diesel. Every non-hidden, non-empty folder is a migration and must hold `up.sql`;
//! the version is the folder name up to the first `_` without `-`; migrations run in version
//! order (string order), each `up.sql` sent with `batch_execute` (one simple query) inside a
//! transaction unless `metadata.toml` says `run_in_transaction = false`.

use super::{Cx, Entry, FileMode, MigrationFile, Sending, Transaction};
use crate::findings::Finding;

fn version(name: &str) -> String {
    name.split('_').next().unwrap_or("").replace('-', "")
}

fn in_transaction(dir: &std::path::Path) -> bool {
    let Some(text) = crate::sources::fsread::read_optional(&dir.join("metadata.toml")) else {
        return true;
    };
    match text.parse::<toml::Table>() {
        Ok(t) => t
            .get("run_in_transaction")
            .and_then(|v| v.as_bool())
            .unwrap_or(true),
        Err(_) => true,
    }
}

pub(super) fn load(
    cx: &Cx,
    entries: Vec<Entry>,
    findings: &mut Vec<Finding>,
) -> Vec<MigrationFile> {
    let mut dirs: Vec<(String, Entry)> = Vec::new();
    for (name, path) in entries {
        if name.starts_with('.') || !path.is_dir() {
            continue;
        }
        let empty = std::fs::read_dir(&path)
            .map(|mut r| r.next().is_none())
            .unwrap_or(true);
        if empty {
            continue;
        }
        if !path.join("up.sql").is_file() {
            findings.push(cx.refused(
                &path,
                format!(
                    "{} has no up.sql: Diesel refuses the whole migrations folder (UnknownMigrationFormat), so no migration runs",
                    cx.display(&path)
                ),
            ));
            continue;
        }
        dirs.push((version(&name), (name, path)));
    }
    dirs.sort_by(|a, b| a.0.cmp(&b.0).then(a.1.0.cmp(&b.1.0)));
    let versions: Vec<(String, std::path::PathBuf)> = dirs
        .iter()
        .map(|(v, (_, p))| (v.clone(), p.join("up.sql")))
        .collect();
    findings.extend(cx.duplicates(
        &versions,
        "Diesel records applied migrations by version (__diesel_schema_migrations), so the second one cannot be recorded and the run stops there",
    ));
    dirs.iter()
        .map(|(v, (_, p))| {
            let mode = FileMode {
                transaction: if in_transaction(p) {
                    Transaction::PerFile
                } else {
                    Transaction::Implicit
                },
                sending: Sending::Script,
                session_carries: true,
            };
            cx.file(&p.join("up.sql"), Some(v.clone()), mode)
        })
        .collect()
}
