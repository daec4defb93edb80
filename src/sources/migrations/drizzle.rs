//! Drizzle Kit (`drizzle-kit migrate`, drizzle-orm's `migrate()`): `src/migrator.ts` and
//! `src/pg-core/dialect.ts` in drizzle-team/drizzle-orm. The order is `meta/_journal.json`'s
//! `entries`; each `<tag>.sql` is split at `--> statement-breakpoint` and every piece is one
//! query; all pending migrations run in ONE transaction. On a database that has migrations,
//! an entry whose `when` is not later than the last applied one is skipped.

use super::{Cx, Entry, FileMode, MigrationFile, Sending, Transaction};
use crate::findings::{Finding, Location, Severity};

const BREAKPOINT: &str = "--> statement-breakpoint";

pub(super) fn load(
    cx: &Cx,
    entries: Vec<Entry>,
    findings: &mut Vec<Finding>,
) -> Vec<MigrationFile> {
    let journal_path = cx.dir.join("meta").join("_journal.json");
    let journal: serde_json::Value = match super::read_text(&journal_path).and_then(|t| {
        serde_json::from_str(&t).map_err(|e| format!("{}: {e}", journal_path.display()))
    }) {
        Ok(v) => v,
        Err(e) => {
            findings.push(cx.refused(
                &journal_path,
                format!("{e}: the migrator cannot read its journal, so no migration runs"),
            ));
            return Vec::new();
        }
    };
    let list = journal
        .get("entries")
        .and_then(|e| e.as_array())
        .cloned()
        .unwrap_or_default();
    let mut files = Vec::new();
    let mut named = std::collections::BTreeSet::new();
    let mut last_when: Option<(i64, String)> = None;
    for e in &list {
        let Some(tag) = e.get("tag").and_then(|t| t.as_str()) else {
            continue;
        };
        named.insert(format!("{tag}.sql"));
        let path = cx.dir.join(format!("{tag}.sql"));
        if !path.is_file() {
            findings.push(cx.refused(
                &path,
                format!("the journal names {tag} but {} does not exist: the migrator throws (No file … found) and nothing runs", cx.display(&path)),
            ));
            continue;
        }
        let when = e.get("when").and_then(|w| w.as_i64());
        if let (Some(w), Some((lw, ltag))) = (when, &last_when)
            && w <= *lw
        {
            let shown = cx.display(&path);
            findings.push(
                Finding::new(
                    "migration-order",
                    Severity::Medium,
                    shown.clone(),
                    format!("{tag} is listed after {ltag} in meta/_journal.json but its `when` ({w}) is not later ({lw}): on a database where {ltag} was applied, the migrator skips {tag} (it compares created_at)"),
                )
                .at(Location::file(cx.source_id, &shown, 1, 1))
                .impact("A fresh database gets this migration, an existing one never does.")
                .fix("-- regenerate the migration so that its journal entry is the newest".to_string()),
            );
        }
        if let Some(w) = when
            && last_when.as_ref().is_none_or(|(lw, _)| w > *lw)
        {
            last_when = Some((w, tag.to_string()));
        }
        let mut f = cx.file(&path, Some(tag.to_string()), FileMode::default());
        let starts = match &f.text {
            Ok(t) => t
                .match_indices(BREAKPOINT)
                .map(|(i, _)| i + BREAKPOINT.len())
                .collect(),
            Err(_) => Vec::new(),
        };
        f.mode = FileMode {
            transaction: Transaction::WholeSet,
            sending: Sending::Chunks(starts),
            session_carries: true,
        };
        files.push(f);
    }
    for (name, path) in entries {
        if name.ends_with(".sql") && path.is_file() && !named.contains(&name) {
            findings.push(cx.skipped(
                &path,
                "meta/_journal.json does not list it",
                "-- generate migrations with drizzle-kit generate, which writes the journal entry".to_string(),
            ));
        }
    }
    files
}
