//! Checking code references against the best schema available: `code-missing-table`,
//! `code-missing-column`, `code-missing-function`. One finding per missing object, with every
//! place the code names it, the closest existing name, and which sources have or lack it.

use super::{CodeRef, ModelMap, RefKind, Usage};
use crate::catalog::{Catalog, ConstraintKind, QualName};
use crate::findings::{Finding, Location, Severity};
use std::collections::{BTreeMap, BTreeSet};

/// What an embedded resource name stands for.
enum Resolved {
    Table(QualName),
    /// A computed relationship or a resource whose columns cannot be known.
    Opaque,
    Missing,
}

fn relation_exists(c: &Catalog, q: &QualName) -> bool {
    c.table(q).is_some() || c.view(q).is_some()
}

/// Resolves an embedded resource `name` under `parent`: a table or view of that name, a
/// foreign-key column or constraint of the parent, or a function (computed relationship).
fn resolve_embed(c: &Catalog, parent: &QualName, name: &str) -> Resolved {
    let direct = QualName::new(&parent.schema, name);
    if relation_exists(c, &direct) {
        return Resolved::Table(direct);
    }
    if let Some(t) = c.table(parent) {
        for con in &t.constraints {
            if let ConstraintKind::ForeignKey {
                columns, ref_table, ..
            } = &con.kind
                && (con.name == name || (columns.len() == 1 && columns[0] == name))
            {
                return Resolved::Table(ref_table.clone());
            }
        }
    }
    // A foreign key of another table, named by its constraint, pointing at the parent.
    for t in c.tables() {
        for con in &t.constraints {
            if let ConstraintKind::ForeignKey { ref_table, .. } = &con.kind
                && con.name == name
                && ref_table == parent
            {
                return Resolved::Table(t.qual_name());
            }
        }
    }
    if c.functions_named(&direct).next().is_some() || c.view(parent).is_some() {
        return Resolved::Opaque;
    }
    Resolved::Missing
}

/// The relation a reference's columns belong to, walking its embed path.
fn resolve_path(c: &Catalog, schema: &str, via: &[String], table: &str) -> Resolved {
    let mut cur = QualName::new(schema, via.first().map(String::as_str).unwrap_or(table));
    if !relation_exists(c, &cur) {
        return Resolved::Missing;
    }
    if via.is_empty() {
        return Resolved::Table(cur);
    }
    for step in via[1..]
        .iter()
        .map(String::as_str)
        .chain(std::iter::once(table))
    {
        match resolve_embed(c, &cur, step) {
            Resolved::Table(t) => cur = t,
            other => return other,
        }
    }
    Resolved::Table(cur)
}

/// Whether the relation has the column, `None` when its columns are unknown.
fn has_column(c: &Catalog, t: &QualName, col: &str) -> Option<bool> {
    if let Some(tbl) = c.table(t) {
        if tbl.column(col).is_some() {
            return Some(true);
        }
    } else if let Some(v) = c.view(t) {
        if v.columns.is_empty() {
            return None;
        }
        if v.columns.iter().any(|x| x.name == col) {
            return Some(true);
        }
    } else {
        return None;
    }
    // A computed column: a function of that name taking the row type.
    let f = QualName::new(&t.schema, col);
    let computed = c.functions_named(&f).any(|func| {
        func.args.iter().any(|a| {
            a.data_type == t.name
                || a.data_type == format!("{}.{}", t.schema, t.name)
                || a.data_type.ends_with(&format!(".{}", t.name))
        })
    });
    Some(computed)
}

/// What the code uses, as [`super::used_objects`], with embedded resources resolved against
/// the catalog: `lead:lead_id(name)` marks the table `lead_id` points to as used.
pub fn used_objects_resolved(
    refs: &[CodeRef],
    models: &[ModelMap],
    catalog: &Catalog,
) -> super::UsedObjects {
    let mut used = super::used_objects(refs, models);
    for r in refs.iter().filter(|r| !r.via.is_empty()) {
        if let Resolved::Table(q) = resolve_path(catalog, &r.schema, &r.via, &r.table) {
            if let (RefKind::Column, Some(c)) = (r.kind, &r.column) {
                used.columns.insert((q.clone(), c.clone()));
            }
            used.tables.insert(q);
        }
    }
    used
}

