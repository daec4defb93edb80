//! Transactions and session settings as PostgreSQL tracks them while a runner sends a file.
//!
//! A runner sends a file in one of a few ways (see [`FileMode`]): statement by statement (psql,
//! Flyway), as one simple-protocol query (Prisma, golang-migrate, Diesel, dbmate), as chunks of
//! its own (goose statements, Drizzle breakpoints), or as one extended-protocol pipeline
//! (the Supabase CLI's pgx batch); and it may open a transaction around the file (goose,
//! dbmate, Diesel, Flyway) or around the whole set (Drizzle). PostgreSQL then sees:
//!
//! - an explicit transaction block (the runner's BEGIN, or one the file writes): statements
//!   such as `CREATE INDEX CONCURRENTLY` are refused (25001 "… cannot run inside a
//!   transaction block");
//! - an implicit block: a simple query of several statements is one transaction, with the
//!   same refusal;
//! - a pipeline: the statements up to the end of the file share one transaction; the first
//!   statement of that transaction may be a non-transactional one, a later one is refused
//!   (25001 "… cannot be executed within a pipeline");
//! - autocommit: each statement is its own transaction.
//!
//! `BEGIN`, `COMMIT`, `ROLLBACK`, savepoints, `SET LOCAL`, `set_config(…, true)`,
//! `RESET`/`DISCARD ALL` and `ALTER TYPE … ADD VALUE` (whose new value cannot be used before
//! the transaction commits, 55P04) are followed as PostgreSQL 15 follows them. A rollback
//! restores a snapshot of the catalog (the mechanism DO blocks use), taken at the start of a
//! transaction or savepoint only when the file can roll back to it.

use super::{PgError, Replay};
use crate::catalog::{Catalog, QualName};
use crate::sql::{self, Kind, Node, Script};

/// How the runner wraps a file.
#[derive(Clone, Copy, Debug, PartialEq, Eq, serde::Serialize)]
#[serde(rename_all = "kebab-case")]
pub enum Transaction {
    /// The runner opens no transaction: each message it sends commits on its own (psql,
    /// Sqitch, goose `NO TRANSACTION`, a non-transactional Flyway migration).
    Autocommit,
    /// The runner opens no transaction, but the protocol makes the file one: it is sent as
    /// one simple query (Prisma, golang-migrate) or one pipeline (the Supabase CLI).
    Implicit,
    /// The runner sends `BEGIN` before the file and `COMMIT` after it (goose, dbmate,
    /// Diesel, Flyway).
    PerFile,
    /// The runner sends `BEGIN` before the first file of the set and `COMMIT` after the last
    /// (the drizzle-orm migrator).
    WholeSet,
}

/// How the statements of a file reach the server.
#[derive(Clone, Debug, PartialEq, Eq, serde::Serialize)]
#[serde(rename_all = "kebab-case")]
pub enum Sending {
    /// Each statement is a message of its own (psql, Flyway).
    Statements,
    /// The whole file is one simple-protocol query: several statements in it are one
    /// implicit transaction block.
    Script,
    /// Each statement is one message of a pipeline that is synced at the end of the file
    /// (pgx `ExecBatch`, as the Supabase CLI sends a migration).
    Pipeline,
    /// The runner splits the file itself; each chunk is one simple query. The offsets are
    /// where chunks after the first start (goose statements, Drizzle breakpoints).
    Chunks(Vec<usize>),
}

/// How a runner sends one file: see the module documentation.
#[derive(Clone, Debug, PartialEq, Eq, serde::Serialize)]
pub struct FileMode {
    pub transaction: Transaction,
    pub sending: Sending,
    /// Session settings (`SET search_path …`) made by the file are still in force in the next
    /// file (one connection, no reset). False where the runner resets the session (`RESET
    /// ALL` in the Supabase CLI, a new psql process per Sqitch change, Flyway's schema).
    pub session_carries: bool,
}

impl Default for FileMode {
    /// `psql --single-transaction -f file`: the file is one transaction, statements are sent
    /// one by one, and the search path carries into the next file.
    fn default() -> Self {
        FileMode {
            transaction: Transaction::PerFile,
            sending: Sending::Statements,
            session_carries: true,
        }
    }
}

/// What a rollback goes back to.
#[derive(Clone)]
struct Snapshot {
    catalog: Option<Catalog>,
    session_path: Vec<String>,
    local_path: Option<Vec<String>>,
    new_enum_values: usize,
}

