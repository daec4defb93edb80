//! goose (`goose up`): `internal/sqlparser/parser.go`, `migration_sql.go` and
//! `provider_collect.go` in pressly/goose. Files whose name starts with a positive integer
//! and `_`, in version order; duplicate versions are refused. A file starts with
//! `-- +goose Up`; its statements end at a line ending with `;` unless they sit between
//! `-- +goose StatementBegin` and `-- +goose StatementEnd`; each statement is one query,
//! all inside one transaction unless the file says `-- +goose NO TRANSACTION`. The
//! `-- +goose Down` part never runs.

use super::{Cx, Entry, FileMode, MigrationFile, Sending, Transaction};
use crate::findings::Finding;

pub(super) fn has_marker(text: &str) -> bool {
    text.lines().any(|l| {
        let t = l.trim();
        t.starts_with("--") && t.contains("+goose") && t.to_ascii_lowercase().contains("up")
    })
}

/// goose's version of a file name: the integer before the first `_`, at least 1.
fn version(name: &str) -> Option<i64> {
    if !name.ends_with(".sql") {
        return None;
    }
    let (num, _) = name.split_once('_')?;
    num.parse::<i64>().ok().filter(|n| *n >= 1)
}

#[derive(PartialEq, Clone, Copy)]
enum State {
    Start,
    Up,
    UpBegin,
    Down,
    DownBegin,
}

/// What goose sends of a file: the byte ranges of the Up statements, and whether they run in
/// a transaction; or why goose refuses the file.
pub(super) fn parse(text: &str) -> Result<(Vec<(usize, usize)>, bool), String> {
    let mut state = State::Start;
    let mut use_tx = true;
    let mut stmts = Vec::new();
    // start of the statement being read, if any
    let mut cur: Option<usize> = None;
    let mut offset = 0;
    for raw in text.split_inclusive('\n') {
        let line_start = offset;
        offset += raw.len();
        let line = raw.trim_end_matches(['\n', '\r']);
        let trimmed = line.trim();
        if state == State::Start && trimmed.is_empty() {
            continue;
        }
        if trimmed.starts_with("--") && line.contains("+goose") {
            if line.starts_with([' ', '\t']) {
                return Err(format!("the annotation {line:?} has leading whitespace"));
            }
            let cmd = line.replace("--", "").replacen("+goose", "", 1);
            let cmd = cmd.trim().to_ascii_lowercase();
            match cmd.as_str() {
                "up" => {
                    if state != State::Start {
                        return Err("it has two '-- +goose Up' annotations".into());
                    }
                    state = State::Up;
                    continue;
                }
                "down" => {
                    if !matches!(state, State::Up) {
                        return Err(
                            "'-- +goose Down' comes before '-- +goose Up' or inside a statement"
                                .into(),
                        );
                    }
                    if cur.is_some() {
                        return Err("the last Up statement does not end with a semicolon".into());
                    }
                    state = State::Down;
                    continue;
                }
                "statementbegin" => {
                    state = match state {
                        State::Up => State::UpBegin,
                        State::Down => State::DownBegin,
                        _ => return Err("'-- +goose StatementBegin' is not after '-- +goose Up' or '-- +goose Down'".into()),
                    };
                    continue;
                }
                "statementend" => {
                    match state {
                        State::UpBegin => {
                            if let Some(s) = cur.take() {
                                stmts.push((s, line_start));
                            }
                            state = State::Up;
                        }
                        State::DownBegin => {
                            cur = None;
                            state = State::Down;
                        }
                        _ => return Err("'-- +goose StatementEnd' has no StatementBegin".into()),
                    }
                    continue;
                }
                "no transaction" => {
                    use_tx = false;
                    continue;
                }
                "envsub on" | "envsub off" => continue,
                _ => return Err(format!("unknown annotation {line:?}")),
            }
        }
        if cur.is_none() && (trimmed.starts_with("--") || line.is_empty()) {
            continue;
        }
        match state {
            State::Start => {
                return Err("it does not start with '-- +goose Up'".into());
            }
            State::Down | State::DownBegin => continue,
            State::Up | State::UpBegin => {
                if cur.is_none() {
                    cur = Some(line_start);
                }
                if state == State::Up
                    && ends_with_semicolon(line)
                    && let Some(s) = cur.take()
                {
                    stmts.push((s, offset));
                }
            }
        }
    }
    match state {
        State::Start => Err("it does not start with '-- +goose Up'".into()),
        State::UpBegin | State::DownBegin => Err("a '-- +goose StatementEnd' is missing".into()),
        _ if cur.is_some() && state == State::Up => {
            Err("the last Up statement does not end with a semicolon".into())
        }
        _ => Ok((stmts, use_tx)),
    }
}

