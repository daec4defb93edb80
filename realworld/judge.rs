//! Both sides of the comparison: PostgreSQL runs the history statement by statement (a savepoint
//! around each statement inside the runner's transactions, so that a refusal undoes only that
//! statement, as the replay assumes), and the replay runs the same files; then each statement's
//! two verdicts are compared.

use crate::manifest::Project;
use crate::plan::{History, Tx};
use crate::report::Row;
use postgres::{Client, NoTls};
use schemadrift::replay::{Replay, ReplayOptions, Verdict};
use schemadrift::sources::migrations;
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
    first_line: String,
    verdict: PgVerdict,
}

fn platform_sql() -> Result<String, String> {
    let path = concat!(
        env!("CARGO_MANIFEST_DIR"),
        "/platform/supabase/platform.sql"
    );
    std::fs::read_to_string(path).map_err(|e| format!("cannot read {path}: {e}"))
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

/// Runs the history on a fresh database; `Err` when the project could not be run at all.
fn run_postgres(
    p: &Project,
    h: &History,
    scripts: &[Script],
    admin_url: &str,
    keep: bool,
) -> Result<Vec<PgStatement>, String> {
    let db = format!("rw_{}", p.name.replace(['-', '.'], "_"));
    let mut admin = Client::connect(admin_url, NoTls).map_err(|e| format!("connect: {e}"))?;
    for sql in [
        format!("DROP DATABASE IF EXISTS {db} WITH (FORCE)"),
        format!("CREATE DATABASE {db} TEMPLATE template0"),
    ] {
        admin
            .batch_execute(&sql)
            .map_err(|e| format!("{sql}: {}", show(&e)))?;
    }
    let mut c = Client::connect(&db_url(admin_url, &db), NoTls)
        .map_err(|e| format!("connect to {db}: {e}"))?;
    c.batch_execute(
        "SET statement_timeout = '120s'; SET lock_timeout = '10s'; SET client_min_messages = warning",
    )
    .map_err(|e| format!("session settings: {e}"))?;
    if p.is_supabase() {
        let sql = platform_sql()?;
        c.batch_execute(&sql)
            .map_err(|e| format!("loading the Supabase platform: {}", show(&e)))?;
        // the platform sets the database's search_path; a new session would see it
        c.batch_execute("RESET ALL; SET statement_timeout = '120s'; SET lock_timeout = '10s'; SET client_min_messages = warning")
            .map_err(|e| format!("session settings: {e}"))?;
    }
    let mut out = Vec::new();
    for (fi, (file, script)) in h.files.iter().zip(scripts).enumerate() {
        let text = script.text();
        let mut in_tx = false;
        let exec = |c: &mut Client, sql: &str| -> Result<(), String> {
            c.batch_execute(sql)
                .map_err(|e| format!("{sql}: {}", show(&e)))
        };
        let sent: Vec<usize> = script
            .statements
            .iter()
            .enumerate()
            .filter(|(_, s)| {
                let b = text[s.start..s.end].trim();
                !b.is_empty() && b != ";"
            })
            .map(|(i, _)| i)
            .collect();
        // an implicit block: the rest of a multi-statement query string after a COMMIT
        let implicit = file.tx == Tx::Script && sent.len() > 1;
        if file.tx == Tx::PerFile || implicit {
            exec(&mut c, "BEGIN")?;
            in_tx = true;
        }
        for (si, stmt) in script.statements.iter().enumerate() {
            let more_follow = sent.last().is_some_and(|last| si < *last);
            let body = &text[stmt.start..stmt.end];
            let keyword = schemadrift::sql::first_keyword(&stmt.node);
            let upper = body.trim_start().to_ascii_uppercase();
            let (line, _) = script.position(stmt.start);
            let mut push = |v: PgVerdict| {
                out.push(PgStatement {
                    file: fi,
                    start: stmt.start,
                    line,
                    first_line: first_line(body),
                    verdict: v,
                })
            };
            if body.trim().is_empty() || body.trim() == ";" {
                continue;
            }
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
            if control {
                let to_savepoint = keyword == "SAVEPOINT"
                    || keyword == "RELEASE"
                    || (keyword == "ROLLBACK" && upper.contains(" TO "));
                let r = if to_savepoint {
                    c.batch_execute(body)
                } else {
                    match keyword.as_str() {
                        "BEGIN" | "START" if in_tx => Ok(()),
                        "BEGIN" | "START" => {
                            in_tx = true;
                            c.batch_execute(body)
                        }
                        "COMMIT" | "END" | "ROLLBACK" | "ABORT" if in_tx => {
                            in_tx = false;
                            let r = c.batch_execute(body);
                            if implicit && more_follow && r.is_ok() {
                                exec(&mut c, "BEGIN")?;
                                in_tx = true;
                            }
                            r
                        }
                        _ => Ok(()),
                    }
                };
                match r {
                    Ok(()) => push(PgVerdict::Ok),
                    Err(e) => match db_error(&e) {
                        Some((code, message)) => {
                            if in_tx {
                                // an aborted transaction: end it so the next statements run
                                let _ = c.batch_execute("ROLLBACK");
                                in_tx = false;
                            }
                            push(PgVerdict::Refused { code, message })
                        }
                        None => return Err(format!("{}: {e}", file.display)),
                    },
                }
                continue;
            }
            if upper.starts_with("COPY ") && upper.contains("FROM STDIN") {
                push(PgVerdict::Unknown(
                    "COPY … FROM stdin: the rows follow the statement and only psql sends them"
                        .into(),
                ));
                continue;
            }
            if in_tx {
                exec(&mut c, "SAVEPOINT rw_sp")?;
            }
            match c.batch_execute(body) {
                Ok(()) => {
                    if in_tx {
                        exec(&mut c, "RELEASE SAVEPOINT rw_sp")?;
                    }
                    push(PgVerdict::Ok)
                }
                Err(e) => match db_error(&e) {
                    Some((code, message)) => {
                        if in_tx {
                            exec(&mut c, "ROLLBACK TO SAVEPOINT rw_sp")?;
                            exec(&mut c, "RELEASE SAVEPOINT rw_sp")?;
                        }
                        push(PgVerdict::Refused { code, message })
                    }
                    None => return Err(format!("{}:{line}: {e}", file.display)),
                },
            }
        }
        if in_tx {
            if let Err(e) = c.batch_execute("COMMIT") {
                return Err(format!("{}: COMMIT: {e}", file.display));
            }
        }
    }
    drop(c);
    if !keep {
        let _ = admin.batch_execute(&format!("DROP DATABASE IF EXISTS {db} WITH (FORCE)"));
    }
    Ok(out)
}

/// Why PostgreSQL's refusal cannot be judged by a replay that has no rows: the statement
/// failed on data (a duplicate seed row, a CHECK over rows), not on the schema.
fn unknown_reason(code: &str, message: &str) -> Option<String> {
    if code.starts_with("22") || code.starts_with("23") {
        return Some(format!("depends on the rows in the tables ({code})"));
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
    // the replay, as `audit` runs it
    let mut replay = Replay::new(ReplayOptions {
        source_id: "migrations".into(),
        supabase: p.is_supabase(),
    });
    migrations::replay_sets(&mut replay, &h.sets);
    let (_catalog, findings, verdicts) = replay.finish();
    let pg = match run_postgres(p, h, &scripts, admin_url, keep) {
        Ok(v) => v,
        Err(e) => return Row::failed(p, e),
    };
    let mut row = Row::new(p);
    row.migration_error_findings = findings
        .iter()
        .filter(|f| f.rule == "migration-error")
        .count();
    for s in &pg {
        let file = &h.files[s.file];
        let ours = verdicts
            .iter()
            .find(|v| v.path == file.display)
            .and_then(|v| v.outcomes.iter().find(|o| o.start == s.start))
            .map(|o| o.verdict.clone());
        let at = format!("{}:{}", file.display, s.line);
        row.statements += 1;
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
            (PgVerdict::Refused { code, .. }, Some(Verdict::Refused { sqlstate, message })) => {
                row.refusals += 1;
                row.agree_refused += 1;
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
                match unknown_reason(code, message) {
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