/// An open transaction.
struct Open {
    /// A transaction block (BEGIN), as opposed to an implicit one.
    explicit: bool,
    /// Opened by the runner (its BEGIN), not by the file.
    by_runner: bool,
    /// An implicit transaction of a pipeline (lasts until the end of the file).
    pipeline: bool,
    /// Statements run in it so far.
    statements: usize,
    start: Snapshot,
    savepoints: Vec<(String, Snapshot)>,
    /// A statement of a block the file opened was refused: PostgreSQL ignores everything
    /// until the block ends (25P02), and its COMMIT rolls back.
    aborted: bool,
}

/// The transaction state of the session the replay stands for.
#[derive(Default)]
pub(crate) struct TxState {
    open: Option<Open>,
    /// The search path of the session, without `SET LOCAL` (what a commit goes back to).
    session_path: Option<Vec<String>>,
    /// Enum values added in the open transaction: (type, label).
    pub(crate) new_enum_values: Vec<(QualName, String)>,
    /// The file being replayed can roll back (it has ROLLBACK / ABORT statements): open
    /// transactions take a catalog snapshot.
    needs_snapshots: bool,
    /// The whole-set transaction of the runner is open.
    set_open: bool,
}

/// A transaction-control statement.
#[derive(Debug, PartialEq, Eq)]
enum Control {
    Begin,
    Commit,
    Rollback,
    Savepoint(String),
    Release(String),
    RollbackTo(String),
    /// PREPARE TRANSACTION, COMMIT/ROLLBACK PREPARED: no schema effect modelled.
    Other,
}

fn words(node: &Node, n: usize) -> Vec<String> {
    node.descendants_with_tokens()
        .filter_map(|t| t.into_token())
        .filter(|t| !sql::is_trivia(t.kind()))
        .take(n)
        .map(|t| t.text().to_ascii_uppercase())
        .collect()
}

fn savepoint_name(w: &[String], skip: &[&str]) -> String {
    w.iter()
        .find(|x| !skip.contains(&x.as_str()))
        .map(|x| crate::catalog::fold_ident(x))
        .unwrap_or_default()
}

/// The statement's first word, upper case, without walking its tree.
fn first_word(node: &Node) -> Option<String> {
    sql::with_first_word(node, str::to_ascii_uppercase)
}

/// Whether the statement's first word is one of `words` (upper case), without allocating:
/// asked of every statement.
fn first_word_in(node: &Node, words: &[&str]) -> bool {
    sql::with_first_word(node, |w| words.iter().any(|k| w.eq_ignore_ascii_case(k))).unwrap_or(false)
}

fn control(node: &Node) -> Option<Control> {
    // most statements are not transaction control: one token tells
    if !first_word_in(
        node,
        &[
            "BEGIN",
            "START",
            "COMMIT",
            "ROLLBACK",
            "PREPARE",
            "END",
            "ABORT",
            "SAVEPOINT",
            "RELEASE",
        ],
    ) {
        return None;
    }
    let w = words(node, 6);
    let first = w.first()?.as_str();
    let second = w.get(1).map(String::as_str);
    Some(match (first, second) {
        ("BEGIN", _) | ("START", Some("TRANSACTION")) => Control::Begin,
        ("COMMIT" | "ROLLBACK", Some("PREPARED")) | ("PREPARE", Some("TRANSACTION")) => {
            Control::Other
        }
        ("COMMIT" | "END", _) => Control::Commit,
        ("ROLLBACK" | "ABORT", _) if w.iter().any(|x| x == "TO") => Control::RollbackTo(
            savepoint_name(&w[1..], &["WORK", "TRANSACTION", "TO", "SAVEPOINT"]),
        ),
        ("ROLLBACK" | "ABORT", _) => Control::Rollback,
        ("SAVEPOINT", _) => Control::Savepoint(savepoint_name(&w[1..], &[])),
        ("RELEASE", _) => Control::Release(savepoint_name(&w[1..], &["SAVEPOINT"])),
        _ => return None,
    })
}

/// Whether a statement is transaction control (BEGIN, COMMIT, savepoints …).
pub(crate) fn is_control(node: &Node) -> bool {
    control(node).is_some()
}