/// goose's test: the last word before a `--` comment ends with `;`.
fn ends_with_semicolon(line: &str) -> bool {
    let mut prev = "";
    for w in line.split_whitespace() {
        if w.starts_with("--") {
            break;
        }
        prev = w;
    }
    prev.ends_with(';')
}

pub(super) fn load(
    cx: &Cx,
    entries: Vec<Entry>,
    findings: &mut Vec<Finding>,
) -> Vec<MigrationFile> {
    let mut found: Vec<(i64, Entry)> = Vec::new();
    for (name, path) in entries {
        if !path.is_file() {
            continue;
        }
        match version(&name) {
            Some(v) => found.push((v, (name, path))),
            None if name.ends_with(".sql") => findings.push(cx.skipped(
                &path,
                "its name does not start with a version number and '_'",
                "-- rename it <version>_<name>.sql".to_string(),
            )),
            None => {}
        }
    }
    found.sort_by(|a, b| a.0.cmp(&b.0).then(a.1.0.cmp(&b.1.0)));
    let versions: Vec<(String, std::path::PathBuf)> = found
        .iter()
        .map(|(v, (_, p))| (v.to_string(), p.clone()))
        .collect();
    findings.extend(cx.duplicates(
        &versions,
        "goose refuses to run (found duplicate migration version): no migration runs",
    ));
    let mut files = Vec::new();
    for (v, (_, path)) in &found {
        let text = match super::read_text(path) {
            Ok(t) => t,
            Err(e) => {
                files.push(MigrationFile {
                    path: path.clone(),
                    display: cx.display(path),
                    version: Some(v.to_string()),
                    text: Err(e),
                    mode: FileMode::default(),
                });
                continue;
            }
        };
        match parse(&text) {
            Ok((stmts, tx)) => {
                let starts = stmts.iter().skip(1).map(|(a, _)| *a).collect();
                files.push(MigrationFile {
                    path: path.clone(),
                    display: cx.display(path),
                    version: Some(v.to_string()),
                    text: Ok(super::keep_only(&text, &stmts)),
                    mode: FileMode {
                        transaction: if tx {
                            Transaction::PerFile
                        } else {
                            Transaction::Autocommit
                        },
                        sending: Sending::Chunks(starts),
                        session_carries: true,
                    },
                });
            }
            Err(why) => findings.push(cx.refused(
                path,
                format!(
                    "goose cannot read {}: {why}; nothing in it runs and goose stops there",
                    cx.display(path)
                ),
            )),
        }
    }
    files
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn splits_as_goose_splits() {
        let text = "-- +goose Up\nCREATE TABLE a (id int);\n-- +goose StatementBegin\nCREATE FUNCTION f() RETURNS int AS $$\nBEGIN\n  RETURN 1;\nEND;\n$$ LANGUAGE plpgsql;\n-- +goose StatementEnd\n\n-- +goose Down\nDROP TABLE a;\n";
        let (stmts, tx) = parse(text).unwrap();
        assert!(tx);
        let got: Vec<&str> = stmts.iter().map(|(a, b)| text[*a..*b].trim()).collect();
        assert_eq!(got.len(), 2);
        assert_eq!(got[0], "CREATE TABLE a (id int);");
        assert!(got[1].starts_with("CREATE FUNCTION") && got[1].ends_with("plpgsql;"));
        assert!(parse("CREATE TABLE a (id int);\n").is_err());
        assert!(
            !parse("-- +goose NO TRANSACTION\n-- +goose Up\nSELECT 1;\n")
                .unwrap()
                .1
        );
    }
}
