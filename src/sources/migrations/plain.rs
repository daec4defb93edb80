//! A folder of scripts run by hand with psql (`psql -f file` for each file): `.sql` files in
//! natural order, each statement in autocommit, a new session per file.

use super::{Cx, Entry, FileMode, MigrationFile, Sending, Transaction};
use crate::findings::Finding;

/// `psql -f`: statements one by one, each its own transaction; the session ends with the file.
pub fn psql_mode() -> FileMode {
    FileMode {
        transaction: Transaction::Autocommit,
        sending: Sending::Statements,
        session_carries: false,
    }
}

pub(super) fn load(
    cx: &Cx,
    mut entries: Vec<Entry>,
    _findings: &mut Vec<Finding>,
) -> Vec<MigrationFile> {
    entries.sort_by(|a, b| super::natural_cmp(&a.0, &b.0));
    entries
        .iter()
        .filter(|(n, p)| n.ends_with(".sql") && p.is_file())
        .map(|(_, p)| cx.file(p, None, psql_mode()))
        .collect()
}