/// The command tag PostgreSQL names when it refuses a statement inside a transaction block
/// (PreventInTransactionBlock), if the statement is one of those.
fn non_transactional(node: &Node) -> Option<String> {
    if first_word_in(node, &["CREATE", "DROP", "ALTER"]) {
        // of CREATE, DROP and ALTER only these statements can be refused in a block: the
        // node's kind tells without reading its words (a cut-short statement may be anything)
        if !matches!(
            node.kind(),
            Kind::CREATE_INDEX
                | Kind::DROP_INDEX
                | Kind::CREATE_DATABASE
                | Kind::DROP_DATABASE
                | Kind::CREATE_TABLESPACE
                | Kind::DROP_TABLESPACE
                | Kind::ALTER_SYSTEM
                | Kind::ALTER_DATABASE
                | Kind::ERROR
        ) {
            return None;
        }
        // CREATE/DROP INDEX without CONCURRENTLY (a keyword directly under the node)
        if matches!(node.kind(), Kind::CREATE_INDEX | Kind::DROP_INDEX)
            && !sql::has_token(node, Kind::CONCURRENTLY_KW)
        {
            return None;
        }
    } else if !first_word_in(
        node,
        &["REINDEX", "VACUUM", "DISCARD", "CLUSTER", "CHECKPOINT"],
    ) {
        return None;
    }
    let w = words(node, 12);
    let s: Vec<&str> = w.iter().map(String::as_str).collect();
    let tag = match s.as_slice() {
        ["CREATE", "UNIQUE", "INDEX", "CONCURRENTLY", ..]
        | ["CREATE", "INDEX", "CONCURRENTLY", ..] => "CREATE INDEX CONCURRENTLY",
        ["DROP", "INDEX", "CONCURRENTLY", ..] => "DROP INDEX CONCURRENTLY",
        ["REINDEX", rest @ ..] => {
            if rest.contains(&"CONCURRENTLY") {
                "REINDEX CONCURRENTLY"
            } else {
                match rest.iter().find(|x| !matches!(**x, "(" | "VERBOSE" | ")")) {
                    Some(&"SCHEMA") => "REINDEX SCHEMA",
                    Some(&"DATABASE") => "REINDEX DATABASE",
                    Some(&"SYSTEM") => "REINDEX SYSTEM",
                    _ => return None,
                }
            }
        }
        ["VACUUM", ..] => "VACUUM",
        ["CREATE", "DATABASE", ..] => "CREATE DATABASE",
        ["DROP", "DATABASE", ..] => "DROP DATABASE",
        ["CREATE", "TABLESPACE", ..] => "CREATE TABLESPACE",
        ["DROP", "TABLESPACE", ..] => "DROP TABLESPACE",
        ["ALTER", "SYSTEM", ..] => "ALTER SYSTEM",
        ["DISCARD", "ALL", ..] => "DISCARD ALL",
        ["CLUSTER"] | ["CLUSTER", "VERBOSE"] | ["CLUSTER", ";"] | ["CLUSTER", "VERBOSE", ";"] => {
            "CLUSTER"
        }
        ["ALTER", "DATABASE", _, "SET", "TABLESPACE", ..] => "ALTER DATABASE SET TABLESPACE",
        _ => return None,
    };
    Some(tag.to_string())
}

/// Statements PostgreSQL runs only inside a transaction block (RequireTransactionBlock).
fn needs_block(node: &Node) -> Option<&'static str> {
    if !first_word_in(node, &["LOCK", "DECLARE"]) {
        return None;
    }
    let w = words(node, 2);
    match w.first().map(String::as_str) {
        Some("LOCK") => Some("LOCK TABLE"),
        Some("DECLARE") if w.get(1).is_none_or(|x| x != "$$") => Some("DECLARE CURSOR"),
        _ => None,
    }
}

/// Which statements of a file go in which message: (first statement index, count).
fn messages(script: &Script, sending: &Sending) -> Vec<(usize, usize)> {
    let n = script.statements.len();
    match sending {
        Sending::Statements | Sending::Pipeline => (0..n).map(|i| (i, 1)).collect(),
        Sending::Script => vec![(0, n)],
        Sending::Chunks(starts) => {
            let mut out: Vec<(usize, usize)> = Vec::new();
            let mut chunk = 0;
            for (i, st) in script.statements.iter().enumerate() {
                let c = starts.iter().filter(|s| **s <= st.start).count();
                if out.is_empty() || c != chunk {
                    out.push((i, 0));
                    chunk = c;
                }
                if let Some(last) = out.last_mut() {
                    last.1 += 1;
                }
            }
            out
        }
    }
}

/// The error of a transaction-control statement, or of a statement in the wrong state.
fn err(code: &'static str, message: String) -> PgError {
    PgError::new(code, message)
}

