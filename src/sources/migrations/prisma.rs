//! Prisma Migrate (`prisma migrate deploy`): `prisma/migrations/<name>/migration.sql`,
//! folders in name order; the schema engine sends each script as one simple query
//! (`simple_query`), so a script is one implicit transaction; one connection for all.

use super::{Cx, Entry, FileMode, MigrationFile, Sending, Transaction};
use crate::findings::Finding;

pub(super) fn load(
    cx: &Cx,
    mut entries: Vec<Entry>,
    _findings: &mut Vec<Finding>,
) -> Vec<MigrationFile> {
    entries.sort_by(|a, b| a.0.cmp(&b.0));
    let mode = FileMode {
        transaction: Transaction::Implicit,
        sending: Sending::Script,
        session_carries: true,
    };
    entries
        .iter()
        .filter(|(_, p)| p.is_dir() && p.join("migration.sql").is_file())
        .map(|(name, p)| cx.file(&p.join("migration.sql"), Some(name.clone()), mode.clone()))
        .collect()
}
