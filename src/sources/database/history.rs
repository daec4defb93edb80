//! Migration history tables: which migrations a database says it has applied.

use super::error::DbError;
use super::load::{Row, rows};
use super::session::{ResultSet, Session};
use crate::catalog::{QualName, quote_ident};
use serde::Serialize;

/// One applied migration, as its history table records it.
#[derive(Clone, Debug, PartialEq, Eq, Serialize)]
pub struct AppliedMigration {
    pub version: String,
    #[serde(skip_serializing_if = "Option::is_none")]
    pub name: Option<String>,
}

/// The content of one history table (`supabase_migrations.schema_migrations`, …).
#[derive(Clone, Debug, PartialEq, Eq, Serialize)]
pub struct MigrationHistory {
    /// `schema.table`.
    pub table: String,
    pub entries: Vec<AppliedMigration>,
}

/// A history table found in the database, and how to read it.
pub(crate) struct Candidate {
    pub table: QualName,
    query: String,
    prisma: bool,
}

/// Picks the history tables among the candidates of the setup batch: the two well-known
/// ones, plus any named in `extra` (`schema.table` or a bare table name).
pub(crate) fn candidates(set: &ResultSet, extra: &[String]) -> Vec<Candidate> {
    let mut out = Vec::new();
    for r in rows(set) {
        let q = QualName::new(r.s("nspname"), r.s("relname"));
        let cols = r.strings("cols");
        let wanted = (q.schema == "supabase_migrations" && q.name == "schema_migrations")
            || q.name == "_prisma_migrations"
            || extra
                .iter()
                .any(|e| *e == q.name || *e == format!("{}.{}", q.schema, q.name));
        // Only an ordinary table is read, never a view, foreign table or partitioned table
        // a database user could plant under the name (the setup query keeps relkind 'r'),
        // nor one whose row security policies would run for this role; only columns of
        // built-in types (a cast of a user type to text could be a user function).
        if !wanted || !r.b("readable") || !r.b("no_policy") {
            continue;
        }
        if let Some(c) = candidate(q, &cols) {
            out.push(c);
        }
    }
    out
}

fn candidate(table: QualName, cols: &[String]) -> Option<Candidate> {
    let has = |c: &str| cols.iter().any(|x| x == c);
    // ONLY: child tables (which could be foreign tables) are not scanned
    let from = format!("ONLY {}", table.to_sql());
    if table.name == "_prisma_migrations" && has("migration_name") {
        let mut filter = Vec::new();
        if has("finished_at") {
            filter.push("finished_at IS NOT NULL");
        }
        if has("rolled_back_at") {
            filter.push("rolled_back_at IS NULL");
        }
        let filter = if filter.is_empty() {
            String::new()
        } else {
            format!(" WHERE {}", filter.join(" AND "))
        };
        return Some(Candidate {
            query: format!(
                "SELECT migration_name::text AS version, NULL::text AS name FROM {from}{filter} ORDER BY 1"
            ),
            table,
            prisma: true,
        });
    }
    let version = ["version", "migration_name", "migration", "id", "name"]
        .into_iter()
        .find(|c| has(c))?;
    let name = ["name", "description", "filename", "file_name"]
        .into_iter()
        .find(|c| has(c) && *c != version);
    Some(Candidate {
        query: format!(
            "SELECT {}::text AS version, {} AS name FROM {from} ORDER BY 1",
            quote_ident(version),
            name.map(|n| format!("{}::text", quote_ident(n)))
                .unwrap_or_else(|| "NULL::text".into())
        ),
        table,
        prisma: false,
    })
}

/// Reads every candidate in one batch.
pub(crate) fn read(
    session: &mut Session,
    cands: &[Candidate],
) -> Result<Vec<MigrationHistory>, DbError> {
    if cands.is_empty() {
        return Ok(Vec::new());
    }
    let sql = cands
        .iter()
        .map(|c| c.query.as_str())
        .collect::<Vec<_>>()
        .join(";\n");
    let sets = session.batch(&sql)?;
    Ok(cands
        .iter()
        .zip(sets.iter())
        .map(|(c, set)| MigrationHistory {
            table: c.table.to_string(),
            entries: rows(set).map(|r| entry(r, c.prisma)).collect(),
        })
        .collect())
}

fn entry(r: Row<'_>, prisma: bool) -> AppliedMigration {
    let version = r.s("version").to_string();
    if prisma {
        // `20240101120000_add_orgs`: the timestamp is the version, the rest the name
        if let Some((v, n)) = version.split_once('_')
            && v.chars().all(|c| c.is_ascii_digit())
        {
            return AppliedMigration {
                version: v.to_string(),
                name: Some(n.to_string()),
            };
        }
    }
    AppliedMigration {
        version,
        name: r.opt("name").map(str::to_string),
    }
}
