//! The Supabase CLI (`supabase db reset`, `migration up`, `db push`): `pkg/migration` in
//! supabase/cli. Files `^([0-9]+)_(.*)\.sql$` in name order; each file is split into
//! statements by the CLI and sent as one pgx batch (one pipeline, one implicit transaction);
//! `RESET ALL` runs before each file.

use super::{Cx, Entry, FileMode, MigrationFile, Sending, Transaction};
use crate::findings::{Finding, Severity};

pub(super) fn mode() -> FileMode {
    FileMode {
        transaction: Transaction::Implicit,
        sending: Sending::Pipeline,
        session_carries: false,
    }
}

pub(super) fn load(
    cx: &Cx,
    mut entries: Vec<Entry>,
    findings: &mut Vec<Finding>,
) -> Vec<MigrationFile> {
    let re = regex::Regex::new(r"^([0-9]+)_(.*)\.sql$").expect("regex");
    // Go's fs.ReadDir sorts by name
    entries.sort_by(|a, b| a.0.cmp(&b.0));
    let mut files = Vec::new();
    let mut versions = Vec::new();
    for (i, (name, path)) in entries.iter().enumerate() {
        if path.is_dir() {
            continue;
        }
        if i == 0 && old_init(name) {
            findings.push(cx.skipped(
                path,
                "the CLI skips a first file named <timestamp>_init.sql older than 20211209000000 (it was written by old CLI versions)",
                format!("-- rename it, e.g. {}", name.replace("_init.sql", "_initial_schema.sql")),
            ));
            continue;
        }
        match re.captures(name) {
            Some(c) => {
                versions.push((c[1].to_string(), path.clone()));
                files.push(cx.file(path, Some(c[1].to_string()), mode()));
            }
            None if name.ends_with(".sql") => findings.push(cx.skipped(
                path,
                "its name does not match <version>_<name>.sql (the version must be digits only)",
                format!(
                    "-- rename it with a numeric version, e.g. {}",
                    super::suggest_name(name)
                ),
            )),
            None => {}
        }
    }
    findings.extend(cx.duplicates(
        &versions,
        "The Supabase CLI records applied migrations by version, so the second one cannot be recorded (duplicate key in supabase_migrations.schema_migrations) and `supabase db push` stops there",
    ));
    // mixed version formats
    let lens: std::collections::BTreeSet<usize> = versions.iter().map(|v| v.0.len()).collect();
    if lens.len() > 1 {
        let dir_shown = cx.display(cx.dir);
        let examples: Vec<String> = lens
            .iter()
            .filter_map(|l| {
                versions
                    .iter()
                    .find(|v| v.0.len() == *l)
                    .and_then(|v| v.1.file_name())
                    .map(|n| n.to_string_lossy().to_string())
            })
            .collect();
        findings.push(
            Finding::new(
                "migration-order",
                Severity::Low,
                dir_shown,
                format!(
                    "versions have mixed formats ({}): files sort by name, so a short version such as {} runs before or after others by accident",
                    lens.iter().map(|l| format!("{l} digits")).collect::<Vec<_>>().join(", "),
                    examples.first().cloned().unwrap_or_default()
                ),
            )
            .evidence(examples.join(", ")),
        );
    }
    files
}

/// `<14 digits>_init.sql` older than 2021-12-09: skipped when it is the first entry.
fn old_init(name: &str) -> bool {
    let Some(ts) = name.strip_suffix("_init.sql") else {
        return false;
    };
    ts.len() == 14
        && ts.bytes().all(|b| b.is_ascii_digit())
        && ts.parse::<u64>().is_ok_and(|t| t < 20211209000000)
}
