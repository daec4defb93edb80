//! The live PostgreSQL database as a source: read-only introspection into the catalog.
//!
//! Everything is read in `READ ONLY` transactions with a statement timeout, with a fixed
//! number of round trips whatever the size of the database: one batch that decides the scope
//! (and exports the snapshot), one batch of catalog queries (one query per kind of object,
//! split over two sessions that share the snapshot), one for the migration history tables.
//! See [`introspect`].

mod conninfo;
mod error;
mod history;
mod load;
mod queries;
mod session;

pub use error::{DbError, DbErrorKind, Target};
pub use history::{AppliedMigration, MigrationHistory};
pub use session::{ResultSet, Session, is_database_url, redact};

use crate::catalog::dump::is_platform_schema;
use crate::catalog::{Catalog, Knowledge};
use crate::report::SourceInfo;
use std::time::Duration;

/// How to read a database.
#[derive(Clone, Debug)]
pub struct DbOptions {
    /// `statement_timeout` of the session (default 30 s).
    pub statement_timeout: Duration,
    /// How long to wait for the server to answer the connection (default 10 s).
    pub connect_timeout: Duration,
    /// Schemas to read; empty: every schema that is not the platform's.
    pub include_schemas: Vec<String>,
    /// Schemas never to read (applied after `include_schemas`).
    pub exclude_schemas: Vec<String>,
    /// More migration history tables to read (`schema.table` or a table name), besides
    /// `supabase_migrations.schema_migrations` and `_prisma_migrations`.
    pub history_tables: Vec<String>,
    /// The source id objects are attributed to (default `database`).
    pub source_id: String,
}

impl Default for DbOptions {
    fn default() -> Self {
        DbOptions {
            statement_timeout: Duration::from_secs(30),
            connect_timeout: Duration::from_secs(10),
            include_schemas: Vec::new(),
            exclude_schemas: Vec::new(),
            history_tables: Vec::new(),
            source_id: "database".into(),
        }
    }
}

impl DbOptions {
    /// Whether a schema is read.
    pub fn in_scope(&self, schema: &str) -> bool {
        let included = if self.include_schemas.is_empty() {
            !is_platform_schema(schema)
        } else {
            self.include_schemas.iter().any(|s| s == schema)
        };
        included && !self.exclude_schemas.iter().any(|s| s == schema)
    }
}

/// A database read into the catalog.
#[derive(Debug)]
pub struct DbSource {
    pub catalog: Catalog,
    /// The migration history tables found, in name order.
    pub history: Vec<MigrationHistory>,
    pub info: SourceInfo,
    /// Messages sent to the server after connecting (each one waits for one answer).
    pub round_trips: usize,
}

/// Reads the database at `url` (a `postgres://` URL or a `key=value` string) into the
/// catalog, read-only. Errors name host, port, user and database, never the password.
pub fn introspect(url: &str, opts: &DbOptions) -> Result<DbSource, DbError> {
    let mut attempt = 1;
    loop {
        match introspect_once(url, opts) {
            Err(e) if e.is_concurrent_ddl() => {
                if attempt == CONCURRENT_DDL_ATTEMPTS {
                    return Err(DbError {
                        detail: format!(
                            "the schema changed while it was read (concurrent DDL), {attempt} times in a row; run again when it is quiet ({})",
                            e.detail
                        ),
                        ..e
                    });
                }
                attempt += 1;
                // a moment for the concurrent transaction to finish
                std::thread::sleep(std::time::Duration::from_millis(50 * attempt as u64));
            }
            r => return r,
        }
    }
}

/// How many fresh snapshots [`introspect`] takes when the catalogs change under it.
pub const CONCURRENT_DDL_ATTEMPTS: usize = 3;

fn introspect_once(url: &str, opts: &DbOptions) -> Result<DbSource, DbError> {
    let mut session = Session::open(url, opts)?;
    let result = read(&mut session, url, opts);
    let source = match result {
        Ok(s) => s,
        Err(e) => {
            let _ = session.close();
            return Err(e);
        }
    };
    let round_trips = session.round_trips + 1;
    let target = session.target.clone();
    session.close()?;
    let (catalog, history) = source;
    let info = SourceInfo {
        id: opts.source_id.clone(),
        kind: "database".into(),
        location: format!(
            "postgres://{}@{}:{}/{}",
            target.user, target.host, target.port, target.dbname
        ),
        convention: None,
        objects: catalog.object_count(),
        also_found: Vec::new(),
    };
    Ok(DbSource {
        catalog,
        history,
        info,
        round_trips,
    })
}

