//! Flyway (`flyway migrate`): `ResourceNameParser`, `MigrationVersion`, `DbMigrate`,
//! `ParserSqlScript` in flyway/flyway, and `PostgreSQLParser` / `PostgreSQLConnection` in its
//! PostgreSQL module. The location is scanned recursively; `V<version>__<description>.sql`
//! run in version order (parts split at `.` or `_`, compared as numbers), then
//! `R__<description>.sql` ordered by description; `U<version>__…` (undo) never runs. Each
//! migration is one transaction, unless a statement cannot run in one (then the whole
//! migration runs in autocommit, and a migration that mixes both kinds is refused), or its
//! `<file>.sql.conf` says `executeInTransaction=false`. Before each migration Flyway resets
//! the role and sets the search path to its schema.

use super::{Cx, FileMode, MigrationFile, Sending, Transaction};
use crate::findings::Finding;
use std::path::{Path, PathBuf};

/// A Flyway migration file name: `V1__x.sql`, `V1.2__x.sql`, `R__x.sql`, `U1__x.sql`.
pub(super) fn is_flyway_name(name: &str) -> bool {
    classify(name).is_some()
}

enum Kind {
    Versioned(Vec<u128>),
    Repeatable(String),
    Undo,
}

fn parse_version(v: &str) -> Option<Vec<u128>> {
    let norm = v.replace('_', ".");
    let mut parts: Vec<u128> = norm
        .split('.')
        .map(|p| p.parse::<u128>().ok())
        .collect::<Option<_>>()?;
    while parts.len() > 1 && parts.last() == Some(&0) {
        parts.pop();
    }
    Some(parts)
}

fn classify(name: &str) -> Option<Kind> {
    let stem = name.strip_suffix(".sql")?;
    if let Some(desc) = stem.strip_prefix("R__") {
        return Some(Kind::Repeatable(desc.to_string()));
    }
    let (prefix, rest) = stem.split_at_checked(1)?;
    let (ver, _description) = rest.split_once("__")?;
    if ver.is_empty() || !ver.starts_with(|c: char| c.is_ascii_digit()) {
        return None;
    }
    match prefix {
        "V" => Some(Kind::Versioned(parse_version(ver)?)),
        "U" => Some(Kind::Undo),
        _ => None,
    }
}

fn walk(dir: &Path, out: &mut Vec<PathBuf>) {
    let Ok(rd) = std::fs::read_dir(dir) else {
        return;
    };
    let mut v: Vec<PathBuf> = rd.flatten().map(|e| e.path()).collect();
    v.sort();
    for p in v {
        if p.is_dir() {
            walk(&p, out);
        } else {
            out.push(p);
        }
    }
}

/// Whether the statements can run in a transaction: Some(true) all, Some(false) none,
/// None both kinds (Flyway refuses the migration).
fn transactional(text: &str) -> Option<bool> {
    let script = crate::sql::Script::parse(text);
    let (mut yes, mut no) = (false, false);
    for st in &script.statements {
        let w: Vec<String> = crate::sql::keywords(&st.node)
            .split(' ')
            .take(5)
            .map(str::to_string)
            .collect();
        let s: Vec<&str> = w.iter().map(String::as_str).collect();
        let non_tx = matches!(
            s.as_slice(),
            ["CREATE", "INDEX", "CONCURRENTLY", ..]
                | ["CREATE", "UNIQUE", "INDEX", "CONCURRENTLY", ..]
                | ["DROP", "INDEX", "CONCURRENTLY", ..]
                | ["DROP", "UNIQUE", "INDEX", "CONCURRENTLY", ..]
                | [
                    "CREATE" | "DROP",
                    "DATABASE" | "TABLESPACE" | "SUBSCRIPTION",
                    ..
                ]
                | ["ALTER", "SYSTEM", ..]
                | ["REINDEX", "SCHEMA" | "DATABASE" | "SYSTEM", ..]
                | ["REINDEX", "VERBOSE", "SCHEMA" | "DATABASE" | "SYSTEM", ..]
                | ["VACUUM", ..]
                | ["DISCARD", "ALL", ..]
        );
        if non_tx {
            no = true;
        } else {
            yes = true;
        }
    }
    match (yes, no) {
        (true, true) => None,
        (_, true) => Some(false),
        _ => Some(true),
    }
}