/// Where a statement runs, for the checks made before it.
pub(crate) struct Position {
    /// In a transaction block, explicit or implicit (a multi-statement query).
    pub in_block: bool,
    /// In a pipeline transaction after its first statement.
    pub in_pipeline: bool,
}

impl Replay {
    /// The search path of the session (what `RESET` goes back to is the default).
    pub(crate) fn set_search_path(&mut self, value: Vec<String>, local: bool) {
        if local {
            // SET LOCAL lasts until the end of the transaction; outside one it does nothing
            // (PostgreSQL warns "SET LOCAL can only be used in transaction blocks").
            if self.tx.open.is_some() {
                if self.tx.session_path.is_none() {
                    self.tx.session_path = Some(self.search_path.clone());
                }
                self.search_path = value;
            }
        } else {
            self.search_path = value.clone();
            if self.tx.session_path.is_some() {
                self.tx.session_path = Some(value);
            }
        }
    }

    /// `RESET search_path`, `RESET ALL`, `SET search_path TO DEFAULT`, `DISCARD ALL`.
    pub(crate) fn reset_search_path(&mut self, local: bool) {
        self.set_search_path(self.default_search_path.clone(), local);
    }

    /// An enum value added by `ALTER TYPE … ADD VALUE`: it cannot be used before the
    /// transaction that added it commits.
    pub(crate) fn note_new_enum_value(&mut self, ty: QualName, label: String) {
        if self.tx.open.is_some() {
            self.tx.new_enum_values.push((ty, label));
        }
    }

    fn snapshot(&self) -> Snapshot {
        Snapshot {
            catalog: self.tx.needs_snapshots.then(|| self.catalog.clone()),
            session_path: self
                .tx
                .session_path
                .clone()
                .unwrap_or_else(|| self.search_path.clone()),
            local_path: self
                .tx
                .session_path
                .as_ref()
                .map(|_| self.search_path.clone()),
            new_enum_values: self.tx.new_enum_values.len(),
        }
    }

    fn open(&mut self, explicit: bool, by_runner: bool, pipeline: bool) {
        let start = self.snapshot();
        self.tx.open = Some(Open {
            explicit,
            by_runner,
            pipeline,
            statements: 0,
            start,
            savepoints: Vec::new(),
            aborted: false,
        });
    }

    /// Ends the open transaction: a commit keeps what it did, a rollback goes back to its start.
    fn close(&mut self, commit: bool) {
        let Some(open) = self.tx.open.take() else {
            return;
        };
        if commit {
            if let Some(p) = self.tx.session_path.take() {
                self.search_path = p;
            }
        } else {
            self.restore(open.start);
            self.tx.session_path = None;
        }
        self.tx.new_enum_values.clear();
    }

    fn restore(&mut self, s: Snapshot) {
        if let Some(c) = s.catalog {
            self.catalog = c;
        }
        match s.local_path {
            Some(local) => {
                self.tx.session_path = Some(s.session_path);
                self.search_path = local;
            }
            None => {
                self.tx.session_path = None;
                self.search_path = s.session_path;
            }
        }
        self.tx.new_enum_values.truncate(s.new_enum_values);
    }

    /// Before a file: the runner's BEGIN, and whether rollbacks need snapshots.
    pub(crate) fn begin_file(&mut self, script: &Script, mode: &FileMode) {
        // a file can go back to a savepoint or the start of a transaction: by ROLLBACK, or
        // by leaving a BEGIN open in a session that ends with the file
        let session_ends = !mode.session_carries
            && matches!(
                mode.transaction,
                Transaction::Autocommit | Transaction::Implicit
            );
        self.tx.needs_snapshots = script.statements.iter().any(|s| {
            !s.has_error
                && match control(&s.node) {
                    Some(Control::Rollback | Control::RollbackTo(_)) => true,
                    // a block the file opens rolls back when one of its statements fails
                    Some(Control::Begin) => {
                        session_ends || mode.transaction == Transaction::Autocommit
                    }
                    _ => false,
                }
        });
        match mode.transaction {
            Transaction::PerFile if self.tx.open.is_none() => self.open(true, true, false),
            Transaction::WholeSet if !self.tx.set_open => {
                self.close(true);
                self.open(true, true, false);
                self.tx.set_open = true;
            }
            _ => {}
        }
    }