/// A reference resolved to catalog names (Prisma models mapped to tables).
struct Target {
    kind: RefKind,
    table: QualName,
    via: Vec<String>,
    column: Option<String>,
    usage: Usage,
    location: Location,
}

fn targets(refs: &[CodeRef], models: &[ModelMap]) -> Vec<Target> {
    let mut out = Vec::new();
    for r in refs {
        if r.usage == Usage::Prisma {
            let Some(m) = models.iter().find(|m| m.matches_accessor(&r.table)) else {
                continue;
            };
            let column = match (&r.kind, &r.column) {
                (RefKind::Column, Some(f)) => match m.column(f) {
                    Some(c) => Some(c.to_string()),
                    None => continue, // a relation field, or not a field
                },
                _ => None,
            };
            out.push(Target {
                kind: r.kind,
                table: m.table.clone(),
                via: Vec::new(),
                column,
                usage: r.usage,
                location: r.location.clone(),
            });
        } else {
            out.push(Target {
                kind: r.kind,
                table: QualName::new(&r.schema, &r.table),
                via: r.via.clone(),
                column: r.column.clone(),
                usage: r.usage,
                location: r.location.clone(),
            });
        }
    }
    out
}

#[derive(Default)]
struct Missing {
    locations: Vec<Location>,
    usages: BTreeSet<Usage>,
    columns_used: BTreeSet<String>,
}

impl Missing {
    fn add(&mut self, t: &Target) {
        if !self.locations.contains(&t.location) {
            self.locations.push(t.location.clone());
        }
        self.usages.insert(t.usage);
    }
}

/// Checks references against `best` (labelled `best_label`: `database`, `migrations` …);
/// `others` are further sources, only consulted to say which of them have the object.
pub fn check(
    refs: &[CodeRef],
    best: &Catalog,
    best_label: &str,
    others: &[(&str, &Catalog)],
    models: &[ModelMap],
) -> Vec<Finding> {
    check_explained(refs, best, best_label, others, models, &[])
}

/// Whether a `migration-error` finding says that a migration's `CREATE TABLE` of `table`
/// failed (its object is the table or one of its columns).
fn create_failed(prior: &[Finding], table: &QualName) -> bool {
    let full = table.to_string();
    prior.iter().any(|f| {
        f.rule == "migration-error"
            && (f.object == full
                || f.object == table.name
                || f.object.starts_with(&format!("{full}."))
                || f.object.starts_with(&format!("{}.", table.name)))
            && f.message.to_ascii_uppercase().contains("CREATE TABLE")
    })
}

