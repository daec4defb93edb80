//! Migration status against the live database: which migrations it has not received
//! (`pending-migration`), and which of those would fail if applied now
//! (`migration-conflict`, by replaying them on top of the live catalog).

use crate::catalog::{Catalog, Origin};
use crate::findings::{Finding, Location, Severity};
use crate::replay::{Replay, ReplayOptions};

/// One migration file, in run order.
pub struct MigrationText<'a> {
    /// As shown in findings (relative to the project).
    pub display: &'a str,
    pub text: &'a str,
    /// What the runner records: the Supabase version, the Prisma folder name.
    pub version: Option<String>,
}

/// What the database's history table says was applied.
pub struct History<'a> {
    /// e.g. `supabase_migrations.schema_migrations`.
    pub table: &'a str,
    pub applied: &'a [String],
}

/// The objects a file created, by their finding names, from the replayed catalog's
/// provenance: each with whether the live catalog has it.
fn effects(replayed: &Catalog, live: &Catalog, file: &str) -> Vec<(String, bool)> {
    let from = |o: &Option<Origin>| o.as_ref().is_some_and(|o| o.file.as_deref() == Some(file));
    let mut out = Vec::new();
    for t in replayed.tables() {
        let q = t.qual_name();
        let lt = live.table(&q);
        if from(&t.origin) {
            out.push((format!("table {q}"), lt.is_some()));
        }
        for c in &t.columns {
            if from(&c.origin) && !from(&t.origin) {
                out.push((
                    format!("column {q}.{}", c.name),
                    lt.is_some_and(|l| l.column(&c.name).is_some()),
                ));
            }
        }
        for i in &t.indexes {
            if from(&i.origin) {
                out.push((
                    format!("index {}", i.name),
                    lt.is_some_and(|l| l.indexes.iter().any(|x| x.name == i.name)),
                ));
            }
        }
        for p in &t.policies {
            if from(&p.origin) {
                out.push((
                    format!("policy \"{}\" on {q}", p.name),
                    lt.is_some_and(|l| l.policy(&p.name).is_some()),
                ));
            }
        }
        for tr in &t.triggers {
            if from(&tr.origin) {
                out.push((
                    format!("trigger {} on {q}", tr.name),
                    lt.is_some_and(|l| l.trigger(&tr.name).is_some()),
                ));
            }
        }
    }
    for f in replayed.functions() {
        if from(&f.origin) {
            let has = live
                .schema(&f.schema)
                .is_some_and(|s| s.functions.contains_key(&f.key()));
            out.push((format!("function {}", f.display_name()), has));
        }
    }
    for v in replayed.views() {
        if from(&v.origin) {
            out.push((
                format!("view {}", v.qual_name()),
                live.view(&v.qual_name()).is_some(),
            ));
        }
    }
    out
}

/// `pending-migration` and `migration-conflict` findings.
pub fn migration_status(
    files: &[MigrationText],
    replayed: &Catalog,
    live: &Catalog,
    history: Option<&History>,
    db_id: &str,
    opts: ReplayOptions,
) -> Vec<Finding> {
    let mut findings = Vec::new();
    let mut pending: Vec<&MigrationText> = Vec::new();
    for f in files {
        match (history, &f.version) {
            (Some(h), Some(v)) => {
                if h.applied.contains(v) {
                    continue;
                }
                pending.push(f);
                findings.push(
                    Finding::new(
                        "pending-migration",
                        Severity::Low,
                        f.display.to_string(),
                        format!(
                            "{} (version {v}) has not been applied to the database: {} does not list it",
                            f.display, h.table
                        ),
                    )
                    .at(Location::file("migrations", f.display, 1, 1))
                    .evidence(format!(
                        "{} lists {} version(s): {}",
                        h.table,
                        h.applied.len(),
                        h.applied.join(", ")
                    ))
                    .impact("The database lacks what this migration creates; code written for it fails until it is applied.")
                    .fix("supabase db push   # or apply the file and record its version"),
                );
            }
            _ => {
                let eff = effects(replayed, live, f.display);
                let absent: Vec<&String> =
                    eff.iter().filter(|(_, has)| !has).map(|(n, _)| n).collect();
                if eff.is_empty() || absent.is_empty() {
                    continue;
                }
                pending.push(f);
                let all = absent.len() == eff.len();
                let mut fd = Finding::new(
                    "pending-migration",
                    Severity::Low,
                    f.display.to_string(),
                    if all {
                        format!(
                            "{} has not been applied to the database: none of the {} object(s) it creates is there",
                            f.display,
                            eff.len()
                        )
                    } else {
                        format!(
                            "{} has not been (fully) applied to the database: {} of the {} object(s) it creates are missing",
                            f.display,
                            absent.len(),
                            eff.len()
                        )
                    },
                )
                .at(Location::file("migrations", f.display, 1, 1))
                .impact("The database lacks what this migration creates; code written for it fails until it is applied.");
                fd.confidence = Some(if all { 0.9 } else { 0.7 });
                fd.evidence = absent
                    .iter()
                    .take(8)
                    .map(|n| format!("the database has no {n}"))
                    .collect();
                if !all {
                    fd.evidence.push(format!(
                        "present: {}",
                        eff.iter()
                            .filter(|(_, has)| *has)
                            .map(|(n, _)| n.as_str())
                            .take(5)
                            .collect::<Vec<_>>()
                            .join(", ")
                    ));
                }
                findings.push(fd);
            }
        }
    }
    if pending.is_empty() {
        return findings;
    }
    // replay the pending migrations, in order, on top of what the database has
    let mut replay = Replay::on_catalog(opts, live);
    for f in &pending {
        let before = replay.findings.len();
        replay.run_file(&crate::replay::SqlFile {
            path: f.display,
            text: f.text,
        });
        let errors: Vec<Finding> = replay.findings[before..]
            .iter()
            .filter(|x| x.rule == "migration-error")
            .cloned()
            .collect();
        replay.findings.truncate(before);
        for e in errors {
            let reason = e
                .message
                .split_once(" fails: ")
                .map(|(_, r)| {
                    r.split(". On a real deploy")
                        .next()
                        .unwrap_or(r)
                        .to_string()
                })
                .unwrap_or(e.message.clone());
            let line = e.locations.first().and_then(|l| l.line).unwrap_or(1);
            let mut c = Finding::new(
                "migration-conflict",
                Severity::High,
                e.object.clone(),
                format!(
                    "{}:{line}: applying this pending migration to the database fails: {reason}",
                    f.display
                ),
            )
            .impact("Deploying the migrations stops at this statement: its file rolls back and the ones after it are not applied.")
            .evidence(format!("replayed on top of the {db_id} catalog"));
            c.locations = e.locations.clone();
            c.sqlstate = e.sqlstate.clone();
            c.fix = e.fix.clone();
            findings.push(c);
        }
    }
    findings
}