/// Runs the catalog queries: the deparsing ones on a second session that shares the first
/// one's snapshot, the others on the first, at the same time. Without a second session
/// (refused, or the server cannot import snapshots) everything runs on the first.
fn run_main(
    session: &mut Session,
    url: &str,
    opts: &DbOptions,
    queries: &[String],
    snapshot: Option<String>,
) -> Result<Vec<ResultSet>, DbError> {
    let (side, main): (Vec<usize>, Vec<usize>) =
        (0..queries.len()).partition(|i| queries::DEPARSING.contains(i));
    let batch_of = |ix: &[usize]| {
        ix.iter()
            .map(|i| queries[*i].as_str())
            .collect::<Vec<_>>()
            .join(";\n")
    };
    let second = snapshot.and_then(|s| Session::open_with_snapshot(url, opts, &s).ok());
    let (main_sets, side_sets, extra_trips) = match second {
        Some(mut other) => {
            let (a, b) = std::thread::scope(|scope| {
                let h = scope.spawn(|| other.batch(&batch_of(&side)));
                let a = session.batch(&batch_of(&main));
                let b = h.join().unwrap_or_else(|_| {
                    Err(DbError::new(
                        DbErrorKind::Query,
                        Some(&session.target),
                        "the second session stopped",
                    ))
                });
                (a, b)
            });
            let trips = other.round_trips + 1;
            let _ = other.close();
            (a?, b?, trips)
        }
        None => {
            let a = session.batch(&batch_of(&main))?;
            let b = session.batch(&batch_of(&side))?;
            (a, b, 0)
        }
    };
    session.round_trips += extra_trips;
    let mut out: Vec<Option<ResultSet>> = (0..queries.len()).map(|_| None).collect();
    for (i, set) in main.iter().zip(main_sets) {
        out[*i] = Some(set);
    }
    for (i, set) in side.iter().zip(side_sets) {
        out[*i] = Some(set);
    }
    Ok(out
        .into_iter()
        .map(|s| s.unwrap_or_else(ResultSet::empty))
        .collect())
}

fn read(
    session: &mut Session,
    url: &str,
    opts: &DbOptions,
) -> Result<(Catalog, Vec<MigrationHistory>), DbError> {
    let src = opts.source_id.as_str();
    let extra: Vec<String> = opts
        .history_tables
        .iter()
        .map(|t| t.rsplit('.').next().unwrap_or(t).to_string())
        .collect();
    let setup = session.batch(&queries::setup(&extra))?;
    let empty = ResultSet::empty();
    let set = |i: usize| setup.get(i).unwrap_or(&empty);
    let version = load::rows(set(0))
        .next()
        .map(|r| r.i("version"))
        .unwrap_or(0);
    let mut catalog = Catalog::with_knowledge(Knowledge::full());
    let mut scope = Vec::new();
    for r in load::rows(set(1)) {
        let name = r.s("nspname");
        if r.b("ext") || !opts.in_scope(name) {
            continue;
        }
        scope.push(name.to_string());
        catalog.schemas.insert(
            name.to_string(),
            load::schema(name, r.opt("description"), src),
        );
    }
    for r in load::rows(set(2)) {
        catalog.roles.insert(r.s("rolname").to_string());
    }
    catalog.roles.insert("public".into());
    for r in load::rows(set(3)) {
        let name = r.s("extname").to_string();
        let ext = load::extension(&name, r.s("nspname"), r.opt("extversion"), src);
        catalog.extensions.insert(name, ext);
    }
    let candidates = history::candidates(set(4), &opts.history_tables);
    let snapshot = load::rows(set(0))
        .next()
        .and_then(|r| r.opt("snapshot").map(str::to_string));
    let sets = run_main(
        session,
        url,
        opts,
        &queries::main_queries(&scope, version),
        snapshot,
    )?;
    if sets.len() < queries::MAIN_SETS {
        return Err(DbError::new(
            DbErrorKind::Query,
            Some(&session.target),
            format!(
                "the server answered {} of {} catalog queries",
                sets.len(),
                queries::MAIN_SETS
            ),
        ));
    }
    let catalog = load::load(catalog, &sets, src).catalog;
    let history = history::read(session, &candidates)?;
    Ok((catalog, history))
}