/// As [`check`], with the findings of the earlier stages (`prior`): a table that a migration
/// tries to create but whose `CREATE TABLE` fails is already reported there (fixing the
/// migration fixes the code), so it is not reported again as `code-missing-table`.
pub fn check_explained(
    refs: &[CodeRef],
    best: &Catalog,
    best_label: &str,
    others: &[(&str, &Catalog)],
    models: &[ModelMap],
    prior: &[Finding],
) -> Vec<Finding> {
    let targets = targets(refs, models);
    let mut tables: BTreeMap<QualName, Missing> = BTreeMap::new();
    let mut columns: BTreeMap<(QualName, String), Missing> = BTreeMap::new();
    let mut functions: BTreeMap<QualName, Missing> = BTreeMap::new();
    let mut fn_args: BTreeMap<(QualName, String), Missing> = BTreeMap::new();

    for t in &targets {
        match t.kind {
            RefKind::Table => {
                let missing = if t.via.is_empty() {
                    !relation_exists(best, &t.table)
                } else {
                    // An embedded resource: missing when its parent resolves and it does not.
                    match resolve_path(
                        best,
                        &t.table.schema,
                        &t.via[..t.via.len() - 1],
                        &t.via[t.via.len() - 1],
                    ) {
                        Resolved::Table(parent) => {
                            matches!(
                                resolve_embed(best, &parent, &t.table.name),
                                Resolved::Missing
                            )
                        }
                        _ => false,
                    }
                };
                if missing {
                    tables.entry(t.table.clone()).or_default().add(t);
                }
            }
            RefKind::Column => {
                let Some(col) = &t.column else { continue };
                let rel = match resolve_path(best, &t.table.schema, &t.via, &t.table.name) {
                    Resolved::Table(q) => q,
                    Resolved::Missing if t.via.is_empty() => {
                        if let Some(m) = tables.get_mut(&t.table) {
                            m.columns_used.insert(col.clone());
                        } else {
                            let mut m = Missing::default();
                            m.columns_used.insert(col.clone());
                            tables.insert(t.table.clone(), m);
                        }
                        continue;
                    }
                    _ => continue,
                };
                if has_column(best, &rel, col) == Some(false) {
                    columns
                        .entry((rel.clone(), col.clone()))
                        .or_default()
                        .add(t);
                }
            }
            RefKind::Function => {
                if best.knowledge.functions && best.functions_named(&t.table).next().is_none() {
                    functions.entry(t.table.clone()).or_default().add(t);
                }
            }
            RefKind::FunctionArg => {
                let Some(arg) = &t.column else { continue };
                if !best.knowledge.functions {
                    continue;
                }
                let fns: Vec<_> = best.functions_named(&t.table).collect();
                if fns.is_empty() {
                    continue; // reported as a missing function
                }
                let unnamed = fns.iter().any(|f| f.args.iter().any(|a| a.name.is_none()));
                let named = fns.iter().any(|f| {
                    f.args
                        .iter()
                        .any(|a| a.name.as_deref() == Some(arg.as_str()))
                });
                if !named && !unnamed {
                    fn_args
                        .entry((t.table.clone(), arg.clone()))
                        .or_default()
                        .add(t);
                }
            }
        }
    }
    // Tables only seen through their columns are not missing-table findings.
    tables.retain(|q, m| !m.locations.is_empty() && !create_failed(prior, q));

    let mut findings = Vec::new();
    for (q, m) in &tables {
        let mut msg = format!(
            "the code uses table {q} {}; {}",
            places(&m.locations),
            phrase(best_label, false)
        );
        let suggestion = suggest_table(best, q);
        if let Some(s) = &suggestion {
            msg.push_str(&format!("; did you mean {s}?"));
        }
        let mut f = Finding::new("code-missing-table", Severity::Critical, q.to_string(), msg)
            .expected("code", format!("table {q} ({})", usages(&m.usages)))
            .actual(best_label, "no such table")
            .impact("Every query on it fails at run time (PostgREST 404 / 42P01).");
        f = f.evidence(sources_sentence(best_label, best, others, |c| {
            relation_exists(c, q)
        }));
        if !m.columns_used.is_empty() {
            f = f.evidence(format!(
                "columns the code uses on it: {}",
                m.columns_used
                    .iter()
                    .cloned()
                    .collect::<Vec<_>>()
                    .join(", ")
            ));
        }
        let cols: Vec<String> = m
            .columns_used
            .iter()
            .map(|c| {
                format!(
                    "  {} {}",
                    crate::catalog::quote_ident(c),
                    guess_type(best, c)
                )
            })
            .collect();
        let mut fix = format!(
            "CREATE TABLE {} (\n{}\n);",
            q.to_sql(),
            if cols.is_empty() {
                "  id uuid PRIMARY KEY DEFAULT gen_random_uuid()".to_string()
            } else {
                cols.join(",\n")
            }
        );
        if let Some(s) = &suggestion {
            fix.push_str(&format!("\n-- or change the code to use {s}"));
        }
        f = f.fix(fix);
        f.locations = m.locations.clone();
        findings.push(f);
    }
    for ((q, col), m) in &columns {
        let mut msg = format!(
            "the code uses column {col} of {q} {}; {}",
            places(&m.locations),
            phrase(best_label, false)
        );
        let suggestion = suggest_column(best, q, col);
        if let Some(s) = &suggestion {
            msg.push_str(&format!("; did you mean {s}?"));
        }
        let object = format!("{q}.{col}");
        let mut f = Finding::new("code-missing-column", Severity::High, object, msg)
            .expected("code", format!("column {col} ({})", usages(&m.usages)))
            .actual(best_label, "no such column")
            .impact("The query fails at run time (PostgREST 400 / 42703) and the feature using it breaks.");
        f = f.evidence(sources_sentence(best_label, best, others, |c| {
            has_column(c, q, col) == Some(true)
        }));
        let mut fix = format!(
            "ALTER TABLE {} ADD COLUMN {} {};",
            q.to_sql(),
            crate::catalog::quote_ident(col),
            guess_type(best, col)
        );
        if let Some(s) = &suggestion {
            fix.push_str(&format!("\n-- or change the code to use {s}"));
        }
        f = f.fix(fix);
        f.locations = m.locations.clone();
        findings.push(f);
    }
    for (q, m) in &functions {
        let mut msg = format!(
            "the code calls function {q} {}; {} (no function of that name)",
            places(&m.locations),
            phrase(best_label, false)
        );
        let suggestion = suggest_function(best, q);
        if let Some(s) = &suggestion {
            msg.push_str(&format!("; did you mean {s}?"));
        }
        let mut f = Finding::new(
            "code-missing-function",
            Severity::Critical,
            q.to_string(),
            msg,
        )
        .expected("code", format!("function {q}"))
        .actual(best_label, "no such function")
        .impact("The call fails at run time (PostgREST PGRST202).");
        f = f.evidence(sources_sentence(best_label, best, others, |c| {
            c.functions_named(q).next().is_some()
        }));
        f.locations = m.locations.clone();
        findings.push(f);
    }
    for ((q, arg), m) in &fn_args {
        let takes: BTreeSet<String> = best
            .functions_named(q)
            .flat_map(|f| f.args.iter().filter_map(|a| a.name.clone()))
            .collect();
        let msg = format!(
            "the code calls {q} with argument {arg} {}, but no version of it in {best_label} takes that argument (it takes: {})",
            places(&m.locations),
            if takes.is_empty() {
                "no arguments".to_string()
            } else {
                takes.into_iter().collect::<Vec<_>>().join(", ")
            }
        );
        let mut f = Finding::new(
            "code-missing-function",
            Severity::High,
            format!("{q}({arg})"),
            msg,
        )
        .expected("code", format!("{q}({arg} => …)"))
        .actual(best_label, "no such argument")
        .impact(
            "PostgREST finds no function with these argument names (PGRST202); the call fails.",
        );
        f.locations = m.locations.clone();
        findings.push(f);
    }
    findings
}

