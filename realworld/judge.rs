//! Both sides of the comparison: PostgreSQL runs the history statement by statement (a savepoint
//! around each statement inside the runner's transactions, so that a refusal undoes only that
//! statement, as the replay assumes), and the replay runs the same files; then each statement's
//! two verdicts are compared.

use crate::manifest::Project;
use crate::plan::History;
use crate::report::Row;
use postgres::{Client, NoTls};
use schemadrift::replay::{Replay, ReplayOptions, Verdict};
use schemadrift::sources::migrations;
use schemadrift::sources::migrations::{Sending, Transaction};
use schemadrift::sql::Script;

/// PostgreSQL's verdict on one statement.
#[derive(Clone, Debug)]
pub enum PgVerdict {
    Ok,
    Refused {
        code: String,
        message: String,
    },
    /// Not sent, or sent but not judgeable here; the reason says why.
    Unknown(String),
}

struct PgStatement {
    file: usize,
    start: usize,
    line: u32,
    last_line: u32,
    first_line: String,
    verdict: PgVerdict,
}

/// What a hosted Supabase project holds before its first migration: platform.sql, then the
/// extensions a project has enabled (platform-extensions.sql), which need the stand-ins of
/// `platform/extensions` installed on the judge server (`platform/install`).
fn platform_sql(c: &mut Client) -> Result<Vec<String>, String> {
    let dir = concat!(env!("CARGO_MANIFEST_DIR"), "/platform/supabase");
    let read = |f: &str| {
        let path = format!("{dir}/{f}");
        std::fs::read_to_string(&path).map_err(|e| format!("cannot read {path}: {e}"))
    };
    let standins: i64 = c
        .query_one(
            "SELECT count(*) FROM pg_available_extensions WHERE name IN ('pg_net', 'supabase_vault', 'pg_graphql')",
            &[],
        )
        .map_err(|e| format!("pg_available_extensions: {}", show(&e)))?
        .get(0);
    if standins < 3 {
        return Err(
            "the stand-in extensions are not installed on the judge server: run platform/install"
                .into(),
        );
    }
    Ok(vec![
        read("platform.sql")?,
        read("platform-extensions.sql")?,
    ])
}

fn db_url(admin: &str, db: &str) -> String {
    match admin.rfind('/') {
        Some(i) if admin[..i].contains("://") && i > admin.find("://").unwrap_or(0) + 2 => {
            let (base, rest) = admin.split_at(i);
            let query = rest.find('?').map(|q| &rest[q..]).unwrap_or("");
            format!("{base}/{db}{query}")
        }
        _ => format!("{admin}/{db}"),
    }
}

/// An error with PostgreSQL's own message when there is one.
fn show(e: &postgres::Error) -> String {
    match e.as_db_error() {
        Some(d) => format!("{}: {}", d.code().code(), d.message()),
        None => e.to_string(),
    }
}

fn db_error(e: &postgres::Error) -> Option<(String, String)> {
    e.as_db_error()
        .map(|d| (d.code().code().to_string(), d.message().to_string()))
}

fn first_line(s: &str) -> String {
    let mut line = s
        .lines()
        .map(str::trim)
        .find(|l| !l.is_empty() && !l.starts_with("--"))
        .unwrap_or("")
        .to_string();
    if line.chars().count() > 100 {
        line = line.chars().take(100).collect::<String>() + "…";
    }
    line
}

/// Statements PostgreSQL refuses inside a transaction block (a pipeline lets the first
/// statement of its transaction be one of them).
fn non_transactional(upper: &str) -> bool {
    let u = upper.trim_start();
    u.contains(" CONCURRENTLY")
        || u.starts_with("VACUUM")
        || u.starts_with("CREATE DATABASE")
        || u.starts_with("DROP DATABASE")
        || u.starts_with("ALTER SYSTEM")
        || u.starts_with("CREATE TABLESPACE")
        || u.starts_with("DROP TABLESPACE")
}

const SESSION: &str =
    "SET statement_timeout = '120s'; SET lock_timeout = '10s'; SET client_min_messages = warning";