fn conf_says_no_transaction(path: &Path) -> Option<bool> {
    let conf = PathBuf::from(format!("{}.conf", path.display()));
    let text = crate::sources::fsread::read_optional(&conf)?;
    text.lines().find_map(|l| {
        let (k, v) = l.split_once('=')?;
        (k.trim() == "executeInTransaction").then(|| v.trim().eq_ignore_ascii_case("false"))
    })
}

pub(super) fn load(cx: &Cx, findings: &mut Vec<Finding>) -> Vec<MigrationFile> {
    let mut all = Vec::new();
    walk(cx.dir, &mut all);
    let mut versioned: Vec<(Vec<u128>, String, PathBuf)> = Vec::new();
    let mut repeatable: Vec<(String, PathBuf)> = Vec::new();
    for p in all {
        let name = p
            .file_name()
            .map(|n| n.to_string_lossy().to_string())
            .unwrap_or_default();
        if !name.ends_with(".sql") {
            continue;
        }
        match classify(&name) {
            Some(Kind::Versioned(v)) => versioned.push((v, name, p)),
            Some(Kind::Repeatable(d)) => repeatable.push((d, p)),
            Some(Kind::Undo) => {}
            None => findings.push(cx.skipped(
                &p,
                "its name is not V<version>__<description>.sql or R__<description>.sql",
                "-- rename it V<version>__<description>.sql".to_string(),
            )),
        }
    }
    versioned.sort_by(|a, b| a.0.cmp(&b.0).then(a.1.cmp(&b.1)));
    repeatable.sort();
    let versions: Vec<(String, PathBuf)> = versioned
        .iter()
        .map(|(v, _, p)| {
            let shown: Vec<String> = v.iter().map(|x| x.to_string()).collect();
            (shown.join("."), p.clone())
        })
        .collect();
    findings.extend(cx.duplicates(
        &versions,
        "Flyway refuses to migrate (Found more than one migration with version …): no migration runs",
    ));
    let mut files = Vec::new();
    let ordered = versions
        .into_iter()
        .map(|(v, p)| (Some(v), p))
        .chain(repeatable.into_iter().map(|(_, p)| (None, p)));
    for (version, p) in ordered {
        let mut f = cx.file(&p, version, FileMode::default());
        let tx = match (&f.text, conf_says_no_transaction(&p)) {
            (_, Some(no)) => !no,
            (Ok(text), None) => match transactional(text) {
                Some(t) => t,
                None => {
                    findings.push(cx.refused(
                        &p,
                        format!(
                            "Flyway refuses {}: it mixes statements that can run in a transaction with ones that cannot (Detected both transactional and non-transactional statements within the same migration); move the non-transactional ones to a migration of their own",
                            cx.display(&p)
                        ),
                    ));
                    continue;
                }
            },
            (Err(_), None) => true,
        };
        f.mode = FileMode {
            transaction: if tx {
                Transaction::PerFile
            } else {
                Transaction::Autocommit
            },
            sending: Sending::Statements,
            session_carries: false,
        };
        files.push(f);
    }
    files
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn versions_compare_as_numbers() {
        assert!(parse_version("1.10") > parse_version("1.9"));
        assert_eq!(parse_version("1_1"), parse_version("1.1"));
        assert_eq!(parse_version("1.0"), parse_version("1"));
        assert!(is_flyway_name("V2__add.sql") && is_flyway_name("R__views.sql"));
        assert!(!is_flyway_name("2__add.sql") && !is_flyway_name("Vx__add.sql"));
    }
}