fn places(locs: &[Location]) -> String {
    let files: BTreeSet<&str> = locs.iter().filter_map(|l| l.path.as_deref()).collect();
    match (locs.len(), files.len()) {
        (1, _) => format!("at {}", locs[0].display()),
        (n, 1) => format!(
            "in {n} places in {}",
            files.iter().next().copied().unwrap_or("")
        ),
        (n, f) => format!("in {n} places in {f} files"),
    }
}

fn usages(u: &BTreeSet<Usage>) -> String {
    u.iter().map(|x| x.as_str()).collect::<Vec<_>>().join(", ")
}

/// "no migration creates it; the database lacks it; Prisma declares it".
fn sources_sentence(
    best_label: &str,
    best: &Catalog,
    others: &[(&str, &Catalog)],
    has: impl Fn(&Catalog) -> bool,
) -> String {
    let mut parts = vec![phrase(best_label, has(best))];
    for (label, c) in others {
        parts.push(phrase(label, has(c)));
    }
    parts.join("; ")
}

fn phrase(label: &str, has: bool) -> String {
    let l = label.to_ascii_lowercase();
    if l.contains("migration") || l.contains("schema-file") || l == "sql" {
        if has {
            "the migrations create it".into()
        } else {
            "no migration creates it".into()
        }
    } else if l.contains("database") || l == "db" || l == "live" || l == "production" {
        if has {
            "the database has it".into()
        } else {
            "the database lacks it".into()
        }
    } else if l.contains("prisma") {
        if has {
            "Prisma declares it".into()
        } else {
            "Prisma does not declare it".into()
        }
    } else if l.contains("types") {
        if has {
            "the generated types have it".into()
        } else {
            "the generated types lack it".into()
        }
    } else if l.contains("openapi") {
        if has {
            "the API document (OpenAPI) has it".into()
        } else {
            "the API document (OpenAPI) lacks it".into()
        }
    } else if has {
        format!("{label} has it")
    } else {
        format!("{label} lacks it")
    }
}