/// One connection that runs statements the way a runner sends them: the transaction state
/// PostgreSQL keeps (none, a block the runner or the file opened, an implicit block of a
/// multi-statement message), a savepoint around every statement inside a transaction.
struct Session {
    c: Client,
    in_tx: bool,
    /// The open block is the runner's (its BEGIN before the file).
    runner_block: bool,
    /// The open block was opened by the file (its BEGIN).
    file_block: bool,
    /// A statement of a block the file opened was refused: PostgreSQL would ignore the rest
    /// of the block and its COMMIT rolls back. The savepoints let every statement be judged;
    /// the COMMIT is sent as ROLLBACK, so that the block's end state is PostgreSQL's.
    block_failed: bool,
}

impl Session {
    fn exec(&mut self, sql: &str) -> Result<(), String> {
        self.c
            .batch_execute(sql)
            .map_err(|e| format!("{sql}: {}", show(&e)))
    }

    fn end_block(&mut self) {
        self.in_tx = false;
        self.runner_block = false;
        self.file_block = false;
        self.block_failed = false;
    }

    /// Runs one ordinary statement; a refusal undoes only this statement.
    fn statement(&mut self, body: &str) -> Result<PgVerdict, String> {
        if self.in_tx {
            self.exec("SAVEPOINT rw_sp")?;
        }
        match self.c.batch_execute(body) {
            Ok(()) => {
                if self.in_tx {
                    self.exec("RELEASE SAVEPOINT rw_sp")?;
                }
                Ok(PgVerdict::Ok)
            }
            Err(e) => match db_error(&e) {
                Some((code, message)) => {
                    if self.in_tx {
                        self.exec("ROLLBACK TO SAVEPOINT rw_sp")?;
                        self.exec("RELEASE SAVEPOINT rw_sp")?;
                    }
                    if self.in_tx && !self.runner_block && self.file_block {
                        self.block_failed = true;
                    }
                    Ok(PgVerdict::Refused { code, message })
                }
                None => Err(e.to_string()),
            },
        }
    }

    /// A transaction-control statement of the file, as PostgreSQL treats it in the current
    /// state (`BEGIN` inside a transaction is a warning, `COMMIT` outside one too).
    fn control(&mut self, keyword: &str, body: &str, upper: &str) -> Result<PgVerdict, String> {
        let raw = keyword == "SAVEPOINT"
            || keyword == "RELEASE"
            || (keyword == "ROLLBACK" && upper.contains(" TO "));
        let r = if raw {
            self.c.batch_execute(body)
        } else {
            match keyword {
                "BEGIN" | "START" if self.in_tx => {
                    // an implicit block becomes the file's own
                    self.file_block = !self.runner_block;
                    Ok(())
                }
                "BEGIN" | "START" => {
                    self.in_tx = true;
                    self.file_block = true;
                    self.c.batch_execute(body)
                }
                "COMMIT" | "END" if self.in_tx && self.block_failed => {
                    self.end_block();
                    self.c.batch_execute("ROLLBACK")
                }
                "COMMIT" | "END" | "ROLLBACK" | "ABORT" if self.in_tx => {
                    self.end_block();
                    self.c.batch_execute(body)
                }
                _ => Ok(()),
            }
        };
        match r {
            Ok(()) => Ok(PgVerdict::Ok),
            Err(e) => match db_error(&e) {
                Some((code, message)) => {
                    if self.in_tx {
                        // an aborted transaction: end it so the next statements run
                        let _ = self.c.batch_execute("ROLLBACK");
                        self.end_block();
                    }
                    Ok(PgVerdict::Refused { code, message })
                }
                None => Err(e.to_string()),
            },
        }
    }
}

