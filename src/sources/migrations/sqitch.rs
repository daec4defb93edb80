//! Sqitch (`sqitch deploy`): `lib/App/Sqitch/Plan.pm`, `Plan/Change.pm` and `Engine/pg.pm`
//! in sqitchers/sqitch. Changes deploy in the order of `sqitch.plan`; each runs
//! `deploy/<change>.sql` with its own `psql -f` (ON_ERROR_STOP=1, no wrapping transaction:
//! scripts write their own BEGIN / COMMIT). A change named again later in the plan was
//! reworked: its earlier instance runs `deploy/<change>@<tag>.sql`. `revert/` and `verify/`
//! scripts are never part of the history.

use super::{Cx, MigrationFile};
use crate::findings::Finding;
use std::path::PathBuf;

struct Change {
    name: String,
    tags: Vec<String>,
    rework_tags: Vec<String>,
}

fn plan(text: &str) -> Vec<Change> {
    let mut changes: Vec<Change> = Vec::new();
    for raw in text.lines() {
        let line = raw.split(" #").next().unwrap_or("").trim();
        if line.is_empty() || line.starts_with('%') || line.starts_with('#') {
            continue;
        }
        if let Some(tag) = line.strip_prefix('@') {
            let tag = tag.split_whitespace().next().unwrap_or("").to_string();
            if let Some(last) = changes.last_mut() {
                last.tags.push(tag);
            }
            continue;
        }
        // an old-style "-change" line reverts; it deploys nothing
        if line.starts_with('-') {
            continue;
        }
        let line = line.trim_start_matches('+').trim_start();
        let Some(name) = line
            .split(|c: char| c.is_whitespace() || c == '[')
            .next()
            .filter(|n| !n.is_empty())
        else {
            continue;
        };
        if let Some(dup) = changes.iter().rposition(|c| c.name == name) {
            let mut tags = Vec::new();
            for c in changes[dup + 1..].iter().rev() {
                tags.extend(c.tags.iter().cloned());
            }
            tags.extend(changes[dup].tags.iter().cloned());
            changes[dup].rework_tags = tags;
        }
        changes.push(Change {
            name: name.to_string(),
            tags: Vec::new(),
            rework_tags: Vec::new(),
        });
    }
    changes
}

pub(super) fn load(cx: &Cx, findings: &mut Vec<Finding>) -> Vec<MigrationFile> {
    let plan_path = cx.dir.join("sqitch.plan");
    let text = match super::read_text(&plan_path) {
        Ok(t) => t,
        Err(e) => {
            findings.push(cx.refused(&plan_path, format!("{e}: Sqitch cannot read its plan")));
            return Vec::new();
        }
    };
    let deploy = cx.dir.join("deploy");
    let mut files = Vec::new();
    for c in plan(&text) {
        let path: PathBuf = if c.rework_tags.is_empty() {
            deploy.join(format!("{}.sql", c.name))
        } else {
            let candidates: Vec<PathBuf> = c
                .rework_tags
                .iter()
                .map(|t| deploy.join(format!("{}@{t}.sql", c.name)))
                .collect();
            candidates
                .iter()
                .find(|p| p.is_file())
                .or(candidates.first())
                .cloned()
                .unwrap_or_else(|| deploy.join(format!("{}.sql", c.name)))
        };
        if !path.is_file() {
            findings.push(cx.refused(
                &path,
                format!(
                    "the plan names change {} but {} does not exist: `sqitch deploy` stops there",
                    c.name,
                    cx.display(&path)
                ),
            ));
            continue;
        }
        files.push(cx.file(&path, Some(c.name.clone()), super::plain::psql_mode()));
    }
    files
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn reworked_changes_run_their_tagged_script() {
        let p = plan(
            "%syntax-version=1.0.0\n%project=x\n\nusers 2024-01-01T00:00:00Z A <a@b> # add users\n@v1 2024-01-02T00:00:00Z A <a@b>\nposts [users] 2024-01-03T00:00:00Z A <a@b>\nusers [users@v1] 2024-01-04T00:00:00Z A <a@b> # rework\n",
        );
        let names: Vec<&str> = p.iter().map(|c| c.name.as_str()).collect();
        assert_eq!(names, vec!["users", "posts", "users"]);
        assert_eq!(
            p[0].rework_tags,
            vec!["@v1".trim_start_matches('@').to_string()]
        );
        assert!(p[2].rework_tags.is_empty());
    }
}