/// `orgId` / `org_id` / `OrgID` compare equal.
fn squash(s: &str) -> String {
    s.chars()
        .filter(|c| *c != '_')
        .flat_map(|c| c.to_lowercase())
        .collect()
}

fn similarity(a: &str, b: &str) -> f64 {
    let (sa, sb) = (squash(a), squash(b));
    if sa == sb {
        return 1.0;
    }
    let singular = |s: &str| s.trim_end_matches('s').to_string();
    if singular(&sa) == singular(&sb) {
        return 0.97;
    }
    let lev = strsim::normalized_damerau_levenshtein(&sa, &sb);
    let jw = strsim::jaro_winkler(&sa, &sb);
    lev.max(jw - 0.1)
}

fn best_match<'a>(name: &str, candidates: impl Iterator<Item = &'a str>) -> Option<String> {
    let mut best: Option<(f64, &str)> = None;
    for c in candidates {
        let s = similarity(name, c);
        if s >= 0.75 && best.is_none_or(|(b, _)| s > b) {
            best = Some((s, c));
        }
    }
    best.map(|(_, c)| c.to_string())
}

fn suggest_table(c: &Catalog, q: &QualName) -> Option<String> {
    let same: Vec<String> = c
        .schemas
        .get(&q.schema)
        .map(|s| s.tables.keys().chain(s.views.keys()).cloned().collect())
        .unwrap_or_default();
    if let Some(m) = best_match(&q.name, same.iter().map(String::as_str)) {
        return Some(QualName::new(&q.schema, m).to_string());
    }
    // The same name in another schema.
    c.tables()
        .map(|t| t.qual_name())
        .chain(c.views().map(|v| v.qual_name()))
        .find(|t| t.name == q.name)
        .map(|t| t.to_string())
}

fn suggest_column(c: &Catalog, t: &QualName, col: &str) -> Option<String> {
    let names: Vec<String> = match c.table(t) {
        Some(tbl) => tbl.columns.iter().map(|x| x.name.clone()).collect(),
        None => c
            .view(t)
            .map(|v| v.columns.iter().map(|x| x.name.clone()).collect())
            .unwrap_or_default(),
    };
    best_match(col, names.iter().map(String::as_str))
}

fn suggest_function(c: &Catalog, q: &QualName) -> Option<String> {
    let names: BTreeSet<String> = c
        .schemas
        .get(&q.schema)
        .map(|s| s.functions.values().map(|f| f.name.clone()).collect())
        .unwrap_or_default();
    best_match(&q.name, names.iter().map(String::as_str))
        .map(|m| QualName::new(&q.schema, m).to_string())
}

/// A column type for a fix: the type a same-named column has elsewhere, else by convention.
fn guess_type(c: &Catalog, col: &str) -> String {
    let mut counts: BTreeMap<&str, usize> = BTreeMap::new();
    for t in c.tables() {
        if let Some(x) = t.column(col) {
            *counts.entry(x.data_type.as_str()).or_default() += 1;
        }
    }
    if let Some((ty, _)) = counts.into_iter().max_by_key(|(_, n)| *n) {
        return ty.to_string();
    }
    let l = col.to_ascii_lowercase();
    if l == "id" || l.ends_with("_id") || l.ends_with("id") && col.ends_with("Id") {
        "uuid".into()
    } else if l.ends_with("_at") || l.ends_with("at") && col.ends_with("At") {
        "timestamp with time zone".into()
    } else if l.starts_with("is_") || l.starts_with("has_") {
        "boolean".into()
    } else {
        "text".into()
    }
}