/// Runs the history on a fresh database; `Err` when the project could not be run at all.
fn run_postgres(
    p: &Project,
    h: &History,
    scripts: &[Script],
    admin_url: &str,
    keep: bool,
) -> Result<Vec<PgStatement>, String> {
    // pg_cron works only in the database the server names in cron.database_name: every
    // Supabase project runs in that one (projects run one after another)
    let db = if p.is_supabase() {
        "rw_supabase".to_string()
    } else {
        format!("rw_{}", p.name.replace(['-', '.'], "_"))
    };
    let mut admin = Client::connect(admin_url, NoTls).map_err(|e| format!("connect: {e}"))?;
    for sql in [
        format!("DROP DATABASE IF EXISTS {db} WITH (FORCE)"),
        format!("CREATE DATABASE {db} TEMPLATE template0"),
    ] {
        admin
            .batch_execute(&sql)
            .map_err(|e| format!("{sql}: {}", show(&e)))?;
    }
    // roles are cluster-wide: a project starts on a server without the roles earlier
    // projects (or the Supabase platform) created, as its own server is
    let roles = admin
        .query(
            "SELECT rolname FROM pg_roles WHERE rolname !~ '^pg_' AND rolname <> current_user",
            &[],
        )
        .map_err(|e| format!("list roles: {e}"))?;
    for r in roles {
        let name: String = r.get(0);
        let _ = admin.batch_execute(&format!(
            "DROP ROLE IF EXISTS \"{}\"",
            name.replace('"', "\"\"")
        ));
    }
    let c = Client::connect(&db_url(admin_url, &db), NoTls)
        .map_err(|e| format!("connect to {db}: {e}"))?;
    let mut s = Session {
        c,
        in_tx: false,
        runner_block: false,
        file_block: false,
        block_failed: false,
    };
    s.exec(SESSION)?;
    if p.is_supabase() {
        for sql in platform_sql(&mut s.c)? {
            s.c.batch_execute(&sql)
                .map_err(|e| format!("loading the Supabase platform: {}", show(&e)))?;
        }
        // the platform sets the database's search_path (ALTER DATABASE … SET), which only
        // a new session sees: the runner's session starts after it
        let c = Client::connect(&db_url(admin_url, &db), NoTls)
            .map_err(|e| format!("connect to {db}: {e}"))?;
        s = Session {
            c,
            in_tx: false,
            runner_block: false,
            file_block: false,
            block_failed: false,
        };
        s.exec(SESSION)?;
    }
    let mut out = Vec::new();
    let last = h.files.len().saturating_sub(1);
    for (fi, (file, script)) in h.files.iter().zip(scripts).enumerate() {
        let text = script.text();
        let sent: Vec<usize> = script
            .statements
            .iter()
            .enumerate()
            .filter(|(_, st)| {
                let b = text[st.start..st.end].trim();
                !b.is_empty() && b != ";"
            })
            .map(|(i, _)| i)
            .collect();
        // the messages the runner sends, each a list of statements
        let messages: Vec<Vec<usize>> = match &file.mode.sending {
            Sending::Statements => sent.iter().map(|i| vec![*i]).collect(),
            Sending::Script | Sending::Pipeline => vec![sent.clone()],
            Sending::Chunks(starts) => {
                let mut m: Vec<Vec<usize>> = Vec::new();
                let mut current = usize::MAX;
                for &i in &sent {
                    let chunk = starts
                        .iter()
                        .filter(|o| **o <= script.statements[i].start)
                        .count();
                    if chunk != current {
                        m.push(Vec::new());
                        current = chunk;
                    }
                    if let Some(last) = m.last_mut() {
                        last.push(i);
                    }
                }
                m
            }
        };
        let pipeline = file.mode.sending == Sending::Pipeline;
        let runner_opens = match file.mode.transaction {
            Transaction::PerFile => true,
            Transaction::WholeSet => fi == 0,
            _ => false,
        };
        if runner_opens && !s.in_tx {
            s.exec("BEGIN")?;
            s.in_tx = true;
            s.runner_block = true;
        }
        for msg in &messages {
            let multi = msg.len() > 1;
            let mut implicit = false;
            for (k, &si) in msg.iter().enumerate() {
                let stmt = &script.statements[si];
                let body = &text[stmt.start..stmt.end];
                let upper = body.trim_start().to_ascii_uppercase();
                let keyword = schemadrift::sql::first_keyword(&stmt.node);
                // a multi-statement message runs in an implicit block, opened at its first
                // statement (a pipeline's first statement may be a non-transactional one)
                if multi && !s.in_tx && !(pipeline && k == 0 && non_transactional(&upper)) {
                    s.exec("BEGIN")?;
                    s.in_tx = true;
                    implicit = true;
                }
                let (line, _) = script.position(stmt.start);
                let control = matches!(
                    keyword.as_str(),
                    "BEGIN"
                        | "START"
                        | "COMMIT"
                        | "END"
                        | "ROLLBACK"
                        | "ABORT"
                        | "SAVEPOINT"
                        | "RELEASE"
                );
                let verdict = if control {
                    if keyword == "BEGIN" || keyword == "START" {
                        // BEGIN inside an implicit block makes it an explicit one
                        implicit = false;
                    }
                    let v = s
                        .control(&keyword, body, &upper)
                        .map_err(|e| format!("{}:{line}: {e}", file.display))?;
                    if !s.in_tx {
                        implicit = false;
                    }
                    v
                } else if upper.starts_with("COPY ") && upper.contains("FROM STDIN") {
                    PgVerdict::Unknown(
                        "COPY … FROM stdin: the rows follow the statement and only psql sends them"
                            .into(),
                    )
                } else {
                    s.statement(body)
                        .map_err(|e| format!("{}:{line}: {e}", file.display))?
                };
                out.push(PgStatement {
                    file: fi,
                    start: stmt.start,
                    line,
                    last_line: script.position(stmt.end).0,
                    first_line: first_line(body),
                    verdict,
                });
            }
            if implicit && s.in_tx {
                s.exec("COMMIT")?;
                s.end_block();
            }
        }
        let runner_closes = match file.mode.transaction {
            Transaction::PerFile => true,
            Transaction::WholeSet => fi == last,
            _ => false,
        };
        if s.in_tx && runner_closes {
            s.exec("COMMIT")
                .map_err(|e| format!("{}: {e}", file.display))?;
            s.end_block();
        }
        if s.in_tx && file.mode.transaction == Transaction::Autocommit {
            // a BEGIN the file never committed: psql's session ends and rolls it back
            s.exec("ROLLBACK")?;
            s.end_block();
        }
        if !file.mode.session_carries && !s.in_tx {
            s.exec("RESET ALL")?;
            s.exec(SESSION)?;
        }
    }
    drop(s);
    if !keep {
        let _ = admin.batch_execute(&format!("DROP DATABASE IF EXISTS {db} WITH (FORCE)"));
    }
    Ok(out)
}

