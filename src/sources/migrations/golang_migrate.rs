//! golang-migrate (`migrate up`): `source/parse.go` and `database/postgres/postgres.go` in
//! golang-migrate/migrate. Files `^([0-9]+)_(.*)\.(down|up)\.(.*)$`; the version is the
//! number (so `001` and `1` are the same version); up files run in version order, each sent
//! as one query (`ExecContext`, one implicit transaction) on one connection.

use super::{Cx, Entry, FileMode, MigrationFile, Sending, Transaction};
use crate::findings::Finding;

/// (version, direction is up) of a golang-migrate file name.
pub(super) fn parse_name(name: &str) -> Option<(u64, bool)> {
    let (num, rest) = name.split_once('_')?;
    if num.is_empty() || !num.bytes().all(|b| b.is_ascii_digit()) {
        return None;
    }
    let up = if rest.contains(".up.") {
        true
    } else if rest.contains(".down.") {
        false
    } else {
        return None;
    };
    Some((num.parse().ok()?, up))
}

pub(super) fn load(
    cx: &Cx,
    entries: Vec<Entry>,
    findings: &mut Vec<Finding>,
) -> Vec<MigrationFile> {
    let mut ups: Vec<(u64, Entry)> = Vec::new();
    for (name, path) in entries {
        if !path.is_file() {
            continue;
        }
        match parse_name(&name) {
            Some((v, true)) => ups.push((v, (name, path))),
            Some((_, false)) => {}
            None if name.ends_with(".sql") => findings.push(cx.skipped(
                &path,
                "its name is not <version>_<title>.up.sql",
                "-- rename it <version>_<title>.up.sql (and add the .down.sql)".to_string(),
            )),
            None => {}
        }
    }
    ups.sort_by(|a, b| a.0.cmp(&b.0).then(a.1.0.cmp(&b.1.0)));
    let versions: Vec<(String, std::path::PathBuf)> = ups
        .iter()
        .map(|(v, (_, p))| (v.to_string(), p.clone()))
        .collect();
    findings.extend(cx.duplicates(
        &versions,
        "golang-migrate refuses to start (duplicate migration file): no migration runs",
    ));
    let mode = FileMode {
        transaction: Transaction::Implicit,
        sending: Sending::Script,
        session_carries: true,
    };
    ups.iter()
        .map(|(v, (_, p))| cx.file(p, Some(v.to_string()), mode.clone()))
        .collect()
}
