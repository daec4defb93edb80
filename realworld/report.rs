//! The table: one row per project.

use crate::manifest::Project;
use std::collections::BTreeMap;
use std::fmt::Write;

#[derive(Default)]
pub struct Row {
    pub name: String,
    pub repo: String,
    pub runner: String,
    pub platform: String,
    /// The manifest's tags and note, for the results page.
    pub kind: String,
    pub statements: usize,
    /// Statements PostgreSQL refused.
    pub refusals: usize,
    pub agree_ok: usize,
    pub agree_refused: usize,
    /// Both refused, with different SQLSTATEs (counted as agreement on the verdict).
    pub code_differs: usize,
    /// PostgreSQL accepts, the replay refuses.
    pub false_refusals: usize,
    /// PostgreSQL refuses, the replay accepts.
    pub misses: usize,
    /// PostgreSQL accepts, the replay could not read the statement.
    pub unparsed: usize,
    pub unknown: usize,
    pub unknown_reasons: BTreeMap<String, usize>,
    pub migration_error_findings: usize,
    pub disagreements: Vec<String>,
    /// The first statements both refused, to read what a project's failures are.
    pub sample_refusals: Vec<String>,
    /// Every statement PostgreSQL refused: `path:line SQLSTATE` (path as the replay names the
    /// file), what `--refusals DIR` writes for the precision corpus.
    pub refused_at: Vec<String>,
    pub error: Option<String>,
}

impl Row {
    pub fn new(p: &Project) -> Row {
        Row {
            name: p.name.clone(),
            repo: p.repo.clone(),
            runner: p.runner.clone(),
            platform: p.platform.clone().unwrap_or_else(|| "postgres".into()),
            kind: p
                .tags
                .iter()
                .cloned()
                .chain(p.note.clone())
                .collect::<Vec<_>>()
                .join(", "),
            ..Row::default()
        }
    }

    pub fn failed(p: &Project, e: String) -> Row {
        let mut r = Row::new(p);
        r.error = Some(e);
        r
    }

    pub fn unknown(&mut self, why: String) {
        self.unknown += 1;
        *self.unknown_reasons.entry(why).or_default() += 1;
    }

    pub fn disagree(&mut self, what: String) {
        self.disagreements.push(what);
    }

    pub fn summary(&self) -> String {
        match &self.error {
            Some(e) => format!("NOT RUN: {e}"),
            None => format!(
                "refused {} · agree {} · false refusals {} · misses {} · unparsed {} · unknown {} · other code {}",
                self.refusals,
                self.agree_ok + self.agree_refused,
                self.false_refusals,
                self.misses,
                self.unparsed,
                self.unknown,
                self.code_differs
            ),
        }
    }
}

fn totals(rows: &[Row]) -> Row {
    let mut t = Row {
        name: "total".into(),
        ..Row::default()
    };
    for r in rows.iter().filter(|r| r.error.is_none()) {
        t.statements += r.statements;
        t.refusals += r.refusals;
        t.agree_ok += r.agree_ok;
        t.agree_refused += r.agree_refused;
        t.code_differs += r.code_differs;
        t.false_refusals += r.false_refusals;
        t.misses += r.misses;
        t.unparsed += r.unparsed;
        t.unknown += r.unknown;
    }
    t
}

pub fn table(rows: &[Row]) -> String {
    let mut s = String::new();
    let _ = writeln!(
        s,
        "{:<28} {:<14} {:>7} {:>7} {:>7} {:>6} {:>6} {:>6} {:>6} {:>6}",
        "project",
        "runner",
        "stmts",
        "refused",
        "agree",
        "false",
        "miss",
        "unpars",
        "unknwn",
        "code≠"
    );
    let t = totals(rows);
    for r in rows.iter().chain(std::iter::once(&t)) {
        if let Some(e) = &r.error {
            let _ = writeln!(s, "{:<28} {:<14} NOT RUN: {e}", r.name, r.runner);
            continue;
        }
        let _ = writeln!(
            s,
            "{:<28} {:<14} {:>7} {:>7} {:>7} {:>6} {:>6} {:>6} {:>6} {:>6}",
            r.name,
            r.runner,
            r.statements,
            r.refusals,
            r.agree_ok + r.agree_refused,
            r.false_refusals,
            r.misses,
            r.unparsed,
            r.unknown,
            r.code_differs
        );
    }
    s
}

pub fn markdown(rows: &[Row]) -> String {
    let mut s = String::new();
    let _ = writeln!(
        s,
        "| project | runner | platform | kind | statements | PostgreSQL refusals | agree | false refusals | misses | unparsed | unknown | other SQLSTATE |"
    );
    let _ = writeln!(
        s,
        "|---|---|---|---|---:|---:|---:|---:|---:|---:|---:|---:|"
    );
    let t = totals(rows);
    for r in rows.iter().chain(std::iter::once(&t)) {
        let name = if r.repo.is_empty() {
            format!("**{}**", r.name)
        } else {
            format!("[{}](https://github.com/{})", r.name, r.repo)
        };
        if let Some(e) = &r.error {
            let _ = writeln!(
                s,
                "| {name} | {} | {} | not run: {} |||||||| |",
                r.runner,
                r.platform,
                e.replace('|', "\\|")
            );
            continue;
        }
        let _ = writeln!(
            s,
            "| {name} | {} | {} | {} | {} | {} | {} | {} | {} | {} | {} | {} |",
            r.runner,
            r.platform,
            r.kind,
            r.statements,
            r.refusals,
            r.agree_ok + r.agree_refused,
            r.false_refusals,
            r.misses,
            r.unparsed,
            r.unknown,
            r.code_differs
        );
    }
    let mut reasons: BTreeMap<&str, usize> = BTreeMap::new();
    for r in rows {
        for (why, n) in &r.unknown_reasons {
            *reasons.entry(why.as_str()).or_default() += n;
        }
    }
    if !reasons.is_empty() {
        let _ = writeln!(s, "\nUnknown, by reason:\n");
        for (why, n) in reasons {
            let _ = writeln!(s, "- {n} × {}", why.replace('|', "\\|"));
        }
    }
    s
}