    /// After a file: the runner's COMMIT, the end of a pipeline, the end of the session.
    /// Returns a message when the file leaves a transaction open that is then lost.
    pub(crate) fn end_file(&mut self, mode: &FileMode) -> Option<String> {
        let mut lost = None;
        match mode.transaction {
            Transaction::PerFile => {
                // the runner commits: its own transaction, or whatever block the file left
                // open (COMMIT ends any block)
                self.close(true);
            }
            Transaction::WholeSet => {}
            Transaction::Implicit | Transaction::Autocommit => {
                if let Some(open) = &self.tx.open {
                    if open.pipeline || !open.explicit {
                        self.close(true);
                    } else if !mode.session_carries {
                        // a new session follows: the connection closes and PostgreSQL rolls
                        // the open block back
                        lost = Some(
                            "its BEGIN is never committed: the session ends after the file and PostgreSQL rolls back everything since the BEGIN".to_string(),
                        );
                        self.close(false);
                    }
                }
            }
        }
        if !mode.session_carries && self.tx.open.is_none() {
            self.search_path = self.default_search_path.clone();
            self.check_function_bodies = true;
            self.tx.session_path = None;
        }
        lost
    }

    /// Ends the whole-set transaction of the runner (after the last file of a set).
    pub(crate) fn close_set(&mut self) {
        if self.tx.set_open {
            self.tx.set_open = false;
            if self.tx.open.as_ref().is_some_and(|o| o.by_runner) {
                self.close(true);
            }
        }
    }

    /// The messages of a file: statement index ranges.
    pub(crate) fn file_messages(script: &Script, mode: &FileMode) -> Vec<(usize, usize)> {
        messages(script, &mode.sending)
    }

    /// Before a statement of a message of `count` statements: opens the implicit
    /// transaction PostgreSQL opens, and tells where the statement runs.
    pub(crate) fn enter_statement(&mut self, count: usize, mode: &FileMode) -> Position {
        if self.tx.open.is_none() {
            if mode.sending == Sending::Pipeline {
                self.open(false, false, true);
            } else if count > 1 {
                self.open(false, false, false);
            }
        }
        match &self.tx.open {
            None => Position {
                in_block: false,
                in_pipeline: false,
            },
            Some(o) => Position {
                in_block: o.explicit || !o.pipeline,
                in_pipeline: !o.explicit && o.pipeline && o.statements > 0,
            },
        }
    }

    /// After a statement: counts it in its transaction; an autocommit statement commits.
    pub(crate) fn leave_statement(&mut self) {
        if let Some(o) = &mut self.tx.open {
            o.statements += 1;
        }
    }

    /// After a message: an implicit block of a simple query ends with it.
    pub(crate) fn end_message(&mut self) {
        if self
            .tx
            .open
            .as_ref()
            .is_some_and(|o| !o.explicit && !o.pipeline)
        {
            self.close(true);
        }
    }

    /// Runs a statement where `pos` says: transaction control is followed, statements that
    /// cannot run there are refused as PostgreSQL refuses them, the rest is executed.
    pub(crate) fn exec_positioned(
        &mut self,
        node: &Node,
        ctx: &super::Ctx,
        pos: &Position,
    ) -> Result<(), PgError> {
        // after a refusal PostgreSQL ignores the block's statements (25P02); the replay goes
        // on judging each of them as if the refused one alone were undone (so that every
        // refusal is seen), and the block's COMMIT rolls it all back, as PostgreSQL's does
        let aborted = self.tx.open.as_ref().is_some_and(|o| o.aborted);
        if aborted {
            match control(node) {
                Some(Control::Commit) => {
                    self.close(false);
                    return Ok(());
                }
                Some(c @ Control::RollbackTo(_)) => {
                    let r = self.transaction_control(c);
                    if r.is_ok()
                        && let Some(o) = &mut self.tx.open
                    {
                        o.aborted = false;
                    }
                    return r;
                }
                _ => {}
            }
        }
        let r = self.exec_unaborted(node, ctx, pos);
        if r.is_err() {
            self.abort_block();
        }
        r
    }

    /// A refusal inside a block the file opened: PostgreSQL ignores the rest until its end.
    pub(crate) fn abort_block(&mut self) {
        if let Some(o) = &mut self.tx.open
            && o.explicit
            && !o.by_runner
        {
            o.aborted = true;
        }
    }

