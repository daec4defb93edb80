//! What PostgreSQL records as depending on an object (pg_depend), as far as the catalog keeps
//! it: a DROP without CASCADE is refused while they exist (2BP01), a DROP … CASCADE removes
//! them too. Function bodies are not dependencies (PostgreSQL does not look into them).

use super::{PgError, Replay};
use crate::catalog::QualName;

/// An object that depends on another, as PostgreSQL's DETAIL names it.
#[derive(Clone, Debug, PartialEq, Eq)]
pub(crate) enum Dependent {
    View(QualName),
    /// (table, policy name)
    Policy(QualName, String),
    /// (table, trigger name)
    Trigger(QualName, String),
}

impl Dependent {
    fn describe(&self) -> String {
        match self {
            Dependent::View(v) => format!("view {}", v.name),
            Dependent::Policy(t, p) => format!("policy {p} on table {}", t.name),
            Dependent::Trigger(t, tr) => format!("trigger {tr} on table {}", t.name),
        }
    }
}

impl Replay {
    /// The views and policies whose expressions read the relation `q` (a policy of `q` itself
    /// goes with its table and is not counted).
    pub(crate) fn relation_dependents(&self, q: &QualName) -> Vec<Dependent> {
        let mut out: Vec<Dependent> = self
            .catalog
            .views()
            .filter(|v| v.qual_name() != *q && v.references.tables.contains(q))
            .map(|v| Dependent::View(v.qual_name()))
            .collect();
        for t in self.catalog.tables() {
            if t.qual_name() == *q {
                continue;
            }
            out.extend(
                t.policies
                    .iter()
                    .filter(|p| p.references.tables.contains(q))
                    .map(|p| Dependent::Policy(t.qual_name(), p.name.clone())),
            );
        }
        out
    }

    /// The triggers that run the function `q`, and the views and policies that call it. A
    /// call is known by name only, so a name with several overloads counts only triggers.
    pub(crate) fn function_dependents(&self, q: &QualName) -> Vec<Dependent> {
        let overloads = self
            .catalog
            .schema(&q.schema)
            .map(|s| s.functions.values().filter(|f| f.name == q.name).count())
            .unwrap_or(0);
        let mut out = Vec::new();
        for t in self.catalog.tables() {
            out.extend(
                t.triggers
                    .iter()
                    .filter(|tr| tr.function == *q)
                    .map(|tr| Dependent::Trigger(t.qual_name(), tr.name.clone())),
            );
        }
        if overloads == 1 {
            out.extend(
                self.catalog
                    .views()
                    .filter(|v| v.references.functions.contains(q))
                    .map(|v| Dependent::View(v.qual_name())),
            );
            for t in self.catalog.tables() {
                out.extend(
                    t.policies
                        .iter()
                        .filter(|p| p.references.functions.contains(q))
                        .map(|p| Dependent::Policy(t.qual_name(), p.name.clone())),
                );
            }
        }
        out
    }

    /// PostgreSQL's refusal of `DROP <what> <name>` while `dependents` exist.
    pub(crate) fn still_depended_on(what: &str, name: &str, dependents: &[Dependent]) -> PgError {
        let detail = dependents
            .iter()
            .map(|d| format!("{} depends on {what} {name}", d.describe()))
            .collect::<Vec<_>>()
            .join("\n");
        PgError::new(
            "2BP01",
            format!("cannot drop {what} {name} because other objects depend on it"),
        )
        .detail(detail)
        .hint("Use DROP ... CASCADE to drop the dependent objects too.")
    }

    /// DROP … CASCADE: the dependents go first, and what depends on a dropped view with it.
    pub(crate) fn drop_dependents(&mut self, dependents: Vec<Dependent>) {
        let mut todo = dependents;
        let mut seen = Vec::new();
        while let Some(d) = todo.pop() {
            if seen.contains(&d) {
                continue;
            }
            seen.push(d.clone());
            match &d {
                Dependent::View(v) => {
                    todo.extend(self.relation_dependents(v));
                    if let Some(s) = self.catalog.schema_mut(&v.schema) {
                        s.views.remove(&v.name);
                    }
                }
                Dependent::Policy(t, p) => {
                    if let Some(t) = self.catalog.table_mut(t) {
                        t.policies.retain(|x| x.name != *p);
                    }
                }
                Dependent::Trigger(t, tr) => {
                    if let Some(t) = self.catalog.table_mut(t) {
                        t.triggers.retain(|x| x.name != *tr);
                    }
                }
            }
        }
    }
}