/// A refusal on data: of the kind [`unknown_reason`] names, or an error a PL/pgSQL block
/// raised (RAISE, ASSERT), which may rest on what it read from the tables.
fn data_dependent(code: &str, message: &str) -> bool {
    code.starts_with("P000") || unknown_reason(code, message).is_some()
}

/// Why PostgreSQL's refusal cannot be judged by a replay that has no rows: the statement
/// failed on data (a duplicate seed row, a CHECK over rows), not on the schema.
fn unknown_reason(code: &str, message: &str) -> Option<String> {
    if code.starts_with("22") || code.starts_with("23") {
        return Some(format!("depends on the rows in the tables ({code})"));
    }
    // pg_cron's job table is data: unscheduling a job no migration scheduled fails on rows
    if code == "XX000" && message.contains("could not find valid entry for job") {
        return Some("depends on the rows of cron.job (XX000)".into());
    }
    // roles are cluster-wide: the judge server's other databases (the Supabase platform)
    // leave roles behind that a real project's own server may not have
    if code == "42710" && message.starts_with("role \"") {
        return Some(format!("cluster-wide role on the judge server: {message}"));
    }
    if code == "57014" {
        return Some("timed out on the judge server".into());
    }
    if (code == "0A000" || code == "58P01")
        && (message.contains("extension") || message.contains("control file"))
    {
        return Some(format!(
            "extension not available on the judge server: {message}"
        ));
    }
    None
}