    fn exec_unaborted(
        &mut self,
        node: &Node,
        ctx: &super::Ctx,
        pos: &Position,
    ) -> Result<(), PgError> {
        if let Some(c) = control(node) {
            return self.transaction_control(c);
        }
        if let Some(tag) = non_transactional(node) {
            if pos.in_block {
                return Err(err(
                    "25001",
                    format!("{tag} cannot run inside a transaction block"),
                ));
            }
            if pos.in_pipeline {
                return Err(err(
                    "25001",
                    format!("{tag} cannot be executed within a pipeline"),
                ));
            }
        }
        if let Some(tag) = needs_block(node)
            && !pos.in_block
        {
            return Err(err(
                "25P01",
                format!("{tag} can only be used in transaction blocks"),
            ));
        }
        if !self.tx.new_enum_values.is_empty() {
            self.check_new_enum_use(node, ctx)?;
        }
        let r = self.exec(node, ctx);
        if r.is_ok() && first_word(node).is_some_and(|w| w == "DISCARD") {
            let w = words(node, 2);
            if w.get(1).is_some_and(|x| x == "ALL") {
                self.reset_search_path(false);
            }
        }
        r
    }

    fn transaction_control(&mut self, c: Control) -> Result<(), PgError> {
        let explicit = self.tx.open.as_ref().is_some_and(|o| o.explicit);
        match c {
            Control::Begin => {
                match &mut self.tx.open {
                    // "there is already a transaction in progress" is a warning
                    Some(o) if o.explicit => {}
                    // the statements of the implicit transaction become part of the block
                    Some(o) => {
                        o.explicit = true;
                        o.pipeline = false;
                    }
                    None => self.open(true, false, false),
                }
                Ok(())
            }
            // without a transaction: "there is no transaction in progress", a warning
            Control::Commit => {
                self.close(true);
                Ok(())
            }
            Control::Rollback => {
                self.close(false);
                Ok(())
            }
            Control::Savepoint(name) => {
                if !explicit {
                    return Err(err(
                        "25P01",
                        "SAVEPOINT can only be used in transaction blocks".into(),
                    ));
                }
                let s = self.snapshot();
                if let Some(o) = &mut self.tx.open {
                    o.savepoints.push((name, s));
                }
                Ok(())
            }
            Control::Release(name) => {
                if !explicit {
                    return Err(err(
                        "25P01",
                        "RELEASE SAVEPOINT can only be used in transaction blocks".into(),
                    ));
                }
                let Some(o) = &mut self.tx.open else {
                    return Ok(());
                };
                match o.savepoints.iter().rposition(|(n, _)| *n == name) {
                    Some(i) => {
                        o.savepoints.truncate(i);
                        Ok(())
                    }
                    None => Err(err("3B001", format!("savepoint \"{name}\" does not exist"))),
                }
            }
            Control::RollbackTo(name) => {
                if !explicit {
                    return Err(err(
                        "25P01",
                        "ROLLBACK TO SAVEPOINT can only be used in transaction blocks".into(),
                    ));
                }
                let Some(o) = &mut self.tx.open else {
                    return Ok(());
                };
                let Some(i) = o.savepoints.iter().rposition(|(n, _)| *n == name) else {
                    return Err(err("3B001", format!("savepoint \"{name}\" does not exist")));
                };
                // the savepoint stays; the ones after it are gone
                o.savepoints.truncate(i + 1);
                let s = o.savepoints[i].1.clone();
                self.restore(s);
                Ok(())
            }
            Control::Other => Ok(()),
        }
    }
}

impl Replay {
    /// A statement a function (a DO block) runs: the non-transactional ones are refused, as
    /// they are not at the top level; a new enum value is as unusable as outside.
    pub(crate) fn check_in_function(&self, node: &Node, ctx: &super::Ctx) -> Result<(), PgError> {
        if let Some(tag) = non_transactional(node) {
            let in_block = self
                .tx
                .open
                .as_ref()
                .is_some_and(|o| o.explicit || !o.pipeline);
            return Err(err(
                "25001",
                if in_block {
                    format!("{tag} cannot run inside a transaction block")
                } else {
                    format!("{tag} cannot be executed from a function")
                },
            ));
        }
        self.check_new_enum_use(node, ctx)
    }
}

/// Where the runner cuts a statement in two (a chunk starts inside it), if it does: goose
/// splits at every line ending with `;` outside StatementBegin/End, Drizzle at every
/// breakpoint. PostgreSQL then receives two broken statements.
pub(crate) fn runner_split(start: usize, end: usize, mode: &FileMode) -> Option<usize> {
    match &mode.sending {
        Sending::Chunks(starts) => starts.iter().copied().find(|s| *s > start && *s < end),
        _ => None,
    }
}
