//! One SOURCE argument of the command line, whatever its kind: a migration folder or a .sql
//! file (replayed), `schema.prisma`, an OpenAPI `.json`, generated types `.ts`, or a
//! `postgres://` URL (the live database).

use crate::catalog::Catalog;
use crate::findings::Finding;
use crate::report::SourceInfo;
use crate::sources::{openapi, prisma, project, ts_types};
use std::path::Path;

#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub enum SourceKind {
    Sql,
    Prisma,
    OpenApi,
    Types,
    Database,
}

/// A source read into the catalog, with what went wrong reading it.
pub struct Loaded {
    pub kind: SourceKind,
    pub catalog: Catalog,
    pub findings: Vec<Finding>,
    pub info: SourceInfo,
    /// How messages name it ("the migrations", "database-schema.sql" …).
    pub label: String,
    /// Prisma's own reading (models, enums), for the Prisma checks and code references.
    pub prisma: Option<prisma::PrismaSource>,
    /// A live database's migration history: (table, the versions it lists as applied).
    pub history: Option<(String, Vec<String>)>,
}

/// Whether an argument is meant as a connection string (any URL, or libpq `key=value`): a
/// mistyped scheme is then refused as such, never read as a file whose error would echo it.
pub fn is_url(arg: &str) -> bool {
    crate::sources::database::is_database_url(arg)
}

/// What kind of source an argument names.
pub fn kind_of(arg: &str) -> SourceKind {
    if is_url(arg) {
        return SourceKind::Database;
    }
    let p = Path::new(arg);
    let lower = arg.to_ascii_lowercase();
    if lower.ends_with(".prisma")
        || (p.is_dir() && (p.join("schema.prisma").is_file() || lower.ends_with("prisma/schema")))
    {
        SourceKind::Prisma
    } else if lower.ends_with(".json") {
        SourceKind::OpenApi
    } else if lower.ends_with(".ts") {
        SourceKind::Types
    } else {
        SourceKind::Sql
    }
}

/// A short id for a source: the file or folder name.
pub fn default_id(arg: &str) -> String {
    if is_url(arg) {
        return "database".into();
    }
    let p = Path::new(arg);
    p.file_name()
        .map(|n| n.to_string_lossy().to_string())
        .unwrap_or_else(|| arg.to_string())
}

/// Loads a source; `id` names it in findings.
pub fn load(arg: &str, id: &str, db: &DbSettings) -> Result<Loaded, String> {
    let kind = kind_of(arg);
    let path = Path::new(arg);
    match kind {
        SourceKind::Sql => {
            let src = project::load_sql_path_as(path, id)?;
            Ok(Loaded {
                kind,
                label: id.to_string(),
                catalog: src.catalog,
                findings: src.findings,
                info: src.info,
                prisma: None,
                history: None,
            })
        }
        SourceKind::Prisma => {
            let p = prisma::load(path, id)?;
            Ok(Loaded {
                kind,
                label: id.to_string(),
                catalog: p.catalog.clone(),
                findings: p.findings.clone(),
                info: p.info.clone(),
                prisma: Some(p),
                history: None,
            })
        }
        SourceKind::OpenApi => {
            let (catalog, info) = openapi::load(path, id)?;
            Ok(Loaded {
                kind,
                label: id.to_string(),
                catalog,
                findings: Vec::new(),
                info,
                prisma: None,
                history: None,
            })
        }
        SourceKind::Types => {
            let (catalog, info) = ts_types::load(path, id)?;
            Ok(Loaded {
                kind,
                label: id.to_string(),
                catalog,
                findings: Vec::new(),
                info,
                prisma: None,
                history: None,
            })
        }
        SourceKind::Database => load_database(arg, id, db),
    }
}

/// Settings of a live-database source.
#[derive(Clone, Debug)]
pub struct DbSettings {
    pub statement_timeout: std::time::Duration,
    /// Connect, TLS and login together (default 10 s).
    pub connect_timeout: std::time::Duration,
}

impl Default for DbSettings {
    fn default() -> Self {
        DbSettings {
            statement_timeout: std::time::Duration::from_secs(30),
            connect_timeout: std::time::Duration::from_secs(10),
        }
    }
}

fn load_database(url: &str, id: &str, db: &DbSettings) -> Result<Loaded, String> {
    use crate::sources::database::{DbOptions, introspect};
    let opts = DbOptions {
        statement_timeout: db.statement_timeout,
        connect_timeout: db.connect_timeout,
        source_id: id.to_string(),
        ..DbOptions::default()
    };
    let src = introspect(url, &opts).map_err(|e| e.to_string())?;
    // the runner's own history first (Supabase, then Prisma), then any other
    let history = src
        .history
        .iter()
        .find(|h| !h.entries.is_empty())
        .or(src.history.first())
        .map(|h| {
            (
                h.table.clone(),
                h.entries.iter().map(|e| e.version.clone()).collect(),
            )
        });
    Ok(Loaded {
        kind: SourceKind::Database,
        label: "the database".into(),
        catalog: src.catalog,
        findings: Vec::new(),
        info: src.info,
        prisma: None,
        history,
    })
}