pub fn judge(p: &Project, h: &History, admin_url: &str, keep: bool) -> Row {
    let scripts: Vec<Script> = h.files.iter().map(|f| Script::parse(&f.text)).collect();
    let pg = match run_postgres(p, h, &scripts, admin_url, keep) {
        Ok(v) => v,
        Err(e) => return Row::failed(p, e),
    };
    // the replay, as `audit` runs it; what PostgreSQL refused on the rows of the tables (which
    // no replay has) is without effect on the replay's side too, so that what follows is
    // judged on the state PostgreSQL had, not counted again as the refusal's consequences
    let mut replay = Replay::new(ReplayOptions {
        source_id: "migrations".into(),
        supabase: p.is_supabase(),
    });
    for (fi, file) in h.files.iter().enumerate() {
        let refusals: Vec<(usize, String, String)> = pg
            .iter()
            .filter(|s| s.file == fi)
            .filter_map(|s| match &s.verdict {
                PgVerdict::Refused { code, message } if data_dependent(code, message) => {
                    Some((s.start, code.clone(), message.clone()))
                }
                _ => None,
            })
            .collect();
        if !refusals.is_empty() {
            replay.impose_refusals(&file.display, refusals);
        }
    }
    migrations::replay_sets(&mut replay, &h.sets);
    let (_catalog, findings, verdicts) = replay.finish();
    let mut row = Row::new(p);
    row.migration_error_findings = findings
        .iter()
        .filter(|f| f.rule == "migration-error")
        .count();
    for s in &pg {
        let file = &h.files[s.file];
        let outcome = verdicts
            .iter()
            .find(|v| v.path == file.display)
            .and_then(|v| v.outcomes.iter().find(|o| o.start == s.start));
        let ours = outcome.map(|o| o.verdict.clone());
        let undecided = outcome.and_then(|o| o.undecided.clone());
        let at = format!("{}:{}", file.display, s.line);
        row.statements += 1;
        if let PgVerdict::Refused { code, .. } = &s.verdict {
            row.refused_at
                .push(format!("{at}-{} {code}", s.last_line.max(s.line)));
        }
        match (&s.verdict, ours) {
            (PgVerdict::Unknown(why), _) => row.unknown(why.clone()),
            (_, None) => {
                row.disagree(format!(
                    "{at}: the replay has no verdict for `{}`",
                    s.first_line
                ));
                row.misses += 1;
            }
            (PgVerdict::Ok, Some(Verdict::Ok | Verdict::Control)) => row.agree_ok += 1,
            (PgVerdict::Ok, Some(Verdict::Refused { sqlstate, message })) => {
                row.false_refusals += 1;
                row.disagree(format!(
                    "FALSE REFUSAL {at}: replay {sqlstate} {message} — PostgreSQL accepts `{}`",
                    s.first_line
                ));
            }
            (PgVerdict::Ok, Some(Verdict::Unparsed)) => {
                row.unparsed += 1;
                row.disagree(format!(
                    "UNPARSED {at}: PostgreSQL accepts `{}`",
                    s.first_line
                ));
            }
            (
                PgVerdict::Refused {
                    code,
                    message: pg_message,
                },
                Some(Verdict::Refused { sqlstate, message }),
            ) => {
                row.refusals += 1;
                row.agree_refused += 1;
                if row.sample_refusals.len() < 8 {
                    row.sample_refusals.push(format!(
                        "refused by both {at}: PostgreSQL {code} {pg_message} `{}`",
                        s.first_line
                    ));
                }
                if *code != sqlstate {
                    row.code_differs += 1;
                    row.disagree(format!(
                        "CODE {at}: PostgreSQL {code}, replay {sqlstate} {message} `{}`",
                        s.first_line
                    ));
                }
            }
            (PgVerdict::Refused { .. }, Some(Verdict::Unparsed)) => {
                row.refusals += 1;
                row.agree_refused += 1;
            }
            (PgVerdict::Refused { code, message }, Some(Verdict::Ok | Verdict::Control)) => {
                row.refusals += 1;
                let why = unknown_reason(code, message).or_else(|| {
                    undecided
                        // a RAISE on what the block read, or the same error the replay
                        // says happens when the rows are there
                        .filter(|u| {
                            code.starts_with("P000") || u.contains(&format!("fails with {code} "))
                        })
                        .map(|u| format!("undecided by the replay: {u} ({code})"))
                });
                match why {
                    Some(why) => row.unknown(why),
                    None => {
                        row.misses += 1;
                        row.disagree(format!(
                            "MISS {at}: PostgreSQL {code} {message} — the replay accepts `{}`",
                            s.first_line
                        ));
                    }
                }
            }
        }
    }
    row
}
