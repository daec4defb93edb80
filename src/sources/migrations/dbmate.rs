//! dbmate (`dbmate up`): `pkg/dbmate/migration.go` and `db.go` in amacneil/dbmate. Files
//! `^(\d+).*\.sql$` in name order; a file holds `-- migrate:up [transaction:false]` …
//! `-- migrate:down` sections (several allowed); each up section is sent as one query
//! (`Exec`), inside a transaction unless its directive says `transaction:false`.

use super::{Cx, Entry, FileMode, MigrationFile, Sending, Transaction};
use crate::findings::Finding;

fn up_re() -> regex::Regex {
    regex::Regex::new(r"(?m)^--\s*migrate:up(\s*$|\s+\S+)").expect("regex")
}

fn down_re() -> regex::Regex {
    regex::Regex::new(r"(?m)^--\s*migrate:down(\s*$|\s+\S+)").expect("regex")
}

pub(super) fn has_marker(text: &str) -> bool {
    up_re().is_match(text)
}

/// The up sections of a file: (start, end, in a transaction), or why dbmate refuses it.
fn sections(text: &str) -> Result<Vec<(usize, usize, bool)>, &'static str> {
    let ups: Vec<usize> = up_re().find_iter(text).map(|m| m.start()).collect();
    let Some(first) = ups.first() else {
        return Err("it has no '-- migrate:up' block");
    };
    let before_ok = text[..*first].lines().all(|l| {
        let t = l.trim();
        t.is_empty() || t.starts_with("--")
    });
    if !before_ok {
        return Err("statements precede the '-- migrate:up' block");
    }
    let mut out = Vec::new();
    for (i, start) in ups.iter().enumerate() {
        let end = ups.get(i + 1).copied().unwrap_or(text.len());
        let section = &text[*start..end];
        let downs: Vec<usize> = down_re().find_iter(section).map(|m| m.start()).collect();
        let up_end = match downs.as_slice() {
            [] => return Err("a '-- migrate:up' block has no '-- migrate:down' block after it"),
            [d] => start + d,
            _ => {
                return Err("a '-- migrate:down' block is not preceded by its own '-- migrate:up'");
            }
        };
        let directive = section.lines().next().unwrap_or("");
        let no_tx = directive
            .split_whitespace()
            .any(|w| w == "transaction:false");
        out.push((*start, up_end, !no_tx));
    }
    Ok(out)
}

pub(super) fn load(
    cx: &Cx,
    mut entries: Vec<Entry>,
    findings: &mut Vec<Finding>,
) -> Vec<MigrationFile> {
    let re = regex::Regex::new(r"^(\d+).*\.sql$").expect("regex");
    entries.sort_by(|a, b| a.0.cmp(&b.0));
    let mut files = Vec::new();
    let mut versions = Vec::new();
    for (name, path) in &entries {
        if !path.is_file() {
            continue;
        }
        let Some(c) = re.captures(name) else {
            if name.ends_with(".sql") {
                findings.push(cx.skipped(
                    path,
                    "its name does not start with a numeric version",
                    "-- rename it <version>_<name>.sql".to_string(),
                ));
            }
            continue;
        };
        let version = c[1].to_string();
        versions.push((version.clone(), path.clone()));
        let text = match super::read_text(path) {
            Ok(t) => t,
            Err(e) => {
                files.push(MigrationFile {
                    path: path.clone(),
                    display: cx.display(path),
                    version: Some(version),
                    text: Err(e),
                    mode: FileMode::default(),
                });
                continue;
            }
        };
        match sections(&text) {
            Ok(secs) => {
                for (a, b, tx) in secs {
                    files.push(MigrationFile {
                        path: path.clone(),
                        display: cx.display(path),
                        version: Some(version.clone()),
                        text: Ok(super::keep_only(&text, &[(a, b)])),
                        mode: FileMode {
                            transaction: if tx {
                                Transaction::PerFile
                            } else {
                                Transaction::Implicit
                            },
                            sending: Sending::Script,
                            session_carries: true,
                        },
                    });
                }
            }
            Err(why) => findings.push(cx.refused(
                path,
                format!(
                    "dbmate refuses {}: {why}; nothing in it runs and dbmate stops there",
                    cx.display(path)
                ),
            )),
        }
    }
    findings.extend(cx.duplicates(
        &versions,
        "dbmate records applied migrations by version (schema_migrations), so the second one cannot be recorded and `dbmate up` stops there",
    ));
    files
}
